/**
 * Spin caught in context: real-word error detection with a spinner's
 * thesaurus as the confusion sets and a trigram model of genuine English as
 * the judge.
 *
 * For each content word w whose own bigrams with its neighbours are not both
 * attested, every candidate original c (a word the thesaurus would have
 * replaced with w, from the language-model pack) is put in w's place, and
 * the window is scored on both sides:
 *
 *   s(x) = log P(x | l2 l1) + log P(r1 | l1 x) + log P(r2 | x r1)
 *
 * An original must make an unattested side attested. The best candidate has
 * the largest margin s(c) − s(w) − prior × (log P(c) − log P(w)) (+ pairsBonus
 * for a swap real spinners made): with prior 0 the model's preference for
 * common words counts in full, with 1 only how much better c fits the context.
 * The strength of the evidence is that margin, or with `weights` a logistic
 * model of its features (CONTEXT_FEATURES, fitted on the tuning halves by
 * scripts/eval/tune-spin.ts). At or above `countMargin` it counts toward the
 * document decision; at or above `showMargin`, with c attested on both sides,
 * it is shown as a finding with c as `expected`.
 *
 * Guards: words inside quotation marks, numbers (they break the context),
 * all-capital words, and capitalised words inside a sentence unless the rule
 * looks at names (then with `capsMargin` more). Words decided as swapped are
 * replaced by their original for the context of the words after them, so
 * two swapped neighbours ("curiosity charges") do not hide each other.
 */
import type { LanguageModel } from '../lm/model.ts';
import { CAND_PAIRS, CAND_THESAURUS } from '../lm/pack.ts';
import type { CompiledRule } from '../rules/schema.ts';
import type { AnalyzerContext, Finding } from '../types.ts';
import { detectorFinding } from './util.ts';

export type ContextRule = Extract<CompiledRule, { kind: 'context' }>;

export interface ContextEvidence {
  /** Token index of the swapped word. */
  token: number;
  /** Word id of the likely original. */
  original: number;
  margin: number;
  /** The original's bigrams with both neighbours are attested. */
  attested: boolean;
  /** A capitalised word inside a sentence (held to `capsMargin` more). */
  name: boolean;
  shown: boolean;
  /** With `features: true`: the evidence's feature vector (CONTEXT_FEATURES), for tuning. */
  features?: number[];
}

export interface ContextResult {
  findings: Finding[];
  evidence: ContextEvidence[];
  /** Weighted evidence: shown findings at the rule's weight, hidden evidence at `hiddenWeight`. */
  weighted: number;
}

/** Double quotation marks only: ‘ ’ are also apostrophes. */
const OPEN_QUOTES = new Set(['\u201c', '\u00ab', '\u201e']);
const CLOSE_QUOTES = new Set(['\u201d', '\u00bb']);
const SENTENCE_END = new Set(['.', '!', '?', '\u2026']);

/**
 * log10 P(x | l2 l1) + P(r1 | l1 x) + P(r2 | x r1) with x in the middle, from bigram slots looked up once:
 * `a` = slot of (l1, x), `b` = slot of (x, r1) (-1 when unattested or without that neighbour). A trigram
 * is only looked for where its bigram suffix is stored (the model's tries store it under that bigram).
 * `boL` = backoff(l2 l1), `sR` = slot of (r1, r2) and `pR2` = log10 P(r2 | r1) are shared by every x
 * at the position.
 */
function windowScore(lm: LanguageModel, x: number, l2: number, l1: number, r1: number, r2: number, a: number, b: number, boL: number, sR: number, pR2: number): number {
  let s: number;
  // P(x | l2 l1)
  if (l1 < 0) s = lm.unigram(x);
  else if (a < 0) s = boL + lm.unigramBackoff(l1) + lm.unigram(x);
  else if (l2 >= 0) {
    const t = lm.trigram(l2, l1, x);
    s = t === t ? t : boL + lm.slotProb(a);
  } else s = lm.slotProb(a);
  if (r1 < 0) return s;
  // P(r1 | l1 x)
  const pR1 = b >= 0 ? lm.slotProb(b) : lm.unigramBackoff(x) + lm.unigram(r1);
  if (a >= 0) {
    const t = b >= 0 ? lm.trigram(l1, x, r1) : NaN;
    s += t === t ? t : lm.slotBackoff(a) + pR1;
  } else s += pR1;
  if (r2 < 0) return s;
  // P(r2 | x r1)
  if (b >= 0) {
    const t = sR >= 0 ? lm.trigram(x, r1, r2) : NaN;
    s += t === t ? t : lm.slotBackoff(b) + pR2;
  } else s += pR2;
  return s;
}

