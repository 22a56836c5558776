/**
 * npm run eval:translation — how well the translation signal (`signals.translation.risk`) and its
 * candidate building blocks order translations by their quality and tell machine-translated pages
 * from genuine ones, by half; and what the signal costs per 1,000 words.
 *
 * Data (evaluation only):
 *   ../shared/data/translation/mqm_generalMT2023_zhen.dev.tsv.gz  ten systems' English output of 22
 *     Chinese news documents with expert MQM ratings (WMT 2023). A document's MQM is the mean over
 *     its segments of the mean over raters of the weighted errors (Major 5, Minor 1, Minor
 *     punctuation 0.1, Non-translation 25; lower is better).
 *   eval-data/translation/pages.jsonl   real machine-translated pages and human-translated ones
 *   eval-data/spin/genuine.jsonl        genuine news, native and non-native outlets
 *
 * Measures (risk: higher = worse English):
 *   signal risk     the translation signal of the report (markers and fluency)
 *   lm-perplexity   minus the mean log10 P(word | two before) under the language model
 *   lm-flatness     the mean log10 P itself (a too-probable, flattened text scores high)
 *   unattested      share of lower-case words whose bigram with the word before the model never saw
 *   translationese  openers and formulas of translated copy, per 1,000 words (the list below)
 *
 * Figures: pairwise accuracy (two translations of one document whose MQM differs by at least 1 point
 * per segment: does the measure order them as the translators did?), system-level Kendall tau, and
 * for the pages the AUC of MT against genuine and human-translated pages. Halves: FNV-1a of the
 * document id (MQM) or of the site (pages), even = tuning, odd = test.
 *
 *   npx tsx scripts/eval/translation.ts [--data DIR]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildDoc } from '../../src/core/doc.ts';
import { analyze } from '../../src/core/analyze.ts';
import { fluencyOf, movingTtr } from '../../src/core/analyzers/translation.ts';
import type { LanguageModel } from '../../src/core/lm/model.ts';
import type { CompiledRuleset } from '../../src/core/rules/compiled.ts';
import { loadRules } from './rules.ts';
import { halfOf } from './spin.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = process.argv.includes('--data') ? process.argv[process.argv.indexOf('--data') + 1] : join(repo, '../shared/data');

/** Openers and formulas of translated news copy, written for this evaluation. */
const TRANSLATIONESE = /\b(recall that|it should be noted that|it is worth noting that|it is worth mentioning that|in turn,|at the same time,|in this regard,|in this connection|as is known,|it is reported that|according to the source,|the relevant departments|actively promote|further strengthen|comprehensively)/gi;

type Measure = 'signal risk' | 'lm-perplexity' | 'lm-flatness' | 'unattested' | 'translationese' | 'word-commonness' | 'low-diversity';
const MEASURES: Measure[] = ['signal risk', 'lm-perplexity', 'lm-flatness', 'unattested', 'translationese', 'word-commonness', 'low-diversity'];
/** Wall time of the translation analyzer, and words, over every document scored. */
const cost = { ms: 0, words: 0 };

