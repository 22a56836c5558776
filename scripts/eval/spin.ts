/**
 * npm run eval:spin — the spin signal on text it was not built from, by set
 * and by half, beside the list-only detector (the same rule set with the
 * language model detached: listed phrases, frames and pairs).
 *
 * The list-only detector is v1 as shipped (git 75aec0b: listed phrases, fingerprints, frames,
 * pairs, and v1's calibration).
 *
 * Sets:
 *   1. Real pages (eval-data/spin/): spun pages from the web with the
 *      tortured phrases a reader names, and genuine pages (native outlets,
 *      and non-native or translated outlets: the hard negatives). Halves by
 *      site. Document flags; annotated phrases found, with the right original;
 *      the share of findings on annotated phrases (a lower bound of precision:
 *      annotators miss some).
 *   2. Simulated spinning at 12% of the words (scripts/eval/spinner.ts,
 *      WordNet synonyms word by word) of Wikinews and the trafilatura English
 *      pages, halves by document. The language model's candidates are rebuilt
 *      here WITHOUT WordNet, so the detector does not know the simulator's
 *      thesaurus. Document flags; replaced words found, precision, right
 *      originals.
 *   3. Real substitution pairs put into plain sentences
 *      (../shared/data/spin/pps_tortured_phrases_dev.csv), 5 folds by the
 *      original phrase: the candidates of each fold are rebuilt without that
 *      fold's pairs, so the detector never saw the pair it is tested on.
 *      Found (a context finding on the phrase), right original, and false
 *      alarms on the same sentences with the original phrase.
 *
 * Halves: FNV-1a of the site (pages) or document id (simulated), even =
 * tuning, odd = test; PPS folds 0–1 tuning, 2–4 test. Tune on tuning only.
 *
 *   npx tsx scripts/eval/spin.ts [--data DIR] [--rules FILE] [--sets real,sim,pps] [--json FILE]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analyze.ts';
import { findInContext, type ContextRule } from '../../src/core/analyzers/spin-context.ts';
import { buildDoc } from '../../src/core/doc.ts';
import { LanguageModel } from '../../src/core/lm/model.ts';
import { joinParts, openLmPack } from '../../src/core/lm/pack.ts';
import { withModel, type CompiledRuleset } from '../../src/core/rules/compiled.ts';
import { hashString } from '../../src/core/text/interner.ts';
import { tokenize } from '../../src/core/text/tokenize.ts';
import type { Finding, Report } from '../../src/core/types.ts';
import { assemble, candidateSections, loadInputs, loadPpsRows, modelSections, pairSwaps } from '../build/lm.ts';
import { loadRules } from './rules.ts';
import { loadWordNet, spin } from './spinner.ts';
import { loadSimDocs } from './spin-docs.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const dataDir = arg('--data') ?? process.env.NEWSAUDIT_DATA ?? join(repo, '../shared/data');
const rulesFile = arg('--rules') ?? join(repo, 'rules/dist/ruleset.json');
const sets = new Set((arg('--sets') ?? 'real,sim,pps').split(','));
const SIM_RATE = 0.12;
const SEED = 'newsaudit-eval-spin-v2';

/** FNV-1a of a string's UTF-16 units, unsigned (the tokenizer's hash). */
const fnv = (s: string): number => hashString(s) >>> 0;
export const halfOf = (key: string): 'tuning' | 'test' => (fnv(key) % 2 === 0 ? 'tuning' : 'test');
/** What a page is split by: its `split` family when it has one (near-duplicate spins of one source), else its site. */
export const splitKey = (p: { site: string; split?: string }): string => p.split ?? p.site;

const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
const frac = (a: number, b: number) => (b > 0 ? Math.round((10000 * a) / b) / 10000 : null);
const overlaps = (f: { start: number; end: number }, s: { start: number; end: number }) => f.start < s.end && s.start < f.end;
const spinOf = (r: Report): Finding[] => r.findings.filter((f) => f.signal === 'spin');

function table(head: string[], rows: Array<Array<string | number>>): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r: Array<string | number>) => r.map((c, i) => String(c).padEnd(w[i])).join('  ');
  return [line(head), line(w.map((x) => '-'.repeat(x))), ...rows.map(line)].join('\n');
}

/** Content words of a phrase, folded. */
const wordsOf = (s: string) => tokenize(s).tokens.filter((t) => t.kind === 'word').map((t) => t.norm);

