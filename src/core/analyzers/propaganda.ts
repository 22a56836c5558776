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
  /** names[i + 1] = 1 when token i is a name; turned into prefix counts below. */
  const names = new Int32Array(N + 1);
  const run = new Int32Array(N + 1);
  const isStop = typeFlags(ctx.doc, STOPWORDS);
  for (let i = 0; i < N; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') {
      ids[i] = -1;
      continue;
    }
    ids[i] = t.type;
    // With names off, a capitalised word is a name unless it opens a sentence, and no window may hold one.
    const name = (t.caps === 'title' && !t.sentStart) || t.caps === 'upper' || t.caps === 'mixed';
    if (!rule.names && name) names[i + 1] = 1;
    content[i] = isStop[t.type] || t.norm.length < 3 || (!rule.names && name) ? 0 : 1;
  }
  for (let i = 0; i < N; i++) names[i + 1] += names[i];
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
      if (!candidate[i] || run[i] < n || !content[i + n - 1] || names[i + n] - names[i] > 0) continue;
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

type QuestionsRule = Extract<CompiledRule, { kind: 'questions' }>;

const OPEN_QUOTES = new Set(['"', '\u201c', '\u00ab', '\u201e', '\u2018', '\u201a', '\u2039']);
const CLOSE_QUOTES = new Set(['"', '\u201d', '\u00bb', '\u201c', '\u2019', '\u203a']);

/**
 * Questions in the writer's voice: each sentence that ends with "?" while no
 * quotation is open on its line. A straight double quote toggles; curly and
 * angle quotes open and close. A question inside a quotation is reported
 * speech, which news does all the time; one outside is the writer asking.
 */
export function findQuestions(ctx: AnalyzerContext, rule: QuestionsRule): Finding[] {
  const { tokens, text, lines } = ctx.doc;
  const out: Finding[] = [];
  // A document with several lines that end with a question is an interview or a Q&A: its questions are the interviewer's.
  let qLines = 0;
  for (const l of lines) if (l.tokEnd > l.tokStart && tokens[l.tokEnd - 1].norm === '?') qLines++;
  const interview = qLines >= rule.interviewLines;
  let depth = 0;
  let sentStart = 0;
  let line = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.line !== line) {
      line = t.line;
      depth = 0;
      sentStart = i;
    } else if (t.sentStart) sentStart = i;
    if (t.kind !== 'punct') continue;
    const ch = t.norm;
    if (ch === '"') depth = depth > 0 ? depth - 1 : depth + 1;
    else if (OPEN_QUOTES.has(ch) && !(ch === '\u201c' && depth > 0)) depth++;
    else if (CLOSE_QUOTES.has(ch) && depth > 0) depth--;
    else if (ch === '?' && depth === 0) {
      if (interview) continue;
      let s = sentStart;
      let words = 0;
      for (let k = i - 1; k >= sentStart; k--) if (tokens[k].kind !== 'punct') words++;
      if (words < rule.minWords) continue;
      // Long sentences: the last maxWords words.
      let w = 0;
      for (let k = i - 1; k >= sentStart; k--) {
        if (tokens[k].kind !== 'punct' && ++w === rule.maxWords) {
          s = k;
          break;
        }
      }
      // Start at the first word, not at an opening bracket or dash.
      while (s < i && tokens[s].kind === 'punct') s++;
      const start = tokens[s].start;
      const end = t.end;
      const actual = text.slice(start, end);
      out.push({
        signal: 'propaganda',
        rule: rule.ruleId,
        start,
        end,
        text: actual,
        message: fillMessage(rule.message, actual),
        severity: rule.level,
        ...(rule.technique ? { technique: rule.technique } : {}),
        ...(rule.category ? { category: rule.category } : {}),
      });
    }
  }
  return out;
}