/** Names of the features a `weights` vector applies to, in order (after the bias). */
export const CONTEXT_FEATURES = ['lmDiff', 'priorDiff', 'wordLogFreq', 'bothUnseen', 'originalAttested', 'spinnerPair', 'thesaurus', 'name', 'sentenceStart', 'logCandidates'] as const;

export function findInContext(ctx: AnalyzerContext, rule: ContextRule, covered: Uint8Array, opts: { features?: boolean } = {}): ContextResult {
  const lm: LanguageModel | null = ctx.rules.lm;
  const out: ContextResult = { findings: [], evidence: [], weighted: 0 };
  if (!lm) return out;
  const { tokens, types, text } = ctx.doc;
  const n = tokens.length;
  // Word ids per distinct form, then per token (-1: not a word the model knows, or a context break).
  const typeId = lm.typeIds(types);
  const ids = new Int32Array(n);
  const inQuote = new Uint8Array(n);
  let quoted = false;
  let line = -1;
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (t.line !== line) {
      line = t.line;
      quoted = false;
    }
    if (t.kind === 'word') {
      ids[i] = typeId[t.type];
      inQuote[i] = quoted ? 1 : 0;
    } else {
      ids[i] = -1;
      if (t.kind === 'punct') {
        const ch = t.norm;
        if (ch === '"') quoted = !quoted;
        else if (OPEN_QUOTES.has(ch)) quoted = true;
        else if (CLOSE_QUOTES.has(ch)) quoted = false;
      }
    }
  }
  /** The word before token i as context: <s> at a sentence start, -1 for none (punctuation, a number, another line). */
  const before = (i: number): number => {
    const t = tokens[i];
    if (t.sentStart || i === 0) return lm.bos;
    const p = tokens[i - 1];
    return p.kind === 'word' && p.line === t.line ? ids[i - 1] : -1;
  };
  /** The word after token i: </s> before a sentence end, -1 for none. */
  const after = (i: number): number => {
    const j = i + 1;
    if (j >= n) return lm.eos;
    const t = tokens[j];
    if (t.line !== tokens[i].line) return lm.eos;
    if (t.kind === 'word') return t.sentStart ? lm.eos : ids[j];
    if (t.kind === 'punct' && SENTENCE_END.has(t.norm)) return lm.eos;
    return -1;
  };
  const weight = rule.weight;
  const lambda = rule.prior;
  let nextFree = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    const w = ids[i];
    if (w < 0 || covered[i] || inQuote[i] || i < nextFree) continue;
    const cands = lm.candidateCount(w);
    if (cands === 0 || t.caps === 'upper' || t.caps === 'mixed') continue;
    const name = t.caps === 'title' && !t.sentStart;
    if (name && !rule.names) continue;
    const l1 = before(i);
    const r1 = after(i);
    if (l1 < 0 && r1 < 0) continue;
    // Attested on both sides: an honest writer's word, however rare.
    const aw = l1 >= 0 ? lm.bigramSlot(l1, w) : -1;
    const bw = r1 >= 0 ? lm.bigramSlot(w, r1) : -1;
    const seenL = l1 < 0 || aw >= 0;
    const seenR = r1 < 0 || bw >= 0;
    if (seenL && seenR) continue;
    // Context shared by every word put at i.
    const l2 = l1 >= 0 && l1 !== lm.bos && i > 0 ? before(i - 1) : -1;
    const r2 = r1 >= 0 && r1 !== lm.eos ? after(i + 1) : -1;
    const sL = l2 >= 0 ? lm.bigramSlot(l2, l1) : -1;
    const boL = sL >= 0 ? lm.slotBackoff(sL) : 0;
    const sR = r2 >= 0 ? lm.bigramSlot(r1, r2) : -1;
    const pR2 = r2 < 0 ? 0 : sR >= 0 ? lm.slotProb(sR) : lm.unigramBackoff(r1) + lm.unigram(r2);
    const sw = windowScore(lm, w, l2, l1, r1, r2, aw, bw, boL, sR, pR2) - lambda * lm.unigram(w);
    let best = -1;
    let bestK = -1;
    let bestMargin = -Infinity;
    let bestRaw = 0;
    let bestAttested = false;
    const max = Math.min(cands, rule.maxCandidates);
    for (let k = 0; k < max; k++) {
      const c = lm.candidate(w, k);
      // An original must make an unattested side attested; only then is the window scored.
      const ac = l1 >= 0 ? lm.bigramSlot(l1, c) : -1;
      if (!seenL && ac < 0 && seenR) continue;
      const bc = r1 >= 0 ? lm.bigramSlot(c, r1) : -1;
      if ((seenL || ac < 0) && (seenR || bc < 0)) continue;
      const raw = windowScore(lm, c, l2, l1, r1, r2, ac, bc, boL, sR, pR2);
      let m = raw - lambda * lm.unigram(c) - sw;
      // Swaps that real spinners made (the substitution pairs) are likelier than any thesaurus sense.
      if (rule.pairsBonus && lm.candidateFlags(w, k) & CAND_PAIRS) m += rule.pairsBonus;
      if (m > bestMargin) {
        bestMargin = m;
        best = c;
        bestK = k;
        bestRaw = raw;
        bestAttested = (l1 < 0 || ac >= 0) && (r1 < 0 || bc >= 0);
      }
    }
    if (best < 0) continue;
    // The strength of the evidence: the margin, or with `weights` a learnt logistic score of the features.
    let strength = bestMargin;
    let features: number[] | undefined;
    if (rule.weights || opts.features) {
      const flags = lm.candidateFlags(w, bestK);
      features = [
        bestRaw - (sw + lambda * lm.unigram(w)),
        lm.unigram(best) - lm.unigram(w),
        lm.unigram(w),
        !seenL && !seenR ? 1 : 0,
        bestAttested ? 1 : 0,
        flags & CAND_PAIRS ? 1 : 0,
        flags & CAND_THESAURUS ? 1 : 0,
        name ? 1 : 0,
        t.sentStart ? 1 : 0,
        Math.log(1 + cands),
      ];
      if (rule.weights) {
        const wt = rule.weights;
        strength = wt[0];
        for (let f = 0; f < features.length; f++) strength += wt[f + 1] * features[f];
      }
    }
    const need = name ? rule.capsMargin : 0;
    if (strength < rule.countMargin + need) continue;
    const shown = bestAttested && strength >= rule.showMargin + need;
    out.evidence.push({ token: i, original: best, margin: strength, attested: bestAttested, name, shown, ...(opts.features ? { features } : {}) });
    // The original stands in the context of the words after it.
    ids[i] = best;
    if (!shown) {
      out.weighted += rule.hiddenWeight;
      continue;
    }
    out.weighted += weight;
    covered[i] = 1;
    // The finding spans the swapped word and the neighbour(s) whose n-gram gives it away.
    let s = i;
    let e = i;
    if (!seenL && i > 0 && tokens[i - 1].kind === 'word' && !t.sentStart) s = i - 1;
    if (!seenR && i + 1 < n && tokens[i + 1].kind === 'word' && !tokens[i + 1].sentStart && tokens[i + 1].line === t.line) e = i + 1;
    const words: string[] = [];
    for (let k = s; k <= e; k++) words.push(k === i ? lm.word(best) : tokens[k].norm);
    out.findings.push(detectorFinding(text, rule, tokens[s].start, tokens[e].end, words.join(' ')));
    nextFree = e + 1;
  }
  return out;
}