/** Whether a finding's `expected` puts back the annotated original: the words it inserts are words of the original phrase. */
export function rightOriginal(f: Finding, expected: string): boolean {
  if (!f.expected) return false;
  const want = new Set(wordsOf(expected));
  const had = new Set(wordsOf(f.text));
  const inserted = wordsOf(f.expected).filter((w) => !had.has(w));
  const stem = (w: string) => w.replace(/(ies|es|s|ed|ing)$/, '');
  const wantStems = new Set([...want].map(stem));
  return inserted.length > 0 && inserted.every((w) => want.has(w) || wantStems.has(stem(w)));
}

// ---------- 1. real pages ----------

interface Page {
  id: string;
  url: string;
  site: string;
  label: 'spun' | 'genuine';
  group?: string;
  text: string;
  phrases?: Array<{ actual: string; expected: string }>;
  split?: string;
}

function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

interface Tally {
  docs: number;
  flagged: number;
  phrases: number;
  found: number;
  right: number;
  findings: number;
  onPhrase: number;
  words: number;
}
const newTally = (): Tally => ({ docs: 0, flagged: 0, phrases: 0, found: 0, right: 0, findings: 0, onPhrase: 0, words: 0 });

function scorePage(rules: CompiledRuleset, p: Page, t: Tally) {
  const r = analyze({ text: p.text }, rules, { origin: 'file' });
  const fs = spinOf(r);
  t.docs++;
  t.words += r.stats.words;
  if (r.signals.spin.flagged) t.flagged++;
  t.findings += fs.length;
  if (p.label !== 'spun') return r;
  const spans: Array<{ start: number; end: number; expected: string }> = [];
  for (const ph of p.phrases ?? []) {
    let at = r.content.text.indexOf(ph.actual);
    if (at < 0) continue;
    const occ: Array<{ start: number; end: number }> = [];
    while (at >= 0) {
      occ.push({ start: at, end: at + ph.actual.length });
      at = r.content.text.indexOf(ph.actual, at + 1);
    }
    t.phrases++;
    const hit = fs.filter((f) => occ.some((o) => overlaps(f, o)));
    if (hit.length) {
      t.found++;
      if (hit.some((f) => rightOriginal(f, ph.expected))) t.right++;
    }
    for (const o of occ) spans.push({ ...o, expected: ph.expected });
  }
  t.onPhrase += fs.filter((f) => spans.some((s) => overlaps(f, s))).length;
  return r;
}

function realPages(variants: Array<{ name: string; rules: CompiledRuleset }>) {
  const dir = join(repo, 'eval-data/spin');
  const pages = [...readJsonl<Page>(join(dir, 'spun.jsonl')), ...readJsonl<Page>(join(dir, 'genuine.jsonl'))];
  if (!pages.length) {
    console.log('real pages: eval-data/spin/*.jsonl not found: skipped');
    return null;
  }
  const groupOf = (p: Page) => (p.label === 'spun' ? 'spun' : p.group === 'non-native' ? 'genuine non-native' : 'genuine native');
  const lengthOf = (p: Page) => {
    const n = wordsOf(p.text).length;
    return n < 100 ? 'under 100 words' : n < 200 ? '100-199 words' : n < 400 ? '200-399 words' : '400+ words';
  };
  const out: Record<string, Record<string, Tally>> = {};
  const misses: string[] = [];
  const falseFindings: string[] = [];
  for (const v of variants) {
    for (const p of pages) {
      const half = halfOf(splitKey(p));
      for (const key of [`${groupOf(p)}|${half}`, `${groupOf(p)}|all`, `${groupOf(p)}|${lengthOf(p)}`]) {
        out[v.name] ??= {};
        out[v.name][key] ??= newTally();
      }
      const r = scorePage(v.rules, p, out[v.name][`${groupOf(p)}|${half}`]);
      scorePage(v.rules, p, out[v.name][`${groupOf(p)}|all`]);
      scorePage(v.rules, p, out[v.name][`${groupOf(p)}|${lengthOf(p)}`]);
      if (v.name === 'full' && half === 'tuning') {
        if (p.label === 'genuine') for (const f of spinOf(r)) falseFindings.push(`${p.site}: ${f.rule} "${f.text}" → ${f.expected}`);
      }
    }
  }
  const rows: Array<Array<string | number>> = [];
  for (const key of Object.keys(out.full).sort()) {
    const [group, half] = key.split('|');
    for (const v of variants) {
      const t = out[v.name][key];
      const spun = group === 'spun';
      rows.push([
        group, half, v.name, t.docs, spun ? '' : pct(t.flagged, t.docs), spun ? pct(t.flagged, t.docs) : '',
        spun ? `${t.found}/${t.phrases} ${pct(t.found, t.phrases)}` : '', spun ? pct(t.right, t.found) : '',
        spun ? pct(t.onPhrase, t.findings) : '', ((t.findings * 1000) / Math.max(t.words, 1)).toFixed(2),
      ]);
    }
  }
  console.log('\n## Real pages (eval-data/spin), halves by site\n');
  console.log(table(['set', 'half', 'detector', 'docs', 'false flags', 'flagged', 'phrases found', 'right original', 'findings on phrases', 'findings/1k words'], rows));
  if (falseFindings.length) {
    console.log(`\nFindings on genuine pages, tuning half (${falseFindings.length}):`);
    for (const f of falseFindings.slice(0, 40)) console.log(`  ${f}`);
  }
  void misses;
  return out;
}

