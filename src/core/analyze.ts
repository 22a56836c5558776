/**
 * The analysis pipeline: input → document → one scan of the shared rule
 * index → analyzers (plugins) → scored report. Pure TypeScript; runs in the
 * Worker and in Node alike.
 */
import { WordLimitError } from './bound.ts';
import { ANALYZERS } from './analyzers/index.ts';
import { buildDoc, mainView } from './doc.ts';
import type { CompiledRuleset } from './rules/compiled.ts';
import { SIGNALS } from './types.ts';
import type {
  AnalyzerContext, AnalyzerResult, ArticleInput, Band, Doc, Finding, Report, RuleMatch, RulesetOrigin, SignalName, SignalReport, Source,
} from './types.ts';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function guardHolds(ctx: { doc: Doc; rules: CompiledRuleset }, m: RuleMatch): boolean {
  const { tokens } = ctx.doc;
  const rule = ctx.rules.rules[m.rule];
  // Letter case required by the rule.
  if (rule.case !== 'any') {
    let first = true;
    for (let t = m.tokStart; t < m.tokEnd; t++) {
      const tok = tokens[t];
      if (tok.kind !== 'word') continue;
      const capital = tok.caps === 'title' || tok.caps === 'upper';
      if ((rule.case === 'title' || (rule.case === 'first' && first)) && !capital) return false;
      if (rule.case === 'lower' && tok.caps !== 'lower') return false;
      if (rule.case === 'upper' && tok.caps !== 'upper') return false;
      first = false;
    }
  }
  if (rule.scope === 'sentence-start' && !tokens[m.tokStart].sentStart) return false;
  if (rule.scope === 'line') {
    const words = ctx.doc.lines[tokens[m.tokStart].line].words;
    if (words > rule.maxLineWords) return false;
    if (rule.minLineCoverage > 0) {
      let covered = 0;
      for (let t = m.tokStart; t < m.tokEnd; t++) if (tokens[t].kind !== 'punct') covered++;
      if (covered < rule.minLineCoverage * words) return false;
    }
  }
  const g = ctx.rules.guards[m.rule];
  if (!g) return true;
  const prev = m.tokStart > 0 ? tokens[m.tokStart - 1] : undefined;
  const next = m.tokEnd < tokens.length ? tokens[m.tokEnd] : undefined;
  if (g.notBefore && prev && g.notBefore.has(prev.norm)) return false;
  if (g.notAfter && next && g.notAfter.has(next.norm)) return false;
  if (!g.positive) return true;
  if (g.before && prev && g.before.has(prev.norm)) return true;
  if (g.after && next && g.after.has(next.norm)) return true;
  if (g.numberBefore && prev?.kind === 'num') return true;
  if (g.numberAfter && next?.kind === 'num') return true;
  if (g.sentenceStart && tokens[m.tokStart].sentStart) return true;
  return false;
}

export interface Matches {
  bySignal: Record<SignalName, RuleMatch[]>;
  outlets: RuleMatch[];
}

/** One scan of the shared index; rule matches grouped by signal after case, scope and context checks. */
export function matchAll(doc: Doc, rules: CompiledRuleset): Matches {
  const bySignal = Object.fromEntries(SIGNALS.map((s) => [s, [] as RuleMatch[]])) as Record<SignalName, RuleMatch[]>;
  const outlets: RuleMatch[] = [];
  const ctx = { doc, rules };
  rules.trie.scan(doc.tokens, doc.types, (m) => {
    if (m.rule < 0) outlets.push({ rule: -m.rule - 1, variant: 0, tokStart: m.tokStart, tokEnd: m.tokEnd });
    else if (guardHolds(ctx, m)) bySignal[rules.rules[m.rule].signal].push(m);
  });
  return { bySignal, outlets };
}