function measures(rules: CompiledRuleset, lm: LanguageModel, text: string): Record<Measure, number> & { worstSentences: number; words: number; flagged: boolean; meanLogProb: number | null; diversity: number | null } {
  const report = analyze({ text }, rules, { origin: 'file' });
  cost.ms += report.stats.timings.translation ?? 0;
  cost.words += report.stats.words;
  const fl = report.signals.translation.details?.fluency as { meanLogProb: number; diversity: number } | null | undefined;
  const doc = buildDoc({ text });
  const t = doc.tokens;
  let lp = 0;
  let n = 0;
  let uni = 0;
  let pairs = 0;
  const forms: number[] = [];
  let unseen = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i].kind !== 'word') continue;
    const w = lm.id(t[i].norm);
    const p1 = t[i].sentStart ? lm.bos : i > 0 && t[i - 1].kind === 'word' && t[i - 1].line === t[i].line ? lm.id(t[i - 1].norm) : -1;
    const p2 = p1 >= 0 && p1 !== lm.bos && i > 1 && t[i - 2].kind === 'word' && !t[i - 1].sentStart ? lm.id(t[i - 2].norm) : -1;
    if (w >= 0) {
      lp += lm.logProb(p2, p1, w);
      uni += lm.unigram(w);
      n++;
    }
    forms.push(t[i].type);
    if (w >= 0 && p1 >= 0 && p1 !== lm.bos && t[i].caps === 'lower') {
      pairs++;
      if (!lm.hasBigram(p1, w)) unseen++;
    }
  }
  const mean = lp / Math.max(n, 1);
  return {
    worstSentences: report.findings.filter((f) => f.rule === 'translation.fluency').length,
    words: report.stats.words,
    'signal risk': report.signals.translation.risk,
    flagged: report.signals.translation.flagged,
    meanLogProb: fl ? fl.meanLogProb : null,
    diversity: fl ? fl.diversity : null,
    'lm-perplexity': -mean,
    'lm-flatness': mean,
    unattested: unseen / Math.max(pairs, 1),
    translationese: ((text.match(TRANSLATIONESE) ?? []).length * 1000) / Math.max(doc.words, 1),
    'word-commonness': uni / Math.max(n, 1),
    'low-diversity': -movingTtr(forms, doc.types.length),
  };
}

const MQM_WEIGHT = (category: string, severity: string) =>
  severity === 'Major' ? (category.startsWith('Non-translation') ? 25 : 5) : severity === 'Minor' ? (category === 'Fluency/Punctuation' ? 0.1 : 1) : 0;

interface SystemDoc {
  system: string;
  doc: string;
  mqm: number;
  text: string;
}

function loadMqm(): SystemDoc[] {
  const file = join(dataDir, 'translation/mqm_generalMT2023_zhen.dev.tsv.gz');
  if (!existsSync(file)) return [];
  const segs = new Map<string, { text: string; raters: Map<string, number> }>();
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n').slice(1)) {
    const [system, doc, segId, , rater, , target, category, severity] = line.split('\t');
    const key = `${system}\t${doc}\t${segId}`;
    let s = segs.get(key);
    if (!s) segs.set(key, (s = { text: target.replace(/<\/?v>/g, ''), raters: new Map() }));
    s.raters.set(rater, (s.raters.get(rater) ?? 0) + MQM_WEIGHT(category, severity));
  }
  const docs = new Map<string, { system: string; doc: string; sum: number; n: number; segs: Array<[number, string]> }>();
  for (const [key, s] of segs) {
    const [system, doc, segId] = key.split('\t');
    const k = `${system}\t${doc}`;
    let d = docs.get(k);
    if (!d) docs.set(k, (d = { system, doc, sum: 0, n: 0, segs: [] }));
    const scores = [...s.raters.values()];
    d.sum += scores.reduce((a, b) => a + b, 0) / scores.length;
    d.n++;
    d.segs.push([Number(segId), s.text]);
  }
  return [...docs.values()].map((d) => ({ system: d.system, doc: d.doc, mqm: d.sum / d.n, text: d.segs.sort((a, b) => a[0] - b[0]).map((x) => x[1]).join('\n') }));
}

/** Kendall tau-a of two paired lists. */
function kendall(x: number[], y: number[]): number {
  let c = 0;
  let d = 0;
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) {
      const s = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (s > 0) c++;
      else if (s < 0) d++;
    }
  return (c - d) / ((x.length * (x.length - 1)) / 2);
}