const CLAUSE_BREAKS = new Set([',', ';', ':', '(', ')', '[', ']', '"', '\u201c', '\u201d', '\u00ab', '\u00bb', '\u2014', '\u2013', '.', '!', '?', '\u2026']);

/** Token bounds [s, e) of the clause or sentence around tokens [a, b), within the line. */
function around(ctx: AnalyzerContext, a: number, b: number, unit: 'clause' | 'sentence'): [number, number] {
  const { tokens } = ctx.doc;
  const line = tokens[a].line;
  let s = a;
  while (s > 0 && tokens[s - 1].line === line && !tokens[s].sentStart && !(unit === 'clause' && tokens[s - 1].kind === 'punct' && CLAUSE_BREAKS.has(tokens[s - 1].norm))) s--;
  let e = b;
  while (e < tokens.length && tokens[e].line === line && !tokens[e].sentStart && !(tokens[e].kind === 'punct' && (unit === 'clause' ? CLAUSE_BREAKS.has(tokens[e].norm) : tokens[e].norm === '.' || tokens[e].norm === '!' || tokens[e].norm === '?'))) e++;
  // Include a sentence's final punctuation; drop leading punctuation.
  if (unit === 'sentence' && e < tokens.length && tokens[e].line === line && tokens[e].kind === 'punct' && !tokens[e].sentStart) e++;
  while (s < a && tokens[s].kind === 'punct') s++;
  return [s, e];
}

/**
 * Findings of phrase-rule matches. Rules with `span: clause|sentence` report
 * the clause or sentence around the match; several matches of one technique
 * in the same clause become one finding whose message names every trigger.
 */
function spanFindings(ctx: AnalyzerContext, matches: ReturnType<typeof resolveOverlaps>): Finding[] {
  const rules = ctx.rules.rules;
  const { tokens, text } = ctx.doc;
  const out: Finding[] = [];
  const byKey = new Map<string, { f: Finding; triggers: string[]; rule: (typeof rules)[number] }>();
  for (const m of matches) {
    const rule = rules[m.rule];
    if (rule.span === 'match') {
      out.push(findingFor(ctx, m));
      continue;
    }
    const [s, e] = around(ctx, m.tokStart, m.tokEnd, rule.span);
    const start = tokens[s].start;
    const end = tokens[e - 1].end;
    const trigger = text.slice(tokens[m.tokStart].start, tokens[m.tokEnd - 1].end);
    const key = `${start}:${end}:${rule.technique ?? rule.ruleId}`;
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.triggers.includes(trigger)) seen.triggers.push(trigger);
      continue;
    }
    const f: Finding = {
      signal: 'propaganda',
      rule: rule.ruleId,
      start,
      end,
      text: text.slice(start, end),
      message: '',
      severity: rule.level,
      ...(rule.technique ? { technique: rule.technique } : {}),
      ...(rule.category ? { category: rule.category } : {}),
    };
    byKey.set(key, { f, triggers: [trigger], rule });
    out.push(f);
  }
  for (const { f, triggers, rule } of byKey.values()) f.message = fillMessage(rule.message, triggers.join("', '"));
  return out;
}

export const propaganda: Analyzer = {
  name: 'propaganda',
  analyze(ctx) {
    const rules = ctx.rules.rules;
    const matches = resolveOverlaps(ctx.matches.propaganda, (m) => rules[m.rule].technique ?? rules[m.rule].ruleId);
    const findings = spanFindings(ctx, matches);
    let weighted = matches.reduce((s, m) => s + rules[m.rule].weight, 0);
    for (const r of ctx.rules.bySignal.propaganda) {
      const rule = rules[r];
      if (rule.kind !== 'repetition' && rule.kind !== 'questions') continue;
      const found = rule.kind === 'repetition' ? findRepetitions(ctx, rule) : findQuestions(ctx, rule);
      for (const f of found) findings.push(f); // not push(...found): 100,000 findings would overflow the stack
      weighted += found.length * rule.weight;
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