/** Text with the given ranges cut out; blank lines left behind are dropped. */
export function removeRanges(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [a, b] of sorted) {
    if (a > pos) out += text.slice(pos, a);
    pos = Math.max(pos, b);
  }
  out += text.slice(pos);
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .filter((l) => l.trim().length > 0)
    .join('\n');
}

function band(score: number, rules: CompiledRuleset): Band {
  const bands = [...rules.source.scoring.bands].sort((a, b) => b.min - a.min);
  for (const b of bands) if (score >= b.min) return b.label;
  return bands[bands.length - 1].label;
}

export interface AnalyzeOptions {
  origin: RulesetOrigin;
  /** Most words analysed (of the main text, for HTML): past it, WordLimitError (src/core/bound.ts) before any analyzer runs. */
  maxWords?: number;
}

export function analyze(input: ArticleInput, rules: CompiledRuleset, opts: AnalyzeOptions): Report {
  const timings: Record<string, number> = {};
  let t0 = now();
  const page = buildDoc(input);
  const { doc, toMain } = mainView(page);
  // The article's words (for HTML, the main text's: a page's menus and link lists are not the article).
  if (opts.maxWords !== undefined && doc.words > opts.maxWords) throw new WordLimitError(doc.words, opts.maxWords);
  timings.parse = now() - t0;
  t0 = now();
  const matches = matchAll(page, rules);
  if (toMain) {
    // Signals other than boilerplate read the main text only: keep their matches inside main blocks, re-indexed.
    const inMain = (m: RuleMatch): RuleMatch | null => {
      const a = toMain[m.tokStart];
      const b = toMain[m.tokEnd - 1];
      return a < 0 || b < 0 || b - a !== m.tokEnd - 1 - m.tokStart ? null : { ...m, tokStart: a, tokEnd: b + 1 };
    };
    const keep = (ms: RuleMatch[]) => ms.map(inMain).filter((m): m is RuleMatch => m !== null);
    for (const s of SIGNALS) if (s !== 'boilerplate') matches.bySignal[s] = keep(matches.bySignal[s]);
    matches.outlets = keep(matches.outlets);
  }
  timings.match = now() - t0;
  const ctx: AnalyzerContext = { doc, page, rules, matches: matches.bySignal, outletMatches: matches.outlets, results: {} };
  for (const a of ANALYZERS) {
    t0 = now();
    ctx.results[a.name] = a.analyze(ctx);
    timings[a.name] = now() - t0;
  }
  const results = ctx.results as Record<SignalName, AnalyzerResult>;
  const signals = {} as Record<SignalName, SignalReport>;
  const findings: Finding[] = [];
  const sources: Source[] = [];
  let quality = 1;
  for (const s of SIGNALS) {
    const r = results[s];
    signals[s] = r.signal;
    for (const f of r.findings) findings.push(f); // a loop, not push(...): a 5 MB page can have 100,000 findings
    if (r.sources) for (const s of r.sources) sources.push(s);
    quality *= 1 - rules.source.scoring.signals[s].weight * r.signal.risk;
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.signal.localeCompare(b.signal));
  const score = Math.round(Math.max(0, Math.min(1, quality)) * 100);
  for (const k of Object.keys(timings)) timings[k] = Math.round(timings[k] * 1000) / 1000;
  const content: Report['content'] = { text: doc.text, main: removeRanges(doc.text, results.boilerplate.remove ?? []) };
  if (doc.meta.title) content.title = doc.meta.title;
  if (doc.meta.url ?? doc.meta.canonical) content.url = doc.meta.url ?? doc.meta.canonical;
  for (const k of ['byline', 'published', 'siteName', 'canonical', 'lang'] as const) {
    const v = doc.meta[k];
    if (v) content[k] = v;
  }
  return {
    score,
    band: band(score, rules),
    language: results.language.language ?? { code: 'und' },
    signals,
    findings,
    sources,
    content,
    ruleset: { version: rules.version, origin: opts.origin },
    stats: { words: doc.words, chars: doc.text.length, timings },
  };
}
