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

type RepetitionRule = Extract<CompiledRule, { kind: 'repetition' }>;

/** Repeated content phrases: n-grams of words (not crossing punctuation) that start and end with a content word. */
export function findRepetitions(ctx: AnalyzerContext, rule: RepetitionRule): Finding[] {
  const { tokens, text } = ctx.doc;
  const findings: Finding[] = [];
  const covered = new Set<number>();
  for (let n = rule.maxWords; n >= rule.minWords; n--) {
    const seen = new Map<string, number[]>();
    for (let i = 0; i + n <= tokens.length; i++) {
      let key = '';
      let ok = true;
      for (let k = 0; k < n; k++) {
        const t = tokens[i + k];
        if (t.kind !== 'word' || (k > 0 && t.sentStart)) {
          ok = false;
          break;
        }
        key += (k ? ' ' : '') + t.norm;
      }
      if (!ok) continue;
      if (STOPWORDS.has(tokens[i].norm) || STOPWORDS.has(tokens[i + n - 1].norm)) continue;
      if (n === 1 && tokens[i].norm.length < 5) continue;
      const list = seen.get(key);
      if (list) {
        if (i >= list[list.length - 1] + n) list.push(i);
      } else seen.set(key, [i]);
    }
    for (const [, starts] of seen) {
      if (starts.length < rule.minCount) continue;
      if (starts.some((s) => covered.has(s))) continue;
      for (const s of starts) {
        for (let k = 0; k < n; k++) covered.add(s + k);
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