/** Area under the ROC curve of `pos` against `neg` (ties count half). */
function auc(pos: number[], neg: number[]): number {
  let s = 0;
  for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0;
  return s / Math.max(pos.length * neg.length, 1);
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

function main() {
  const rules = loadRules(join(repo, 'rules/dist/ruleset.json'));
  const lm = rules.lm;
  if (!lm) {
    console.log('eval:translation: no language model (rules/dist/lm.bin): nothing to measure');
    return;
  }
  console.log(`eval:translation — rule set ${rules.version}, language model ${lm.label}\n`);
  // Warm the JIT as a Worker isolate that has served requests is: the cost below is steady-state.
  const warm = loadMqm().slice(0, 30);
  for (const d of warm) measures(rules, lm, d.text);
  cost.ms = 0;
  cost.words = 0;
  const mqm = loadMqm().map((d) => ({ ...d, half: halfOf(d.doc), m: measures(rules, lm, d.text) }));
  if (mqm.length) {
    console.log(`## MQM (WMT 2023 zh-en, ${new Set(mqm.map((d) => d.system)).size} systems × ${new Set(mqm.map((d) => d.doc)).size} documents)\n`);
    const rows: string[][] = [];
    for (const half of ['tuning', 'test', 'all'] as const) {
      const ds = mqm.filter((d) => half === 'all' || d.half === half);
      const byDoc = new Map<string, typeof ds>();
      for (const d of ds) (byDoc.get(d.doc) ?? byDoc.set(d.doc, []).get(d.doc)!).push(d);
      for (const k of MEASURES) {
        let agree = 0;
        let pairs = 0;
        for (const list of byDoc.values())
          for (let i = 0; i < list.length; i++)
            for (let j = i + 1; j < list.length; j++) {
              const a = list[i];
              const b = list[j];
              if (Math.abs(a.mqm - b.mqm) < 1 || a.m[k] === b.m[k]) continue;
              pairs++;
              if (a.m[k] > b.m[k] === a.mqm > b.mqm) agree++;
            }
        const systems = [...new Set(ds.map((d) => d.system))];
        const sysMqm = systems.map((s) => ds.filter((d) => d.system === s).reduce((a, d) => a + d.mqm, 0));
        const sysRisk = systems.map((s) => ds.filter((d) => d.system === s).reduce((a, d) => a + d.m[k], 0));
        rows.push([half, k, String(byDoc.size), String(pairs), f3(agree / Math.max(pairs, 1)), f3(kendall(sysRisk, sysMqm))]);
      }
    }
    const w = [6, 15, 5, 6, 9, 10];
    const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i])).join('  ');
    console.log(line(['half', 'measure', 'docs', 'pairs', 'pairwise', 'system tau']));
    for (const r of rows) console.log(line(r));
  } else console.log('MQM data not found: skipped');

  const rd = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { site: string; label: string; group?: string; text: string }) : []);
  const pages = [...rd(join(repo, 'eval-data/translation/pages.jsonl')), ...rd(join(repo, 'eval-data/spin/genuine.jsonl'))].map((p) => ({
    ...p,
    half: halfOf(p.site),
    kind: p.label === 'mt' ? 'mt' : p.label === 'human' ? 'human-translated' : p.group === 'non-native' ? 'genuine non-native' : 'genuine native',
    m: measures(rules, lm, p.text),
  }));
  if (pages.length) {
    console.log(`\n## Pages (eval-data): AUC of machine-translated pages against each other kind (0.5 = no better than chance)\n`);
    const kinds = ['human-translated', 'genuine native', 'genuine non-native'];
    console.log(['half', 'measure', ...kinds.map((k) => `vs ${k}`)].map((c, i) => c.padEnd(i === 1 ? 15 : i === 0 ? 6 : 22)).join('  '));
    for (const half of ['tuning', 'test'] as const) {
      const ps = pages.filter((p) => p.half === half);
      for (const k of MEASURES) {
        const mt = ps.filter((p) => p.kind === 'mt').map((p) => p.m[k]);
        const cols = kinds.map((kind) => `${f3(auc(mt, ps.filter((p) => p.kind === kind).map((p) => p.m[k])))} (${mt.length}/${ps.filter((p) => p.kind === kind).length})`);
        console.log([half, k, ...cols].map((c, i) => c.padEnd(i === 1 ? 15 : i === 0 ? 6 : 22)).join('  '));
      }
    }
    console.log('\n## Pages flagged by the translation signal\n');
    const allKinds = ['mt', 'human-translated', 'genuine native', 'genuine non-native'];
    for (const half of ['tuning', 'test'] as const) {
      const cells = allKinds.map((kind) => {
        const ps = pages.filter((p) => p.half === half && p.kind === kind);
        return `${kind} ${ps.filter((p) => p.m.flagged).length}/${ps.length}`;
      });
      console.log(`${half.padEnd(7)} ${cells.join('   ')}`);
    }
    // The fluency rule's baseline: genuine pages of the tuning half.
    const base = pages.filter((p) => p.half === 'tuning' && p.kind.startsWith('genuine') && p.m.meanLogProb !== null).map((p) => p.m.meanLogProb!);
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    const sd = Math.sqrt(base.reduce((a, b) => a + (b - mean) ** 2, 0) / base.length);
    console.log(`\ngenuine pages, tuning half: mean log10 P per word ${mean.toFixed(3)}, sd ${sd.toFixed(3)} (${base.length} pages): the fluency rule's genuineMean and genuineSd`);
    const div = pages.filter((p) => p.half === 'tuning' && p.kind.startsWith('genuine') && p.m.diversity !== null).map((p) => p.m.diversity!);
    const dm = div.reduce((a, b) => a + b, 0) / div.length;
    const dsd = Math.sqrt(div.reduce((a, b) => a + (b - dm) ** 2, 0) / div.length);
    console.log(`genuine pages, tuning half: lexical diversity ${dm.toFixed(4)}, sd ${dsd.toFixed(4)}: the fluency rule's diversityMean and diversitySd`);
    const zs = pages.filter((p) => p.half === 'tuning').map((p) => `${p.kind}:${(((p.m.meanLogProb ?? 0) - mean) / sd + (dm - (p.m.diversity ?? dm)) / dsd).toFixed(2)}`);
    const byKind = new Map<string, number[]>();
    for (const x of zs) {
      const [k, v] = x.split(':');
      (byKind.get(k) ?? byKind.set(k, []).get(k)!).push(Number(v));
    }
    for (const [k, v] of byKind) console.log(`  combined z (equal weights), tuning, ${k}: ${v.sort((a, b) => b - a).slice(0, 8).join(' ')} …`);
    // The worst-sentence line: sentences of genuine pages of the tuning half.
    const fr = rules.rules.find((r) => r.kind === 'fluency');
    if (fr && fr.kind === 'fluency') {
      const sents: number[] = [];
      for (const p of pages.filter((x) => x.half === 'tuning' && x.kind.startsWith('genuine'))) {
        const f = fluencyOf({ doc: buildDoc({ text: p.text }), rules } as never, fr);
        for (const s of f?.sentences ?? []) sents.push(s.meanLogProb);
      }
      const sm = sents.reduce((a, b) => a + b, 0) / sents.length;
      const ssd = Math.sqrt(sents.reduce((a, b) => a + (b - sm) ** 2, 0) / sents.length);
      const zs = sents.map((x) => (x - sm) / ssd).sort((a, b) => a - b);
      const q = (p: number) => zs[Math.floor(p * (zs.length - 1))].toFixed(2);
      console.log(`genuine sentences, tuning half: ${sents.length}, mean ${sm.toFixed(3)}, sd ${ssd.toFixed(3)}: the fluency rule's sentenceMean and sentenceSd; z at the 0.5th / 1st / 5th percentile ${q(0.005)} / ${q(0.01)} / ${q(0.05)}`);
      // How many worst-sentence findings each kind of page gets, per 1,000 words.
      for (const half of ['tuning', 'test'] as const) {
        const cells = ['mt', 'human-translated', 'genuine native', 'genuine non-native'].map((kind) => {
          const ps = pages.filter((p) => p.half === half && p.kind === kind);
          const n = ps.reduce((a, p) => a + p.m.worstSentences, 0);
          const w = ps.reduce((a, p) => a + p.m.words, 0);
          return `${kind} ${((n * 1000) / Math.max(w, 1)).toFixed(2)}`;
        });
        console.log(`  worst sentences shown per 1,000 words, ${half}: ${cells.join('   ')}`);
      }
    }
  }
  console.log(`\ntranslation analyzer: ${((cost.ms * 1000) / Math.max(cost.words, 1)).toFixed(3)} ms wall per 1,000 words (${cost.words} words scored, after a warm-up of 30 documents)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
