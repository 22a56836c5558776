/**
 * Propaganda: named persuasion techniques (SemEval-2020 Task 11 names in
 * `technique`), state-mandated formulas (category `state-formula`) and
 * editorializing. Phrase rules come from `rules/propaganda/`; a `repetition`
 * rule drives the repeated-phrase detector below.
 */
import type { Analyzer, AnalyzerContext, Finding } from '../types.ts';
import type { CompiledRule } from '../rules/schema.ts';
import { densityRisk, fillMessage, findingFor, plural, resolveOverlaps, signalReport } from './util.ts';
import { STOPWORDS } from '../text/stopwords.ts';
import { typeFlags } from '../doc.ts';

type RepetitionRule = Extract<CompiledRule, { kind: 'repetition' }>;

/**
 * Repeated content phrases: n-grams of words within a sentence (no
 * punctuation inside) that start and end with a content word, seen at least
 * `minCount` times without overlapping. Longest first; a shorter phrase
 * inside a reported longer one is not reported again. Words are compared by
 * `Token.type` and windows hashed to numbers, so no string is built per
 * window; only windows whose first two words recur `minCount` times (a
 * necessary condition) are hashed at all.
 */
export function findRepetitions(ctx: AnalyzerContext, rule: RepetitionRule): Finding[] {
  const { tokens, text, types } = ctx.doc;
  const N = tokens.length;
  const ids = new Int32Array(N);
  const content = new Uint8Array(N);
  const run = new Int32Array(N + 1);
  const isStop = typeFlags(ctx.doc, STOPWORDS);
  for (let i = 0; i < N; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') {
      ids[i] = -1;
      continue;
    }
    ids[i] = t.type;
    content[i] = isStop[t.type] || t.norm.length < 3 ? 0 : 1;
  }
  // run[i]: words in a row from i within one sentence.
  for (let i = N - 1; i >= 0; i--) {
    if (ids[i] < 0) run[i] = 0;
    else run[i] = i + 1 < N && ids[i + 1] >= 0 && !tokens[i + 1].sentStart ? run[i + 1] + 1 : 1;
  }
  // Count the first two words (one when minWords is 1) of every candidate window: a phrase seen
  // minCount times starts with a prefix seen at least as often.
  const T = types.length;
  const pairCount = new Map<number, number>();
  const pairKey = rule.minWords === 1 ? (i: number) => ids[i] : (i: number) => ids[i] * T + ids[i + 1];
  for (let i = 0; i < N; i++) {
    if (run[i] < rule.minWords || !content[i]) continue;
    const k = pairKey(i);
    pairCount.set(k, (pairCount.get(k) ?? 0) + 1);
  }
  const candidate = new Uint8Array(N);
  for (let i = 0; i < N; i++) if (run[i] >= rule.minWords && content[i] && pairCount.get(pairKey(i))! >= rule.minCount) candidate[i] = 1;
  const findings: Finding[] = [];
  const covered = new Uint8Array(N);
  for (let n = rule.maxWords; n >= rule.minWords; n--) {
    const seen = new Map<number, number[]>();
    for (let i = 0; i + n <= N; i++) {
      if (!candidate[i] || run[i] < n || !content[i + n - 1]) continue;
      let h1 = 0x811c9dc5;
      let h2 = n;
      for (let k = 0; k < n; k++) {
        const id = ids[i + k];
        h1 = Math.imul(h1 ^ id, 0x9e3779b1);
        h2 = Math.imul(h2 + id + 1, 0x85ebca77) ^ (h2 >>> 13);
      }
      const key = (h1 >>> 0) * 2097152 + (h2 >>> 11);
      const list = seen.get(key);
      if (list) {
        if (i >= list[list.length - 1] + n) list.push(i);
      } else seen.set(key, [i]);
    }
    for (const starts of seen.values()) {
      if (starts.length < rule.minCount) continue;
      if (starts.some((s) => covered[s])) continue;
      for (const s of starts) {
        covered.fill(1, s, s + n);
        const start = tokens[s].start;
        const end = tokens[s + n - 1].end;
        const actual = text.slice(start, end);
        findings.push({
          signal: 'propaganda',
          rule: rule.ruleId,
          start,
          end,
          text: actual,
          message: fillMessage(rule.message, actual).replaceAll('{count}', String(starts.length)),
          severity: rule.level,
          technique: rule.technique ?? 'Repetition',
        });
      }
    }
  }
  return findings;
}

export const propaganda: Analyzer = {
  name: 'propaganda',
  analyze(ctx) {
    const rules = ctx.rules.rules;
    const matches = resolveOverlaps(ctx.matches.propaganda, (m) => rules[m.rule].technique ?? rules[m.rule].ruleId);
    const findings = matches.map((m) => findingFor(ctx, m));
    let weighted = matches.reduce((s, m) => s + rules[m.rule].weight, 0);
    for (const r of ctx.rules.bySignal.propaganda) {
      const rule = rules[r];
      if (rule.kind !== 'repetition') continue;
      const reps = findRepetitions(ctx, rule);
      findings.push(...reps);
      weighted += reps.length * rule.weight;
    }
    findings.sort((a, b) => a.start - b.start || b.end - a.end);
    const stateFormulas = findings.filter((f) => f.category === 'state-formula').length;
    const techniques: Record<string, number> = {};
    for (const f of findings) if (f.technique) techniques[f.technique] = (techniques[f.technique] ?? 0) + 1;
    const cfg = ctx.rules.source.scoring.signals.propaganda;
    const risk = densityRisk(weighted, ctx.doc.words, cfg.halfRiskDensity);
    const top = Object.entries(techniques)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([t, c]) => `${t} ×${c}`);
    const summary = findings.length
      ? `${plural(findings.length, 'persuasion marker')}${top.length ? ` (${top.join(', ')})` : ''}${stateFormulas ? `; ${plural(stateFormulas, 'state-mandated formula')}` : ''}`
      : 'No persuasion techniques found';
    return {
      findings,
      facts: { stateFormulas },
      signal: signalReport(ctx, 'propaganda', risk, findings.length, summary, { techniques, stateFormulas }),
    };
  },
};