// ---------- 2. simulated spinning ----------

function simulated(variants: Array<{ name: string; rules: CompiledRuleset }>) {
  const docs = loadSimDocs(dataDir);
  if (!docs.length) {
    console.log('simulated: no Wikinews or trafilatura data: skipped');
    return null;
  }
  const wn = loadWordNet();
  type S = { docs: number; falseFlags: number; flagged: number; spans: number; found: number; findings: number; onSpan: number; right: number };
  const res: Record<string, S> = {};
  const get = (k: string) => (res[k] ??= { docs: 0, falseFlags: 0, flagged: 0, spans: 0, found: 0, findings: 0, onSpan: 0, right: 0 });
  for (const d of docs) {
    const s = spin(d.text, { rate: SIM_RATE, seed: `${SEED}:${d.set}:${d.id}` }, wn);
    const half = halfOf(`${d.set}:${d.id}`);
    const band = d.words < 400 ? '<400 words' : '400+ words';
    for (const v of variants) {
      const g = analyze({ text: d.text }, v.rules, { origin: 'file' });
      const r = analyze({ text: s.text }, v.rules, { origin: 'file' });
      const fs = spinOf(r);
      for (const key of [`${v.name}|${d.set}|${half}`, `${v.name}|all|${half}`, `${v.name}|all|${band}`]) {
        const t = get(key);
        t.docs++;
        if (g.signals.spin.flagged) t.falseFlags++;
        if (r.signals.spin.flagged) t.flagged++;
        t.findings += fs.length;
        for (const f of fs) {
          const on = s.spans.filter((sp) => overlaps(f, sp));
          if (on.length) {
            t.onSpan++;
            if (on.some((sp) => rightOriginal(f, sp.original))) t.right++;
          }
        }
        for (const sp of s.spans) {
          t.spans++;
          if (fs.some((f) => overlaps(f, sp))) t.found++;
        }
      }
    }
  }
  const rows = Object.keys(res)
    .sort()
    .map((k) => {
      const [v, set, half] = k.split('|');
      const t = res[k];
      return [set, half, v, t.docs, pct(t.falseFlags, t.docs), pct(t.flagged, t.docs), pct(t.found, t.spans), pct(t.onSpan, t.findings), pct(t.right, t.onSpan)];
    });
  console.log(`\n## Simulated spinning at ${SIM_RATE * 100}% of the words (WordNet simulator; candidates without WordNet), halves by document\n`);
  console.log(table(['set', 'half', 'detector', 'docs', 'genuine flagged', 'spun flagged', 'replaced words found', 'precision', 'right original'], rows));
  return res;
}

// ---------- 3. real substitution pairs, held out by fold ----------

/** The context detector alone (no listed phrase claims the words first), as the analyzer runs it. */
function contextFindings(rules: CompiledRuleset, text: string): Finding[] {
  const doc = buildDoc({ text });
  const rule = rules.rules.find((r) => r.kind === 'context') as ContextRule;
  return findInContext({ doc, rules } as never, rule, new Uint8Array(doc.tokens.length)).findings;
}

const TEMPLATES = [
  (p: string) => `In this study, the ${p} was measured for all of the samples.`,
  (p: string) => `The authors describe how the ${p} is used in practice.`,
];
const FOLDS = 5;

