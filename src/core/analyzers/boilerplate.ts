/**
 * Boilerplate: scraped leftovers (comment forms, share bars, cookie notices…).
 * Rules with scope `line` claim the whole (short) line they match on; other
 * matches claim their own span. Claimed ranges are removed from `content.main`
 * and reported as findings with their kind in `category`.
 */
import type { Analyzer, Finding, RuleMatch } from '../types.ts';
import { findingFor, plural, round, signalReport } from './util.ts';

export const boilerplate: Analyzer = {
  name: 'boilerplate',
  analyze(ctx) {
    const { doc } = ctx;
    const findings: Finding[] = [];
    const remove: Array<[number, number]> = [];
    const claimedLines = new Set<number>();
    const sorted: RuleMatch[] = [...ctx.matches.boilerplate].sort((a, b) => a.tokStart - b.tokStart || b.tokEnd - a.tokEnd);
    let lastEnd = -1;
    for (const m of sorted) {
      const rule = ctx.rules.rules[m.rule];
      const lineNo = doc.tokens[m.tokStart].line;
      if (rule.scope === 'line') {
        if (claimedLines.has(lineNo)) continue;
        claimedLines.add(lineNo);
        const line = doc.lines[lineNo];
        // Trim the line to its first and last token.
        const span = { start: doc.tokens[line.tokStart].start, end: doc.tokens[line.tokEnd - 1].end };
        findings.push(findingFor(ctx, m, span));
        remove.push([line.start, line.end]);
        lastEnd = Math.max(lastEnd, line.end);
      } else {
        const f = findingFor(ctx, m);
        if (f.start < lastEnd || claimedLines.has(lineNo)) continue;
        findings.push(f);
        remove.push([f.start, f.end]);
        lastEnd = f.end;
      }
    }
    const removedChars = remove.reduce((s, [a, b]) => s + (b - a), 0);
    const share = doc.text.length ? removedChars / doc.text.length : 0;
    const cfg = ctx.rules.source.scoring.signals.boilerplate;
    // Risk grows with the number of leftovers and with the share of the text they take.
    const byCount = findings.length / (findings.length + cfg.halfRiskDensity);
    const risk = round(Math.max(byCount, Math.min(1, share * 2)));
    const kinds = [...new Set(findings.map((f) => f.category ?? 'other'))];
    const summary = findings.length
      ? `${plural(findings.length, 'boilerplate block')} removed (${kinds.join(', ')}; ${Math.round(share * 100)}% of the text)`
      : 'No scraped leftovers found';
    return {
      findings,
      remove,
      signal: signalReport(ctx, 'boilerplate', risk, findings.length, summary, { kinds, removedShare: round(share) }),
    };
  },
};
