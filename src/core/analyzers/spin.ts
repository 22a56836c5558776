/**
 * Spin: synonym-spun rewriting ("Top Minister" for Prime Minister).
 *
 * 1. Listed fingerprints: substitution and pattern rules from `rules/spin/`
 *    (hand-written and generated), found by the shared one-pass trie.
 * 2. Beyond the list: a `frames` rule looks for a known original phrase with
 *    one word replaced by a word that the fingerprints show to be a
 *    spinner's synonym of it ("demise certificate" → "death certificate"),
 *    unless the observed phrase is itself a known phrase or a genuine n-gram.
 * 3. A document-level decision from the density and the diversity of findings.
 */
import type { Analyzer, AnalyzerContext, Finding } from '../types.ts';
import type { CompiledRule } from '../rules/schema.ts';
import { densityRisk, fillMessage, findingFor, matchCase, plural, resolveOverlaps, round, signalReport } from './util.ts';

type FramesRule = Extract<CompiledRule, { kind: 'frames' }>;

export function findFrames(ctx: AnalyzerContext, rule: FramesRule, covered: Uint8Array): Finding[] {
  const { tokens, text } = ctx.doc;
  const { phrases, originals, genuine } = ctx.rules.spinFrames;
  const out: Finding[] = [];
  if (originals.size === 0 || phrases.size === 0) return out;
  let nextFree = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' || covered[i]) continue;
    const origs = originals.get(t.norm);
    if (!origs) continue;
    let found: { s: number; e: number; expected: string } | null = null;
    // Windows of n words containing token i at position p, within one line and one sentence.
    for (let n = rule.maxWords; n >= rule.minWords && !found; n--) {
      for (let p = 0; p < n && !found; p++) {
        const s = i - p;
        const e = s + n;
        if (s < nextFree || e > tokens.length) continue;
        let ok = true;
        const words: string[] = [];
        for (let k = s; k < e; k++) {
          const w = tokens[k];
          if (w.kind === 'punct' || covered[k] || w.line !== t.line || (k > s && w.sentStart)) {
            ok = false;
            break;
          }
          words.push(w.norm);
        }
        if (!ok) continue;
        const observed = words.join(' ');
        if (phrases.has(observed) || genuine?.has(observed)) continue;
        for (const o of origs) {
          words[p] = o;
          const candidate = words.join(' ');
          if (phrases.has(candidate)) {
            found = { s, e, expected: candidate };
            break;
          }
        }
      }
    }
    if (!found) continue;
    const start = tokens[found.s].start;
    const end = tokens[found.e - 1].end;
    const actual = text.slice(start, end);
    const expected = matchCase(actual, found.expected);
    out.push({
      signal: 'spin',
      rule: rule.ruleId,
      start,
      end,
      text: actual,
      message: fillMessage(rule.message, actual, expected),
      severity: rule.level,
      expected,
      ...(rule.category ? { category: rule.category } : {}),
    });
    nextFree = found.e;
    i = found.e - 1;
  }
  return out;
}

export const spin: Analyzer = {
  name: 'spin',
  analyze(ctx) {
    const rules = ctx.rules.rules;
    const matches = resolveOverlaps(ctx.matches.spin, () => 'all');
    const findings = matches.map((m) => findingFor(ctx, m));
    let weighted = matches.reduce((s, m) => s + rules[m.rule].weight, 0);
    const covered = new Uint8Array(ctx.doc.tokens.length);
    for (const m of matches) covered.fill(1, m.tokStart, m.tokEnd);
    for (const r of ctx.rules.bySignal.spin) {
      const rule = rules[r];
      if (rule.kind !== 'frames') continue;
      const frames = findFrames(ctx, rule, covered);
      findings.push(...frames);
      weighted += frames.length * rule.weight;
    }
    findings.sort((a, b) => a.start - b.start);
    const cfg = ctx.rules.source.scoring.signals.spin;
    const distinct = new Set(findings.map((f) => f.text.toLowerCase())).size;
    // Density sets the risk; a single distinct phrase (however often repeated) caps it below the flag line.
    let risk = densityRisk(weighted, ctx.doc.words, cfg.halfRiskDensity);
    if (distinct < 2) risk = Math.min(risk, round(cfg.flagAt - 0.01));
    const per1k = Math.round(((findings.length * 1000) / Math.max(ctx.doc.words, 1)) * 10) / 10;
    const listed = findings.filter((f) => !rules.some((r) => r.kind === 'frames' && r.ruleId === f.rule)).length;
    const summary = findings.length
      ? `${plural(findings.length, 'likely spun phrase')} (${distinct} distinct, ${per1k} per 1,000 words; ${listed} listed, ${findings.length - listed} found beyond the list)`
      : 'No spun phrasing found';
    return { findings, signal: signalReport(ctx, 'spin', risk, findings.length, summary, { per1000Words: per1k, distinct, listed, beyondList: findings.length - listed }) };
  },
};
