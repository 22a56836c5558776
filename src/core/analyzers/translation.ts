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
 *    Each sentence's fit (its lower-case words' mean log10 probability,
 *    standardised by genuine news sentences) picks the worst sentences,
 *    which are reported as findings but do not add to the risk.
 * 3. Typography (`typography` rules, translation-signs.ts): untranslated
 *    script, another language's spacing, date and quotation conventions,
 *    lost sentence boundaries, names transliterated two ways.
 * 4. Risk: markers and typography by density, fluency by a logistic curve,
 *    combined as independent evidence. Only English text is judged.
 */
import type { Analyzer, AnalyzerContext, Finding } from '../types.ts';
import type { CompiledRule } from '../rules/schema.ts';
import { typographyFindings } from './translation-signs.ts';
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

const SENTENCE_END = new Set(['.', '!', '?', '\u2026', '\u3002']);

/** Words scored for the fluency estimate and the sentences at most: the first MAX_SCORED of the text. */
const MAX_SCORED = 5000;

/** A sentence's fit to genuine English: the mean log10 probability of its lower-case words, standardised. */
export interface SentenceFit {
  start: number;
  end: number;
  meanLogProb: number;
  z: number;
  words: number;
}

/**
 * The document's fluency and its sentences' fit, in one pass: every word the model knows counts for
 * the document's mean; lower-case known words count for their sentence's (names and numbers say
 * little of the English around them). Null without a model or with too few words.
 */
export function fluencyOf(ctx: AnalyzerContext, rule: FluencyRule): { fluency: Fluency; sentences: SentenceFit[] } | null {
  const lm = ctx.rules.lm;
  if (!lm) return null;
  const { tokens, types } = ctx.doc;
  const typeId = lm.typeIds(types);
  const idOf = (i: number) => typeId[tokens[i].type];
  let sum = 0;
  let n = 0;
  const forms: number[] = [];
  const sentences: SentenceFit[] = [];
  let sStart = -1;
  let sEnd = -1;
  let sSum = 0;
  let sN = 0;
  let sLine = -1;
  let sEnded = false;
  const closeSentence = () => {
    // Only sentences that end as sentences do: a headline or a menu line is not prose.
    if (sStart >= 0 && sEnded && sN >= rule.minSentenceWords) {
      const mean = sSum / sN;
      sentences.push({ start: sStart, end: sEnd, meanLogProb: Math.round(mean * 1000) / 1000, z: Math.round(((mean - rule.sentenceMean) / rule.sentenceSd) * 100) / 100, words: sN });
    }
    sStart = -1;
    sSum = 0;
    sN = 0;
    sEnded = false;
  };
  let words = 0;
  for (let i = 0; i < tokens.length && words < MAX_SCORED; i++) {
    const t = tokens[i];
    if (t.line !== sLine) {
      closeSentence();
      sLine = t.line;
    }
    if (t.kind !== 'word') {
      if (sStart >= 0) {
        sEnd = t.end;
        if (t.kind === 'punct' && SENTENCE_END.has(t.norm)) sEnded = true;
      }
      continue;
    }
    words++;
    if (t.sentStart) closeSentence();
    if (sStart < 0) sStart = t.start;
    sEnd = t.end;
    sEnded = false;
    forms.push(t.type);
    const w = idOf(i);
    if (w < 0) continue;
    const prev = i > 0 ? tokens[i - 1] : undefined;
    const p1 = t.sentStart || !prev ? lm.bos : prev.kind === 'word' && prev.line === t.line ? idOf(i - 1) : -1;
    const pp = i > 1 ? tokens[i - 2] : undefined;
    const p2 = p1 >= 0 && p1 !== lm.bos && pp && pp.kind === 'word' && !prev!.sentStart && pp.line === t.line ? idOf(i - 2) : -1;
    const lp = lm.logProb(p2, p1, w);
    sum += lp;
    n++;
    if (t.caps === 'lower') {
      sSum += lp;
      sN++;
    }
  }
  closeSentence();
  if (n < rule.minWords) return null;
  const meanLogProb = sum / n;
  const diversity = movingTtr(forms, types.length);
  const z = (rule.flatWeight * (meanLogProb - rule.genuineMean)) / rule.genuineSd + (rule.diversityWeight * (rule.diversityMean - diversity)) / rule.diversitySd;
  return { fluency: { meanLogProb: Math.round(meanLogProb * 10000) / 10000, diversity: Math.round(diversity * 10000) / 10000, z: Math.round(z * 100) / 100, words: n }, sentences };
}

/**
 * Findings for the worst sentences: at or below the rule's `sentenceZ` (or `flaggedSentenceZ` in a text the
 * signal flags), the worst `maxSentences`, in text order.
 */
