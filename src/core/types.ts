/**
 * Shared types of the analysis core. Pure TypeScript: nothing here depends on
 * the Workers runtime, so the core also runs in Node (CLI, benchmarks).
 */
import type { Token } from './text/tokenize.ts';
import type { CompiledRuleset } from './rules/compiled.ts';
import type { Block } from './extract/index.ts';

export const SIGNALS = ['spin', 'boilerplate', 'propaganda', 'credibility', 'language', 'translation'] as const;
export type SignalName = (typeof SIGNALS)[number];

export type Severity = 'info' | 'warning' | 'error';

/** One located problem. `start`/`end` are UTF-16 offsets into `content.text`. */
export interface Finding {
  signal: SignalName;
  /** Rule id, e.g. `spin.titles` or `propaganda.repetition`. */
  rule: string;
  start: number;
  end: number;
  /** Always `content.text.slice(start, end)`. */
  text: string;
  message: string;
  severity: Severity;
  /** Likely original wording (spin) or suggested replacement. */
  expected?: string;
  /** Propaganda technique (SemEval-2020 Task 11 name). */
  technique?: string;
  /** Sub-kind, e.g. boilerplate kind (`comments`, `share`, …). */
  category?: string;
}

export interface SignalReport {
  /** 0..1, higher = worse. */
  risk: number;
  flagged: boolean;
  summary: string;
  /** Count of findings for this signal. */
  count: number;
  /** Extra structured details (reasons, densities, …). */
  details?: Record<string, unknown>;
}

export interface Source {
  name?: string;
  domain?: string;
  role: 'publisher' | 'cited';
  /** 0..1, 1 = most credible. */
  rating?: number;
  label?: string;
  evidence?: { start: number; end: number };
}

export interface LanguageReport {
  /** ISO 639-3 code from franc, `und` when undetermined. */
  code: string;
  /** 0..1 where available. */
  confidence?: number;
  /** The `lang` hint from the request, if given. */
  hint?: string;
}

export interface Report {
  score: number;
  band: Band;
  language: LanguageReport;
  signals: Record<SignalName, SignalReport>;
  findings: Finding[];
  sources: Source[];
  content: {
    text: string;
    main: string;
    title?: string;
    url?: string;
    /** Page metadata from HTML input (meta tags, JSON-LD, <time>). */
    byline?: string;
    published?: string;
    siteName?: string;
    canonical?: string;
    lang?: string;
  };
  ruleset: { version: string; origin: RulesetOrigin };
  stats: {
    words: number;
    chars: number;
    timings: Record<string, number>;
    /** Set by boundReport (src/core/bound.ts): findings left out of the answer, per signal. */
    findingsOmitted?: Record<SignalName, number>;
    /** Set by boundReport: echoed texts left out of `content` (on request, or to keep the answer under its byte budget). */
    contentOmitted?: Array<'text' | 'main'>;
  };
}

export type Band = 'reliable' | 'mostly reliable' | 'questionable' | 'unreliable';
export type RulesetOrigin = 'kv' | 'bundled' | 'file';

/** What callers hand to the core. Exactly one of `text`/`html`. */
export interface ArticleInput {
  text?: string;
  html?: string;
  url?: string;
  title?: string;
  lang?: string;
}

/** Metadata extracted from HTML (or given by the caller). */
export interface DocMeta {
  title?: string;
  url?: string;
  canonical?: string;
  siteName?: string;
  byline?: string;
  /** Publication date or date-time, as the page gives it (ISO 8601 when it gave another format). */
  published?: string;
  description?: string;
  lang?: string;
}

export interface Line {
  start: number;
  end: number;
  /** Index of the first token of the line and one past the last. */
  tokStart: number;
  tokEnd: number;
  /** Number of word and number tokens on the line. */
  words: number;
}

/** The analysed document: text, tokens and lines, built once per request. */
export interface Doc {
  text: string;
  tokens: Token[];
  /** Distinct folded token forms, indexed by `Token.type`. */
  types: string[];
  lines: Line[];
  words: number;
  meta: DocMeta;
  langHint?: string;
  /** HTML input: the extracted blocks, one per line of `text`, each main text or boilerplate. */
  blocks?: Block[];
}

/** A raw match of the shared rule index, before an analyzer interprets it. */
export interface RuleMatch {
  /** Index into `CompiledRuleset.rules`. */
  rule: number;
  /** Index of the variant (for substitutions: which swap key). */
  variant: number;
  tokStart: number;
  /** One past the last token. */
  tokEnd: number;
}

export interface AnalyzerContext {
  /** The article's main text: for HTML, only the tokens of main blocks (see `mainView`); for plain text, the whole text. */
  doc: Doc;
  /** The whole page: every block, main or not. The same object as `doc` for plain text. */
  page: Doc;
  rules: CompiledRuleset;
  /**
   * All matches of the shared index, grouped by signal. Computed once per
   * request. Token indices are into `doc.tokens`, except for `boilerplate`,
   * whose matches cover the whole page and index `page.tokens`.
   */
  matches: Record<SignalName, RuleMatch[]>;
  /** Outlet names found in the main text by the same scan (`rule` = index into `rules.outlets`). */
  outletMatches: RuleMatch[];
  /** Results of analyzers that ran before, for cross-signal evidence. */
  results: Partial<Record<SignalName, AnalyzerResult>>;
}

export interface AnalyzerResult {
  findings: Finding[];
  signal: SignalReport;
  sources?: Source[];
  /** Ranges of `doc.text` to drop from `content.main` (boilerplate). */
  remove?: Array<[number, number]>;
  language?: LanguageReport;
  /** Free-form facts for later analyzers (e.g. state-media formula count). */
  facts?: Record<string, number | string | boolean>;
}

/** The plugin interface every analyzer implements. */
export interface Analyzer {
  name: SignalName;
  /** Analyzers whose results this one reads (run first). */
  after?: SignalName[];
  analyze(ctx: AnalyzerContext): AnalyzerResult;
}
