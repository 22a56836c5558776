/**
 * Bounded answers: a report cut to what a client can use. The word limit is checked by `analyze`
 * (WordLimitError); here the findings are capped, fairly across signals, the echoed text is left out
 * on request, and the serialized report is kept under a byte budget by leaving out, in turn,
 * the larger of `content.text` and `content.main`, the other, and half of the remaining findings. The report says what it left
 * out: `stats.findingsOmitted` (per signal) and `stats.contentOmitted`.
 */
import { SIGNALS, type Finding, type Report, type SignalName } from './types.ts';

export const CONTENT_MODES = ['full', 'main', 'none'] as const;
export type ContentMode = (typeof CONTENT_MODES)[number];

export const DEFAULT_MAX_WORDS = 100_000;
export const DEFAULT_MAX_FINDINGS = 500;
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export interface BoundOptions {
  /** Most findings in the answer. */
  maxFindings: number;
  /** Which echoed texts to keep: both (`full`, v1), the article without boilerplate (`main`), none. */
  content: ContentMode;
  /** Most bytes of the serialized answer (UTF-8). */
  maxBytes: number;
}

/** The text has more words than the limit: the caller answers 413 `too_many_words`. */
export class WordLimitError extends Error {
  constructor(
    public words: number,
    public limit: number,
  ) {
    super(`The article has ${words.toLocaleString('en-US')} words; the limit is ${limit.toLocaleString('en-US')} words`);
  }
}

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

/**
 * At most `max` findings, taken in turn from each signal (most severe first, then in text order) so
 * that one signal's hundreds do not crowd out another's few; returned in text order with the
 * count left out per signal.
 */
export function capFindings(findings: Finding[], max: number): { kept: Finding[]; omitted: Record<SignalName, number> } {
  const omitted = Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Record<SignalName, number>;
  if (findings.length <= max) return { kept: findings, omitted };
  const groups = new Map<SignalName, Finding[]>();
  for (const f of findings) (groups.get(f.signal) ?? groups.set(f.signal, []).get(f.signal)!).push(f);
  for (const g of groups.values()) g.sort((a, b) => (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) || a.start - b.start);
  const lists = [...groups.values()];
  const taken = new Array<number>(lists.length).fill(0);
  const kept: Finding[] = [];
  for (let progress = true; kept.length < max && progress; ) {
    progress = false;
    for (let g = 0; g < lists.length && kept.length < max; g++) {
      if (taken[g] < lists[g].length) {
        kept.push(lists[g][taken[g]++]);
        progress = true;
      }
    }
  }
  lists.forEach((l, g) => (omitted[l[0].signal] = l.length - taken[g]));
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.signal.localeCompare(b.signal));
  return { kept, omitted };
}

/** UTF-8 length of a string, without encoding it when the answer is plainly short. */
function utf8Length(s: string, budget: number): number {
  if (s.length * 3 <= budget) return s.length; // every UTF-16 unit is at most 3 bytes: plainly under the budget
  return new TextEncoder().encode(s).length;
}

/** The bounded report and its serialization (the caller sends `body` as is). */
export function boundReport(report: Report, opts: BoundOptions): { report: Report; body: string } {
  const { kept, omitted } = capFindings(report.findings, Math.max(0, opts.maxFindings));
  const contentOmitted: Array<'text' | 'main'> = [];
  const content: Partial<Report['content']> = { ...report.content };
  if (opts.content !== 'full') {
    delete content.text;
    contentOmitted.push('text');
  }
  if (opts.content === 'none') {
    delete content.main;
    contentOmitted.push('main');
  }
  let findings = kept;
  const build = (): Report =>
    ({
      ...report,
      findings,
      content: content as Report['content'],
      stats: { ...report.stats, findingsOmitted: omitted, ...(contentOmitted.length ? { contentOmitted: [...contentOmitted] } : {}) },
    }) as Report;
  let out = build();
  let body = JSON.stringify(out);
  // Over the byte budget: leave out the echoed texts, the larger first (for plain text, content.text: the client
  // has its own; for a page, its full text rather than the article), then findings by halves.
  while (utf8Length(body, opts.maxBytes) > opts.maxBytes) {
    const text = content.text;
    const main = content.main;
    if (text !== undefined && (main === undefined || text.length >= main.length)) {
      delete content.text;
      contentOmitted.push('text');
    } else if (main !== undefined) {
      delete content.main;
      contentOmitted.push('main');
    } else if (findings.length > 0) {
      const next = capFindings(findings, Math.floor(findings.length / 2));
      for (const s of SIGNALS) omitted[s] += next.omitted[s];
      findings = next.kept;
    } else break;
    out = build();
    body = JSON.stringify(out);
  }
  return { report: out, body };
}
