/**
 * Spin: synonym-spun rewriting ("Top Minister" for Prime Minister). First
 * version: substitution and pattern rules from `rules/spin/`, each finding
 * with the likely original wording in `expected`.
 */
import type { Analyzer } from '../types.ts';
import { densityRisk, findingFor, plural, resolveOverlaps, signalReport, weightOf } from './util.ts';

export const spin: Analyzer = {
  name: 'spin',
  analyze(ctx) {
    const matches = resolveOverlaps(ctx.matches.spin, () => 'all');
    const findings = matches.map((m) => findingFor(ctx, m));
    const cfg = ctx.rules.source.scoring.signals.spin;
    const weighted = weightOf(ctx, matches);
    const risk = densityRisk(weighted, ctx.doc.words, cfg.halfRiskDensity);
    const distinct = new Set(findings.map((f) => f.text.toLowerCase())).size;
    const per1k = Math.round(((findings.length * 1000) / Math.max(ctx.doc.words, 1)) * 10) / 10;
    const summary = findings.length
      ? `${plural(findings.length, 'likely spun phrase')} (${distinct} distinct, ${per1k} per 1,000 words)`
      : 'No spun phrasing found';
    return { findings, signal: signalReport(ctx, 'spin', risk, findings.length, summary, { per1000Words: per1k, distinct }) };
  },
};
