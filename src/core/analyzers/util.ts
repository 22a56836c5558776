/** Helpers shared by analyzers: findings from matches, overlap resolution, risk curves. */
import type { CompiledRule } from '../rules/schema.ts';
import type { AnalyzerContext, Finding, RuleMatch, SignalName, SignalReport } from '../types.ts';

/** Give `replacement` the letter case of `actual` (Top Minister → Prime Minister). */
export function matchCase(actual: string, replacement: string): string {
  const letters = actual.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return replacement.toUpperCase();
  const words = actual.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const isCap = (w: string) => {
    const c = w.match(/\p{L}/u)?.[0] ?? '';
    return c !== c.toLowerCase();
  };
  const cap = (w: string) => w.replace(/\p{L}/u, (c) => c.toUpperCase());
  if (words.length > 1 && words.every(isCap)) return replacement.split(' ').map(cap).join(' ');
  if (words.length > 0 && isCap(words[0])) return cap(replacement);
  return replacement;
}

export function spanOf(ctx: AnalyzerContext, m: RuleMatch): { start: number; end: number } {
  const { tokens } = ctx.doc;
  return { start: tokens[m.tokStart].start, end: tokens[m.tokEnd - 1].end };
}

export function expectedOf(ctx: AnalyzerContext, rule: CompiledRule, m: RuleMatch, actual: string): string | undefined {
  if (rule.kind === 'substitution') return matchCase(actual, ctx.rules.variant(m.rule, m.variant) ?? '');
  if (rule.kind === 'pattern' && rule.expected) return rule.expected;
  return undefined;
}

export function fillMessage(template: string, actual: string, expected?: string): string {
  return template.replaceAll('{actual}', actual).replaceAll('{expected}', expected ?? '');
}

/** A finding for a match, spanning exactly the matched tokens (or `span` when given). */
export function findingFor(ctx: AnalyzerContext, m: RuleMatch, span?: { start: number; end: number }): Finding {
  const rule = ctx.rules.rules[m.rule];
  const { start, end } = span ?? spanOf(ctx, m);
  const text = ctx.doc.text.slice(start, end);
  const expected = expectedOf(ctx, rule, m, text);
  const f: Finding = {
    signal: rule.signal,
    rule: rule.ruleId,
    start,
    end,
    text,
    message: fillMessage(rule.message, text, expected),
    severity: rule.level,
  };
  if (expected !== undefined) f.expected = expected;
  if (rule.technique) f.technique = rule.technique;
  if (rule.category) f.category = rule.category;
  return f;
}

/**
 * Keep the leftmost-longest matches; a match is dropped when it overlaps a
 * kept match with the same `key` (use a constant key to forbid all overlaps).
 */
export function resolveOverlaps(matches: RuleMatch[], key: (m: RuleMatch) => string): RuleMatch[] {
  const sorted = [...matches].sort((a, b) => a.tokStart - b.tokStart || b.tokEnd - a.tokEnd || a.rule - b.rule);
  const lastEnd = new Map<string, number>();
  const kept: RuleMatch[] = [];
  for (const m of sorted) {
    const k = key(m);
    if ((lastEnd.get(k) ?? -1) > m.tokStart) continue;
    lastEnd.set(k, m.tokEnd);
    kept.push(m);
  }
  return kept;
}

/** Saturating risk from a weighted count per 1,000 words: 0.5 at `half`, steeper with `steepness` > 1. */
export function densityRisk(weighted: number, words: number, half: number, steepness = 1): number {
  if (weighted <= 0) return 0;
  const d = ((weighted * 1000) / Math.max(words, 150)) ** steepness;
  return round(d / (d + half ** steepness));
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(Math.min(1, Math.max(0, x)) * f) / f;
}

export function signalReport(
  ctx: AnalyzerContext,
  signal: SignalName,
  risk: number,
  count: number,
  summary: string,
  details?: Record<string, unknown>,
): SignalReport {
  const cfg = ctx.rules.source.scoring.signals[signal];
  const r: SignalReport = { risk: round(risk), flagged: risk >= cfg.flagAt, summary, count };
  if (details) r.details = details;
  return r;
}

export function weightOf(ctx: AnalyzerContext, findings: Array<{ rule: number }>): number {
  return findings.reduce((s, m) => s + ctx.rules.rules[m.rule].weight, 0);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A spin finding of a detector rule (frames, pairs, context) over text[start, end), with the folded expected wording recased as the text is. */
export function detectorFinding(text: string, rule: CompiledRule, start: number, end: number, folded: string): Finding {
  const actual = text.slice(start, end);
  const expected = matchCase(actual, folded);
  return {
    signal: 'spin',
    rule: rule.ruleId,
    start,
    end,
    text: actual,
    message: fillMessage(rule.message, actual, expected),
    severity: rule.level,
    expected,
    ...(rule.category ? { category: rule.category } : {}),
  };
}
