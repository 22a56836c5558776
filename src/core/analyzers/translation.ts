/**
 * Translation: machine-translated or translated English.
 *
 * 1. Markers (rules/translation/): translationese openers and formulas of
 *    translated copy ("Recall that …", "In turn, …", "the relevant
 *    departments"), each rule tagged with the source language it points to
 *    (`category`, ISO 639-3), found by the shared trie.
 * 2. Fluency (`fluency` rule): the document's mean log10 probability per
 *    word under the language model and its lexical diversity, each
 *    standardised by genuine news. Machine translation reads flatter than
 *    human English (more probable words, repeated more), so a high z raises
 *    the risk; no finding points at it, the figures are in `details.fluency`.
 * 3. Risk: markers by density and fluency by a logistic curve, combined as
 *    independent evidence. Only English text is judged.
 */
import type { Analyzer, AnalyzerContext, Finding } from '../types.ts';
import type { CompiledRule } from '../rules/schema.ts';
import { densityRisk, findingFor, plural, resolveOverlaps, round, signalReport } from './util.ts';

type FluencyRule = Extract<CompiledRule, { kind: 'fluency' }>;

export interface Fluency {
  /** Mean log10 P(word | two words before) over the words the model knows. */
  meanLogProb: number;
  /** Lexical diversity: the mean type/token ratio of 50-word windows. */
  diversity: number;
  /** Both standardised against genuine news and combined by the rule's weights: above 0 is flatter than genuine news. */
  z: number;
  words: number;
}

/**
 * Mean type/token ratio of every `w`-word window (lexical diversity, robust to length), over word
 * form ids: one pass with a sliding count per form.
 */
export function movingTtr(forms: ArrayLike<number>, distinctForms: number, w = 50): number {
  const n = forms.length;
  if (n === 0) return 0;
  const counts = new Int32Array(distinctForms);
  let distinct = 0;
  const width = Math.min(w, n);
  for (let i = 0; i < width; i++) if (counts[forms[i]]++ === 0) distinct++;
  let sum = distinct;
  let windows = 1;
  for (let i = width; i < n; i++) {
    if (counts[forms[i]]++ === 0) distinct++;
    if (--counts[forms[i - width]] === 0) distinct--;
    sum += distinct;
    windows++;
  }
  return sum / windows / width;
}

/** Words scored for the fluency estimate at most (about). */
const MAX_SAMPLE = 2000;

/** The document's mean per-word log10 probability, or null without a model or with too few words. */
export function fluencyOf(ctx: AnalyzerContext, rule: FluencyRule): Fluency | null {
  const lm = ctx.rules.lm;
  if (!lm) return null;
  const { tokens, types } = ctx.doc;
  const typeId = lm.typeIds(types);
  const idOf = (i: number) => typeId[tokens[i].type];
  let sum = 0;
  let n = 0;
  const forms: number[] = [];
  // A mean over at most ~MAX_SAMPLE words, evenly spread: as good an estimate, at a bounded cost.
  const stride = Math.max(1, Math.ceil(ctx.doc.words / MAX_SAMPLE));
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') continue;
    // Diversity reads consecutive words: the first MAX_SAMPLE of them.
    if (forms.length < MAX_SAMPLE) forms.push(t.type);
    if (k++ % stride !== 0) continue;
    const w = idOf(i);
    if (w < 0) continue;
    const prev = i > 0 ? tokens[i - 1] : undefined;
    const p1 = t.sentStart || !prev ? lm.bos : prev.kind === 'word' && prev.line === t.line ? idOf(i - 1) : -1;
    const pp = i > 1 ? tokens[i - 2] : undefined;
    const p2 = p1 >= 0 && p1 !== lm.bos && pp && pp.kind === 'word' && !prev!.sentStart && pp.line === t.line ? idOf(i - 2) : -1;
    sum += lm.logProb(p2, p1, w);
    n++;
  }
  if (n < rule.minWords) return null;
  const meanLogProb = sum / n;
  const diversity = movingTtr(forms, types.length);
  const z = (rule.flatWeight * (meanLogProb - rule.genuineMean)) / rule.genuineSd + (rule.diversityWeight * (rule.diversityMean - diversity)) / rule.diversitySd;
  return { meanLogProb: Math.round(meanLogProb * 10000) / 10000, diversity: Math.round(diversity * 10000) / 10000, z: Math.round(z * 100) / 100, words: n };
}

export const translation: Analyzer = {
  name: 'translation',
  after: ['language'],
  analyze(ctx) {
    const cfg = ctx.rules.source.scoring.signals.translation;
    const lang = ctx.results.language?.language?.code;
    if (lang && lang !== 'eng' && lang !== 'und') {
      return { findings: [], signal: signalReport(ctx, 'translation', 0, 0, 'Not English: translation quality is judged on English text only', { judged: false, language: lang }) };
    }
    const rules = ctx.rules.rules;
    const matches = resolveOverlaps(ctx.matches.translation, () => 'all');
    const findings: Finding[] = matches.map((m) => findingFor(ctx, m));
    const weighted = matches.reduce((s, m) => s + rules[m.rule].weight, 0);
    const markerRisk = densityRisk(weighted, ctx.doc.words, cfg.halfRiskDensity, cfg.steepness);
    let fluency: Fluency | null = null;
    let fluencyRisk = 0;
    for (const r of ctx.rules.bySignal.translation) {
      const rule = rules[r];
      if (rule.kind !== 'fluency') continue;
      fluency = fluencyOf(ctx, rule);
      if (fluency) fluencyRisk = 1 / (1 + Math.exp(-(fluency.z - rule.center) / rule.scale));
    }
    const risk = 1 - (1 - markerRisk) * (1 - fluencyRisk);
    // The source language the markers point to, with their evidence.
    const bySource = new Map<string, Finding[]>();
    for (const f of findings) if (f.category) (bySource.get(f.category) ?? bySource.set(f.category, []).get(f.category)!).push(f);
    const top = [...bySource.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    const details: Record<string, unknown> = {
      judged: true,
      markers: findings.length,
      fluency,
      fluencyRisk: round(fluencyRisk),
      markerRisk: round(markerRisk),
    };
    if (top) {
      details.likelySource = top[0];
      details.evidence = top[1].slice(0, 5).map((f) => ({ text: f.text, start: f.start, end: f.end, rule: f.rule }));
    }
    const parts: string[] = [];
    if (findings.length) parts.push(plural(findings.length, 'translationese marker'));
    if (fluency) parts.push(`reads ${fluency.z >= 0 ? 'more' : 'less'} predictably than genuine news (z ${fluency.z >= 0 ? '+' : ''}${fluency.z})`);
    const summary = parts.length ? `${parts.join('; ')}${top ? `; likely source language ${top[0]}` : ''}` : 'No sign of translation';
    return { findings, signal: signalReport(ctx, 'translation', risk, findings.length, summary, details) };
  },
};