function worstSentences(ctx: AnalyzerContext, rule: FluencyRule, sentences: SentenceFit[], flagged: boolean): Finding[] {
  const line = flagged ? Math.max(rule.sentenceZ, rule.flaggedSentenceZ) : rule.sentenceZ;
  const bad = sentences.filter((s) => s.z <= line).sort((a, b) => a.z - b.z).slice(0, rule.maxSentences);
  return bad
    .sort((a, b) => a.start - b.start)
    .map((s) => ({
      signal: 'translation' as const,
      rule: rule.ruleId,
      start: s.start,
      end: s.end,
      text: ctx.doc.text.slice(s.start, s.end),
      message: `${rule.sentenceMessage} (mean log10 probability ${s.meanLogProb} per word; genuine news sentences average ${rule.sentenceMean}, this is ${Math.abs(s.z)} standard deviations below)`,
      severity: rule.level,
    }));
}

/** Whether most words of the text start with a letter outside the Latin script. */
function mostlyNonLatin(ctx: AnalyzerContext): boolean {
  let words = 0;
  let other = 0;
  for (const t of ctx.doc.tokens) {
    if (t.kind !== 'word') continue;
    words++;
    if (t.norm.charCodeAt(0) >= 0x370 && !(t.norm.charCodeAt(0) >= 0x1e00 && t.norm.charCodeAt(0) <= 0x1eff)) other++;
  }
  return other * 2 > words;
}

export const translation: Analyzer = {
  name: 'translation',
  after: ['language'],
  analyze(ctx) {
    const cfg = ctx.rules.source.scoring.signals.translation;
    const language = ctx.results.language?.language;
    const lang = language?.code;
    // A short text's identification is a guess (franc calls some English sentences Uyghur): another language is
    // skipped when the identification is confident or most words are not in the Latin script.
    if (lang && lang !== 'eng' && lang !== 'und' && ((language?.confidence ?? 1) >= 0.5 || mostlyNonLatin(ctx))) {
      return { findings: [], signal: signalReport(ctx, 'translation', 0, 0, 'Not English: translation quality is judged on English text only', { judged: false, language: lang }) };
    }
    const rules = ctx.rules.rules;
    const matches = resolveOverlaps(ctx.matches.translation, () => 'all');
    const markers: Finding[] = matches.map((m) => findingFor(ctx, m));
    let weighted = matches.reduce((s, m) => s + rules[m.rule].weight, 0);
    let measured: { fluency: Fluency; sentences: SentenceFit[]; rule: FluencyRule } | null = null;
    let fluencyRisk = 0;
    for (const r of ctx.rules.bySignal.translation) {
      const rule = rules[r];
      if (rule.kind === 'typography') {
        const found = typographyFindings(ctx, rule);
        weighted += found.length * rule.weight;
        for (const f of found) markers.push(f);
      } else if (rule.kind === 'fluency') {
        const m = fluencyOf(ctx, rule);
        if (!m) continue;
        measured = { ...m, rule };
        fluencyRisk = 1 / (1 + Math.exp(-(m.fluency.z - rule.center) / rule.scale));
      }
    }
    const markerRisk = densityRisk(weighted, ctx.doc.words, cfg.halfRiskDensity, cfg.steepness);
    const risk = 1 - (1 - markerRisk) * (1 - fluencyRisk);
    const fluency = measured?.fluency ?? null;
    const sentenceFindings = measured ? worstSentences(ctx, measured.rule, measured.sentences, risk >= cfg.flagAt) : [];
    // The three worst sentences, shown or not, with their figures.
    const worst = measured ? [...measured.sentences].sort((a, b) => a.z - b.z).slice(0, 3) : [];
    const findings = [...markers, ...sentenceFindings].sort((a, b) => a.start - b.start || a.end - b.end);
    // The source language the signs point to, with their evidence.
    const bySource = new Map<string, Finding[]>();
    for (const f of markers) if (f.category) (bySource.get(f.category) ?? bySource.set(f.category, []).get(f.category)!).push(f);
    const top = [...bySource.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    const details: Record<string, unknown> = {
      judged: true,
      markers: markers.length,
      worstSentences: sentenceFindings.length,
      fluency: fluency ? { ...fluency, worstSentences: worst } : null,
      fluencyRisk: round(fluencyRisk),
      markerRisk: round(markerRisk),
    };
    if (top) {
      details.likelySource = top[0];
      details.evidence = top[1].slice(0, 5).map((f) => ({ text: f.text, start: f.start, end: f.end, rule: f.rule }));
    }
    const parts: string[] = [];
    if (markers.length) parts.push(plural(markers.length, 'sign') + ' of translated copy');
    if (sentenceFindings.length) parts.push(plural(sentenceFindings.length, 'sentence') + ' reading unlike genuine English');
    if (fluency) parts.push(`reads ${fluency.z >= 0 ? 'more' : 'less'} predictably than genuine news (z ${fluency.z >= 0 ? '+' : ''}${fluency.z})`);
    const summary = parts.length ? `${parts.join('; ')}${top ? `; likely source language ${top[0]}` : ''}` : 'No sign of translation';
    return { findings, signal: signalReport(ctx, 'translation', risk, findings.length, summary, details) };
  },
};