function ppsFolds(base: CompiledRuleset) {
  const file = join(dataDir, 'spin/pps_tortured_phrases_dev.csv');
  if (!existsSync(file)) {
    console.log('pairs: pps_tortured_phrases_dev.csv not found: skipped');
    return null;
  }
  const inputs = loadInputs();
  if (!inputs) return null;
  const rows = loadPpsRows(file);
  const model = modelSections(inputs.trie);
  const foldOf = (expected: string) => fnv(expected.toLowerCase()) % FOLDS;
  const out: Array<{ fold: number; half: string; items: number; found: number; right: number; originals: number; falseAlarms: number }> = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = rows.filter((r) => foldOf(r.expected) !== k);
    const test = rows.filter((r) => foldOf(r.expected) === k);
    const cand = candidateSections({ ...inputs, pairs: pairSwaps(train), perWord: 24 });
    const lm = new LanguageModel(openLmPack(joinParts(assemble(`fold-${k}`, inputs.trie.words.length, model, cand))));
    const rules = withModel(base, lm);
    const t = { fold: k, half: k < 2 ? 'tuning' : 'test', items: 0, found: 0, right: 0, originals: 0, falseAlarms: 0 };
    for (const r of test) {
      const e = r.expected.replace(/\(.*?\)/g, '').trim();
      for (const tortured of r.tortured) {
        // Only word swaps: same number of words as the original.
        if (wordsOf(tortured).length !== wordsOf(e).length || tortured.toLowerCase() === e.toLowerCase()) continue;
        for (const tpl of TEMPLATES) {
          const text = tpl(tortured);
          const at = text.indexOf(tortured);
          const span = { start: at, end: at + tortured.length };
          const fs = contextFindings(rules, text);
          t.items++;
          const hit = fs.filter((f) => overlaps(f, span));
          if (hit.length) {
            t.found++;
            if (hit.some((f) => rightOriginal(f, e))) t.right++;
          }
          const orig = tpl(e);
          t.originals++;
          if (contextFindings(rules, orig).length) t.falseAlarms++;
        }
      }
    }
    out.push(t);
  }
  console.log('\n## Real substitution pairs in plain sentences, held out by fold (context detector only)\n');
  const sum = (h: string) => out.filter((o) => h === 'all' || o.half === h).reduce((a, o) => ({ items: a.items + o.items, found: a.found + o.found, right: a.right + o.right, originals: a.originals + o.originals, falseAlarms: a.falseAlarms + o.falseAlarms }), { items: 0, found: 0, right: 0, originals: 0, falseAlarms: 0 });
  const rowsOut = [...out.map((o) => [`fold ${o.fold}`, o.half, o.items, pct(o.found, o.items), pct(o.right, o.found), pct(o.falseAlarms, o.originals)]),
    ...['tuning', 'test'].map((h) => { const s = sum(h); return [`all ${h}`, h, s.items, pct(s.found, s.items), pct(s.right, s.found), pct(s.falseAlarms, s.originals)]; })];
  console.log(table(['fold', 'half', 'sentences', 'found', 'right original', 'false alarms on the original'], rowsOut));
  return { folds: out, tuning: sum('tuning'), test: sum('test') };
}

/**
 * The list-only detector: the rule set as v1 shipped it (listed phrases, fingerprints, frames and
 * pairs, its own calibration), read from git at V1_COMMIT; without git, the current set without
 * the language model.
 */
const V1_COMMIT = '75aec0b';
function baselineRules(): CompiledRuleset {
  const file = join(repo, '.tmp/ruleset-v1.json');
  if (!existsSync(file)) {
    try {
      mkdirSync(join(repo, '.tmp'), { recursive: true });
      writeFileSync(file, execFileSync('git', ['show', `${V1_COMMIT}:rules/dist/ruleset.json`], { cwd: repo, maxBuffer: 64 << 20 }));
    } catch {
      console.log(`list-only baseline: git show ${V1_COMMIT} failed; using the current set without the language model`);
      return withModel(loadRules(rulesFile), null);
    }
  }
  return loadRules(file, { lm: false });
}

function main() {
  const t0 = performance.now();
  const full = loadRules(rulesFile);
  if (!full.lm) console.log('warning: no language model loaded (rules/dist/lm.bin): the context detector is off');
  const listOnly = baselineRules();
  const variants = [
    { name: 'full', rules: full },
    { name: 'list-only', rules: listOnly },
  ];
  console.log(`eval:spin — rule set ${full.version}, language model ${full.lm?.label ?? 'none'}`);
  const json: Record<string, unknown> = { ruleset: full.version, lm: full.lm?.label ?? null };
  if (sets.has('real')) json.real = realPages(variants);
  if (sets.has('sim') && existsSync(dataDir)) {
    // The simulator draws from WordNet: detect with candidates that do not come from WordNet.
    const inputs = full.lm ? loadInputs() : null;
    let simFull = full;
    if (inputs) {
      const cand = candidateSections({ ...inputs, wordnet: null, perWord: 24 });
      simFull = withModel(full, new LanguageModel(openLmPack(joinParts(assemble('sim-no-wordnet', inputs.trie.words.length, modelSections(inputs.trie), cand)))));
    }
    json.simulated = simulated([{ name: 'full', rules: simFull }, { name: 'list-only', rules: listOnly }]);
  }
  if (sets.has('pps') && existsSync(dataDir)) json.pairs = ppsFolds(full);
  const out = arg('--json') ?? join(repo, '.tmp/eval-spin.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(json, null, 1));
  console.log(`\n(${((performance.now() - t0) / 1000).toFixed(1)} s; details in ${out})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
