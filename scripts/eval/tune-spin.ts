/**
 * npx tsx scripts/eval/tune-spin.ts — choose the context detector's margins and the spin signal's
 * document decision on the TUNING halves only (real pages by site, simulated spinning by document;
 * see scripts/eval-spin.ts for the halves). Prints the best settings under the false-flag limits.
 *
 * Every word the detector would look at is scored once (margins of all candidates kept); each
 * setting is then applied offline, so the grid is cheap.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analyze.ts';
import { findInContext, type ContextRule } from '../../src/core/analyzers/spin-context.ts';
import { buildDoc } from '../../src/core/doc.ts';
import { LanguageModel } from '../../src/core/lm/model.ts';
import { joinParts, openLmPack } from '../../src/core/lm/pack.ts';
import { withModel, type CompiledRuleset } from '../../src/core/rules/compiled.ts';
import { assemble, candidateSections, loadInputs, modelSections } from '../build-lm.ts';
import { halfOf, splitKey } from '../eval-spin.ts';
import { loadRules } from './rules.ts';
import { loadWordNet, spin } from './spinner.ts';
import { loadSimDocs } from './spin-docs.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = process.env.NEWSAUDIT_DATA ?? join(repo, '../shared/data');

interface DocEv {
  kind: 'genuine' | 'nonnative' | 'spun' | 'sim-genuine' | 'sim-spun' | 'short-genuine';
  words: number;
  listW: number;
  listDistinct: number;
  ev: Array<{ margin: number; attested: boolean; name: boolean; onSwap: boolean; token: number }>;
}

function collect(rules: CompiledRuleset, text: string, kind: DocEv['kind'], swaps?: Array<{ start: number; end: number }>): DocEv {
  const listOnly = withModel(rules, null);
  const r = analyze({ text }, listOnly, { origin: 'file' });
  const sf = r.findings.filter((f) => f.signal === 'spin');
  const listW = sf.reduce((a, f) => a + (rules.rules.find((x) => x.ruleId === f.rule)?.weight ?? 1), 0);
  const doc = buildDoc({ text });
  const base = rules.rules.find((x) => x.kind === 'context') as ContextRule;
  const rule = { ...base, countMargin: -100, showMargin: 1000, capsMargin: 0 } as ContextRule;
  const covered = new Uint8Array(doc.tokens.length);
  const res = findInContext({ doc, rules } as never, rule, covered);
  const ev = res.evidence.map((e) => {
    const t = doc.tokens[e.token];
    return { token: e.token, margin: e.margin, attested: e.attested, name: e.name, onSwap: !!swaps?.some((s) => t.start < s.end && s.start < t.end) };
  });
  return { kind, words: r.stats.words, listW, listDistinct: new Set(sf.map((f) => f.text.toLowerCase())).size, ev };
}

/** The first sentences of a text, up to about `n` words (cut after a sentence end). */
export function shortPrefix(text: string, n: number): string {
  const words = text.split(/(\s+)/);
  let count = 0;
  let out = '';
  for (const w of words) {
    out += w;
    if (w.trim()) count++;
    if (count >= n && /[.!?]["'”]?$/.test(w)) break;
  }
  return out.trim();
}

function main() {
  const full = loadRules(join(repo, 'rules/dist/ruleset.json'));
  const prior = Number(process.env.PRIOR ?? (full.rules.find((x) => x.kind === 'context') as ContextRule).prior);
  const bonus = Number(process.env.BONUS ?? 0);
  const withPrior = (rs: CompiledRuleset) => ({ ...rs, rules: rs.rules.map((x) => (x.kind === 'context' ? { ...x, prior, pairsBonus: bonus } : x)) }) as CompiledRuleset;
  const docs: DocEv[] = [];
  const rd = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  const rulesFull = withPrior(full);
  for (const p of rd(join(repo, 'eval-data/spin/spun.jsonl'))) if (halfOf(splitKey(p)) === 'tuning') docs.push(collect(rulesFull, p.text, 'spun'));
  for (const p of rd(join(repo, 'eval-data/spin/genuine.jsonl'))) if (halfOf(splitKey(p)) === 'tuning') docs.push(collect(rulesFull, p.text, p.group === 'non-native' ? 'nonnative' : 'genuine'));
  // Simulated: candidates without WordNet (the simulator's thesaurus).
  const inputs = loadInputs()!;
  const simRules = withPrior(withModel(full, new LanguageModel(openLmPack(joinParts(assemble('sim', inputs.trie.words.length, modelSections(inputs.trie), candidateSections({ ...inputs, wordnet: null, perWord: 24 })))))));
  const wn = loadWordNet();
  for (const d of loadSimDocs(dataDir)) {
    if (halfOf(`${d.set}:${d.id}`) !== 'tuning') continue;
    docs.push(collect(simRules, d.text, 'sim-genuine'));
    docs.push(collect(rulesFull, shortPrefix(d.text, 60), 'short-genuine'));
    docs.push(collect(rulesFull, shortPrefix(d.text, 120), 'short-genuine'));
    const s = spin(d.text, { rate: 0.12, seed: `newsaudit-eval-spin-v2:${d.set}:${d.id}` }, wn);
    docs.push(collect(simRules, s.text, 'sim-spun', s.spans));
  }
  const count = (k: DocEv['kind']) => docs.filter((d) => d.kind === k).length;
  console.log(`tuning docs: spun ${count('spun')}, genuine ${count('genuine')}, non-native ${count('nonnative')}, simulated ${count('sim-genuine')} (prior ${prior})`);
  const rows: Array<{ key: string; score: number; line: string }> = [];
  for (const show of [2.5, 3, 3.5, 4, 4.5, 5])
    for (const cnt of [1.5, 2, 2.5, 3])
      for (const hw of [0.2, 0.35, 0.5, 0.75])
        for (const half of [3, 4, 6, 8, 10, 12, 15])
          for (const minEv of [1.5, 2, 3])
          for (const floor of [100])
          for (const win of [0])
          {
            if (cnt > show) continue;
            const caps = 1.5;
            const flagged = (d: DocEv) => {
              let w = d.listW;
              let distinct = d.listDistinct;
              const kept = d.ev.filter((e) => e.margin >= cnt + (e.name ? caps : 0));
              for (const e of kept) {
                const need = e.name ? caps : 0;
                // With a window, only evidence that has other evidence near it counts: swaps cluster, stray odd words do not.
                if (win > 0 && !kept.some((x) => x !== e && Math.abs(x.token - e.token) <= win)) continue;
                distinct++;
                w += e.attested && e.margin >= show + need ? 1 : hw;
              }
              const dens = (w * 1000) / Math.max(d.words, floor);
              return dens >= half && w >= minEv && distinct >= 2;
            };
            const rate = (k: DocEv['kind']) => {
              const ds = docs.filter((d) => d.kind === k);
              return ds.length ? ds.filter(flagged).length / ds.length : NaN;
            };
            let shown = 0;
            let shownTrue = 0;
            let swaps = 0;
            for (const d of docs) {
              if (d.kind !== 'sim-spun') continue;
              for (const e of d.ev) {
                if (e.attested && e.margin >= show + (e.name ? caps : 0)) {
                  shown++;
                  if (e.onSwap) shownTrue++;
                }
              }
            }
            void swaps;
            const g = rate('genuine');
            const nn = rate('nonnative');
            const sg = rate('sim-genuine');
            const sp = rate('spun');
            const sh = rate('short-genuine');
            const ss = rate('sim-spun');
            const prec = shown ? shownTrue / shown : 1;
            const ok = (Number.isNaN(g) || g <= 0.01) && (Number.isNaN(nn) || nn <= 0.03) && sg <= 0.01 && sh <= 0.01 && prec >= 0.9;
            const score = ok ? (Number.isNaN(sp) ? 0 : sp) + Math.min(ss, 0.95) : -1;
            rows.push({ key: `${show}/${cnt}/${hw}/${half}/${minEv}/${floor}/${win}`, score, line: `show ${show} count ${cnt} hidden ${hw} half ${half} minEv ${minEv} floor ${floor} window ${win}: short-genuine ${(sh * 100).toFixed(1)}% genuine ${(g * 100).toFixed(1)}% non-native ${(nn * 100).toFixed(1)}% sim-genuine ${(sg * 100).toFixed(1)}% | spun ${(sp * 100).toFixed(1)}% sim-spun ${(ss * 100).toFixed(1)}% | shown precision (sim) ${(prec * 100).toFixed(1)}% of ${shown}` });
          }
  rows.sort((a, b) => b.score - a.score);
  for (const r of rows.slice(0, 12)) console.log(r.line);
}

main();
