/**
 * Function words of the languages most common on news pages, for jusText's
 * stop-word density: prose is dense in them, menus, teasers and captions are
 * not. Lists written for this project (the commonest articles, pronouns,
 * prepositions, conjunctions and auxiliaries of each language). English is
 * the project-wide list in ../text/stopwords.ts.
 *
 * Words are looked up by hash (FNV-style, built while the block is read):
 * see `wordHash` and `FUNCTION_WORDS`.
 */
import { STOPWORDS } from '../text/stopwords.ts';

export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl'] as const;
export type Lang = (typeof LANGS)[number];

const LISTS: Record<Exclude<Lang, 'en'>, string> = {
  de: `der die das den dem des ein eine einer eines einem einen und oder aber doch sondern denn ist sind war waren wird werden wurde
wurden worden sein hat haben hatte hatten habe kann können konnte muss müssen soll sollen will wollen würde würden nicht auch noch
schon nur sehr so wie als wenn dass daß ob weil da dann mit von zu zum zur bei beim aus nach für über unter vor auf an am im in ins um
durch gegen ohne bis seit es er sie wir ihr ich du man sich seine seiner seinen seinem ihre ihren ihrem ihrer uns unser unsere mehr
viel viele diese dieser dieses diesen diesem jede jeder jedes alle allem allen kein keine keinen keiner hier dort wo was wer dabei
damit dazu darauf sowie etwa bereits immer wieder jetzt heute nun also zwei drei neue neuen einen dem denen deren dessen`,
  fr: `le la les l un une des du de d et ou mais donc car ni que qu qui quoi dont où ce c cet cette ces son sa ses leur leurs il elle ils
elles on nous vous je j tu se s est sont était étaient été être avoir a ont avait avaient fait faire pas ne n plus moins très aussi
bien comme dans par pour sur avec sans sous entre chez vers en au aux y tout tous toute toutes même autre autres deux trois si quand
lorsque alors lui eux cela ça peut doit selon après avant depuis pendant encore déjà m sera seront`,
  es: `el la los las lo un una unos unas y o pero que quien quienes cuando donde como de del al a en con por para sin sobre entre hasta
desde es son fue fueron ser era eran han ha haber hay está están estaba se su sus le les me mi nos no sí más muy ya también este
esta estos estas ese esa eso esto todo todos toda todas otro otra otros uno dos tres cada porque pues ni tras según durante así
aunque sino e u ante bajo sido será`,
  it: `il lo la i gli le un uno una di del dello della dei degli delle da dal dalla dai in nel nello nella nei con su sul sulla per tra fra
e ed o ma che chi cui non più anche come se è sono era erano essere stato stata stati ha hanno avere questo questa questi quello
quella ci si ne mi ti lui lei loro noi voi suo sua suoi sue molto tutto tutti dopo prima quando dove perché già ancora solo l d dell
nell all sull dall al alla ai`,
  pt: `o a os as um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas para com sem sobre entre e ou mas que quem
quando onde como é são foi foram era ser estar está estão tem têm ter há se seu sua seus suas ele ela eles elas não mais muito também
já este esta isso isto esse essa ao aos à às até porque depois antes num numa`,
  nl: `de het een en of maar dat die dit deze wat wie waar wanneer hoe is zijn was waren wordt worden werd heeft hebben had kan kunnen
moet zal zou niet ook nog al wel geen meer veel van in op aan met voor door bij uit naar over om tot onder tegen zonder er hij zij ze
we wij je jij ik u haar hun ons zich als dan toen want omdat dus nu hier daar`,
  pl: `i w z na do nie się że to jest są był była było byli być od po przez dla o a ale lub czy jak jako już także też tak bardzo tylko
który która które którego których jego jej ich ten ta te tego tej tym przy za przed pod nad między bez oraz więc gdy gdzie co kto
może można jednak jeszcze by będzie ze we ją go mu im ma mają`,
};

/** Lower case of the code units below U+0250 (Latin, Latin-1, Latin Extended-A/B); others map to themselves. */
const LOWER = new Uint16Array(0x250);
for (let c = 0; c < LOWER.length; c++) {
  const l = String.fromCharCode(c).toLowerCase();
  LOWER[c] = l.length === 1 ? l.charCodeAt(0) : c;
}
export const lowerCode = (c: number): number => (c < 0x250 ? LOWER[c] : c);

export const hashStep = (h: number, c: number) => (Math.imul(h, 31) + c) | 0;
export function wordHash(w: string): number {
  let h = 0;
  for (let k = 0; k < w.length; k++) h = hashStep(h, lowerCode(w.charCodeAt(k)));
  return h;
}

/** Function-word hash → bit mask of the languages (bit i: LANGS[i]) whose list has it. */
export const FUNCTION_WORDS = new Map<number, number>();
const addWord = (w: string, lang: number) => {
  const h = wordHash(w);
  FUNCTION_WORDS.set(h, (FUNCTION_WORDS.get(h) ?? 0) | (1 << lang));
};
for (const w of STOPWORDS) addWord(w, 0);
LANGS.forEach((lang, i) => {
  if (lang !== 'en') for (const w of LISTS[lang].split(/\s+/)) if (w) addWord(w, i);
});

/** Elided articles and prepositions (French l', d', qu'; Italian dell', nell'): an apostrophe after one ends the word. */
export const ELISIONS = new Set(['l', 'd', 'qu', 'c', 'j', 'n', 's', 'm', 't', 'dell', 'nell', 'all', 'sull', 'dall', 'un'].map(wordHash));
