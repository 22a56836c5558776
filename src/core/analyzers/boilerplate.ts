/**
 * Boilerplate: scraped leftovers (comment forms, share bars, cookie notices…).
 *
 * - Rule matches: rules with scope `line` claim the whole (short) line they
 *   match on; other matches claim their own span. This works on plain text
 *   as well as on HTML.
 * - HTML: blocks the extractor left out of the main text (navigation, footer,
 *   comments, …) become one finding per run of blocks of the same kind.
 *
 * Every claimed range is removed from `content.main` and reported with its
 * kind in `category`. The risk counts only leftovers inside the article's
 * main text: a page's own navigation is not evidence of scraping, while a
 * "Leave a Reply" or "Loading comments…" glued into an article is.
 */
import type { Analyzer, Finding, RuleMatch } from '../types.ts';
import { findingFor, plural, round, signalReport } from './util.ts';

const BLOCK_RULE = 'boilerplate.page-block';

export const boilerplate: Analyzer = {
  name: 'boilerplate',
  analyze(ctx) {
    const page = ctx.page;
    const blocks = page.blocks;
    const findings: Finding[] = [];
    const remove: Array<[number, number]> = [];
    const claimedLines = new Set<number>();
    /** Findings inside the main text: the evidence of scraped leftovers. */
    let leftovers = 0;
    let leftoverChars = 0;
    const isMain = (line: number) => !blocks || blocks[line].main;
    const sorted: RuleMatch[] = [...ctx.matches.boilerplate].sort((a, b) => a.tokStart - b.tokStart || b.tokEnd - a.tokEnd);
    let lastEnd = -1;
    for (const m of sorted) {
      const rule = ctx.rules.rules[m.rule];
      const lineNo = page.tokens[m.tokStart].line;
      let f: Finding;
      if (rule.scope === 'line') {
        if (claimedLines.has(lineNo)) continue;
        claimedLines.add(lineNo);
        const line = page.lines[lineNo];
        // Trim the line to its first and last token.
        f = findingFor({ ...ctx, doc: page }, m, { start: page.tokens[line.tokStart].start, end: page.tokens[line.tokEnd - 1].end });
        remove.push([line.start, line.end]);
        lastEnd = Math.max(lastEnd, line.end);
      } else {
        f = findingFor({ ...ctx, doc: page }, m);
        if (f.start < lastEnd || claimedLines.has(lineNo)) continue;
        remove.push([f.start, f.end]);
        lastEnd = f.end;
      }
      findings.push(f);
      if (isMain(lineNo)) {
        leftovers++;
        leftoverChars += f.end - f.start;
      }
    }
    // HTML: runs of non-main blocks of one kind that no rule claimed.
    if (blocks) {
      let i = 0;
      while (i < blocks.length) {
        const b = blocks[i];
        if (b.main || claimedLines.has(i)) {
          i++;
          continue;
        }
        let j = i;
        while (j + 1 < blocks.length && !blocks[j + 1].main && !claimedLines.has(j + 1) && blocks[j + 1].kind === b.kind) j++;
        const start = b.start;
        const end = blocks[j].end;
        const kind = b.kind ?? 'other';
        const n = j - i + 1;
        findings.push({
          signal: 'boilerplate',
          rule: BLOCK_RULE,
          start,
          end,
          text: page.text.slice(start, end),
          message: `${kind === 'other' ? 'Page text' : `Page ${kind}`} outside the article (${plural(n, 'block')}), left out of the main text`,
          severity: 'info',
          category: kind,
        });
        remove.push([start, end]);
        i = j + 1;
      }
    }
    findings.sort((a, b) => a.start - b.start);
    const mainChars = ctx.doc.lines.reduce((s, l) => s + (l.words > 0 || !blocks ? l.end - l.start : 0), 0);
    const share = mainChars ? Math.min(1, leftoverChars / mainChars) : 0;
    const cfg = ctx.rules.source.scoring.signals.boilerplate;
    // Risk grows with the number of leftovers in the article and with the share of its text they take.
    const byCount = leftovers / (leftovers + cfg.halfRiskDensity);
    const risk = round(Math.max(byCount, Math.min(1, share * 2)));
    const kinds = [...new Set(findings.map((f) => f.category ?? 'other'))];
    const removedChars = remove.reduce((s, [a, b]) => s + (b - a), 0);
    const summary = findings.length
      ? `${plural(findings.length, 'boilerplate block')} removed (${kinds.join(', ')}; ${Math.round((page.text.length ? removedChars / page.text.length : 0) * 100)}% of the text)` +
        (blocks ? `; ${plural(leftovers, 'leftover')} inside the article text` : '')
      : 'No scraped leftovers found';
    return {
      findings,
      remove,
      signal: signalReport(ctx, 'boilerplate', risk, findings.length, summary, { kinds, removedShare: round(page.text.length ? removedChars / page.text.length : 0), leftovers }),
    };
  },
};
