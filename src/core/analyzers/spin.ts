/**
 * Spin: synonym-spun rewriting ("Top Minister" for Prime Minister).
 *
 * 1. Listed fingerprints: substitution and pattern rules from `rules/spin/`
 *    (hand-written and generated), found by the shared one-pass trie.
 * 2. Beyond the list: a `frames` rule looks for a known original phrase with
 *    one word replaced by a word that the fingerprints show to be a
 *    spinner's synonym of it ("demise certificate" → "death certificate"),
 *    unless the observed phrase is itself a known phrase or a genuine n-gram.
 * 3. In context: the `context` rule judges single words with the language
 *    model of genuine English (spin-context.ts); weaker evidence is counted
 *    without being shown.
 * 4. Pairs: an unseen word pair that becomes a strong collocation with one
 *    word put back ("demise toll" → "death toll").
 * 5. A document-level decision from the density, the diversity and the
 *    visibility of the evidence (rules/scoring.yaml).
 */
import type { Analyzer, AnalyzerContext, Finding } from '../types.ts';
import type { CompiledRule } from '../rules/schema.ts';
import { typeFlags } from '../doc.ts';
import { FRAME_MASK, FRAME_SEED, frameStep } from '../rules/compiled.ts';
import { hashString } from '../text/interner.ts';
import { findInContext, type ContextRule } from './spin-context.ts';
import { densityRisk, detectorFinding, findingFor, plural, resolveOverlaps, round, signalReport } from './util.ts';

type FramesRule = Extract<CompiledRule, { kind: 'frames' }>;

/** Index of the token that starts at `offset` (tokens are sorted), or -1. */
function tokenAt(tokens: AnalyzerContext['doc']['tokens'], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else if (tokens[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}
type PairsRule = Extract<CompiledRule, { kind: 'pairs' }>;

/**
 * Single swapped words: an adjacent word pair that genuine text does not use,
 * where putting back an original of one word (the spinner's thesaurus read
 * backwards) gives a strong collocation of genuine text.
 */
export function findPairs(ctx: AnalyzerContext, rule: PairsRule, covered: Uint8Array): Finding[] {
  const data = ctx.rules.spinPairs;
  const out: Finding[] = [];
  if (!data) return out;
  const { tokens, text, types } = ctx.doc;
  const { genuine, strong, originals } = data;
  const origsOf: Array<string[] | undefined> = new Array(types.length);
  for (let t = 0; t < types.length; t++) origsOf[t] = originals.get(types[t]);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i];
    const b = tokens[i + 1];
    if (a.kind !== 'word' || b.kind !== 'word' || b.sentStart || a.line !== b.line || covered[i] || covered[i + 1]) continue;
    const oa = origsOf[a.type];
    const ob = origsOf[b.type];
    if (!oa && !ob) continue;
    if (genuine.hasPair(a.norm, b.norm)) continue;
    let expected: string | null = null;
    let swapped = -1;
    if (oa) {
      for (let k = 0; k < oa.length && k < rule.maxOriginals; k++) {
        if (strong.hasPair(oa[k], b.norm)) {
          expected = `${oa[k]} ${b.norm}`;
          swapped = i;
          break;
        }
      }
    }
    if (!expected && ob) {
      for (let k = 0; k < ob.length && k < rule.maxOriginals; k++) {
        if (strong.hasPair(a.norm, ob[k])) {
          expected = `${a.norm} ${ob[k]}`;
          swapped = i + 1;
          break;
        }
      }
    }
    if (!expected) continue;
    // A capitalised word inside a sentence is mostly a name or a product ("PC Games", "Backup
    // Services"), where genuine text is full of pairs our collocation counts have not seen.
    const sw = tokens[swapped];
    if (sw.caps !== 'lower' && !sw.sentStart) continue;
    // The finding spans the pair: the swapped word and its partner as context.
    out.push(detectorFinding(text, rule, a.start, b.end, expected));
    covered[swapped] = 1;
    i++; // pairs do not overlap
  }
  return out;
}

export function findFrames(ctx: AnalyzerContext, rule: FramesRule, covered: Uint8Array): Finding[] {
  const { tokens, text, types } = ctx.doc;
  const { phrases, originals, genuine, slots, vocabulary } = ctx.rules.spinFrames;
  const out: Finding[] = [];
  if (originals.size === 0 || phrases.size === 0) return out;
  // Per distinct word: its originals, whether known phrases use it, and its hash (computed when first needed).
  const origsOf: Array<string[] | undefined> = new Array(types.length);
  for (let t = 0; t < types.length; t++) origsOf[t] = originals.get(types[t]);
  const known = typeFlags(ctx.doc, vocabulary);
  // With the pairs data loaded, the swapped word must also be one of its spun words: a word a spinner
  // puts in for a far more frequent one. Frames of common words ("Border Protection", "Memory Card",
  // "dry soil") were most of the detector's findings on genuine pages.
  const pairs = ctx.rules.spinPairs;
  const rare = pairs ? new Uint8Array(types.length) : null;
  if (rare) for (let t = 0; t < types.length; t++) rare[t] = pairs!.originals.has(types[t]) ? 1 : 0;
  const hashOf = new Int32Array(types.length);
  const hashed = new Uint8Array(types.length);
  const wordHash = (type: number) => {
    if (!hashed[type]) {
      hashOf[type] = hashString(types[type]);
      hashed[type] = 1;
    }
    return hashOf[type];
  };
  let nextFree = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' || covered[i]) continue;
    const origs = origsOf[t.type];
    if (!origs) continue;
    if (rare && !rare[t.type]) continue;
    // A frame needs a word of a known phrase right next to the swapped word.
    const prev = i > 0 ? tokens[i - 1] : undefined;
    const next = i + 1 < tokens.length ? tokens[i + 1] : undefined;
    if (!(prev && prev.kind === 'word' && known[prev.type]) && !(next && next.kind === 'word' && known[next.type])) continue;
    let found: { s: number; e: number; expected: string } | null = null;
    // Windows of n words containing token i at position p, within one line and one sentence.
    for (let n = rule.maxWords; n >= rule.minWords && !found; n--) {
      for (let p = 0; p < n && !found; p++) {
        const s = i - p;
        const e = s + n;
        if (s < nextFree || e > tokens.length) continue;
        let ok = true;
        for (let k = s; k < e; k++) {
          const w = tokens[k];
          // Every word but the swapped one must be a word of some known phrase.
          if (w.kind === 'punct' || covered[k] || w.line !== t.line || (k > s && w.sentStart) || (k !== i && !known[w.type])) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        // One numeric lookup per window: the words that fill this slot in known phrases.
        let h = FRAME_SEED;
        for (let k = s; k < e; k++) h = frameStep(h, k === i ? 0 : wordHash(tokens[k].type));
        const fillers = slots.get(h & FRAME_MASK);
        if (!fillers) continue;
        if (!origs.some((x) => fillers.includes(x))) continue;
        const words: string[] = [];
        for (let k = s; k < e; k++) words.push(tokens[k].norm);
        const observed = words.join(' ');
        if (phrases.has(observed) || genuine?.has(observed)) continue;
        for (const o of origs) {
          if (!fillers.includes(o)) continue;
          words[p] = o;
          // The hash only narrows the search: the original phrase must really be known.
          const expected = words.join(' ');
          if (phrases.has(expected)) {
            found = { s, e, expected };
            break;
          }
        }
      }
    }
    if (!found) continue;
    out.push(detectorFinding(text, rule, tokens[found.s].start, tokens[found.e - 1].end, found.expected));
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
    // Detectors beyond the list, frames first (longer phrases), then the language model in context, then
    // pairs; each skips tokens already reported.
    let hidden = 0;
    let contextRan = false;
    for (const kind of ['frames', 'context', 'pairs'] as const) {
      for (const r of ctx.rules.bySignal.spin) {
        const rule = rules[r];
        if (rule.kind !== kind) continue;
        let found: Finding[];
        if (rule.kind === 'context') {
          const res = findInContext(ctx, rule as ContextRule, covered);
          contextRan ||= ctx.rules.lm !== null;
          found = res.findings;
          hidden += res.evidence.length - res.findings.length;
          weighted += res.weighted;
        } else {
          found = rule.kind === 'frames' ? findFrames(ctx, rule, covered) : findPairs(ctx, rule as PairsRule, covered);
          weighted += found.length * rule.weight;
        }
        for (const f of found) {
          const t0 = tokenAt(ctx.doc.tokens, f.start);
          for (let t = t0; t >= 0 && t < ctx.doc.tokens.length && ctx.doc.tokens[t].end <= f.end; t++) covered[t] = 1;
        }
        for (const f of found) findings.push(f); // not push(...found): a huge page would overflow the stack
      }
    }
    findings.sort((a, b) => a.start - b.start);
    const cfg = ctx.rules.source.scoring.signals.spin;
    // Hidden evidence (language-model margins below the show line) counts as distinct items too.
    const distinct = new Set(findings.map((f) => f.text.toLowerCase())).size + hidden;
    // Density sets the risk; a single distinct item (however often repeated), less evidence than
    // `minEvidence`, or fewer shown findings than `minShown` caps it below the flag line.
    let risk = densityRisk(weighted, ctx.doc.words, cfg.halfRiskDensity, cfg.steepness);
    if (distinct < 2 || weighted < cfg.minEvidence || findings.length < cfg.minShown) risk = Math.min(risk, round(cfg.flagAt - 0.01));
    const per1k = Math.round(((findings.length * 1000) / Math.max(ctx.doc.words, 1)) * 10) / 10;
    const detectorIds = new Set(rules.filter((r) => r.kind === 'frames' || r.kind === 'pairs' || r.kind === 'context').map((r) => r.ruleId));
    const listed = findings.filter((f) => !detectorIds.has(f.rule)).length;
    const summary = findings.length
      ? `${plural(findings.length, 'likely spun phrase')} (${distinct} distinct, ${per1k} per 1,000 words; ${listed} listed, ${findings.length - listed} found beyond the list)`
      : hidden
        ? `No spun phrase certain enough to show (${plural(hidden, 'weaker sign')} counted)`
        : 'No spun phrasing found';
    const details = {
      per1000Words: per1k,
      distinct,
      listed,
      beyondList: findings.length - listed,
      evidence: Math.round(weighted * 100) / 100,
      hiddenEvidence: hidden,
      languageModel: contextRan ? ctx.rules.lm!.label : null,
    };
    return { findings, signal: signalReport(ctx, 'spin', risk, findings.length, summary, details) };
  },
};
