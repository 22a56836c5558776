/**
 * Turns a validated rule set into the in-memory index the analyzers use:
 * one token trie for all phrase rules, lookup tables for outlets. Built once
 * per isolate per rule-set version.
 */
import { expandPattern, MAX_SEQUENCE, PatternError, plainPhraseTokens } from '../match/pattern.ts';
import { TokenTrie } from '../match/trie.ts';
import type { SignalName } from '../types.ts';
import { SIGNALS } from '../types.ts';
import type { CompiledRule, Outlet, Ruleset } from './schema.ts';
import { foldString } from '../text/normalize.ts';
import { Bloom } from '../match/bloom.ts';
import { hashString } from '../text/interner.ts';
import type { LanguageModel } from '../lm/model.ts';

export interface Guard {
  before?: Set<string>;
  after?: Set<string>;
  notBefore?: Set<string>;
  notAfter?: Set<string>;
  numberBefore?: boolean;
  numberAfter?: boolean;
  sentenceStart?: boolean;
  /** Whether any positive condition is set (then one must hold). */
  positive: boolean;
}

export interface CompiledRuleset {
  version: string;
  source: Ruleset;
  rules: CompiledRule[];
  /** For substitution rules: the expected text of each variant (swap value). */
  variants: string[][];
  /** Per rule: folded context words (before/after) for fast guard checks. */
  guards: Array<Guard | null>;
  /** One trie for every rule phrase and every outlet name; outlet outputs have rule = -(outlet index + 1). */
  trie: TokenTrie;
  outletsByDomain: Map<string, Outlet>;
  /** Spin frames: known original phrases, spinner synonyms learnt from the substitutions, genuine n-grams. */
  spinFrames: SpinFrames;
  /** Data of the `pairs` detector, when the rule set ships rules/spin/pairs.json. */
  spinPairs: SpinPairsIndex | null;
  /** The language model of genuine English (the `context` detector), when the rule set's pack is loaded; see `withModel`. */
  lm: LanguageModel | null;
  outlets: Outlet[];
  bySignal: Record<SignalName, number[]>;
}

export interface SpinFrames {
  /** Folded original phrases (the `expected` side of spin substitutions). */
  phrases: Set<string>;
  /** Spun word → the words it stood for in the listed fingerprints. */
  originals: Map<string, string[]>;
  /**
   * Frames: a known phrase with one slot blanked, keyed by its `frameHash`
   * → the words that fill the slot in known phrases. Keys are numbers, so a
   * window of text is tested without building a string; a candidate is
   * confirmed against `phrases`, which makes hash collisions harmless.
   */
  slots: Map<number, string[]>;
  /** Every word of a known phrase: a window needs one besides the swapped word. */
  vocabulary: Set<string>;
  /** Word n-grams seen in genuine text, when the rule set ships them. */
  genuine: Bloom | null;
}


/** Frame hashes: words' `hashString` values folded in order, the blank slot counting as 0, kept to 30 bits (small integers in V8). */
export const FRAME_SEED = 0x3c6ef372;
export const FRAME_MASK = 0x3fffffff;
export const frameStep = (h: number, wordHash: number): number => Math.imul(h ^ wordHash, 0x01000193);

/** `keyTokens[rule][variant]`: folded tokens of each plain substitution key, from the trie build. */
function buildSpinFrames(rs: Ruleset, keyTokens: Array<Array<string[] | null> | undefined>): SpinFrames {
  const phrases = new Set<string>();
  const originals = new Map<string, string[]>();
  const valueTokens = new Map<string, string[] | null>();
  rs.rules.forEach((rule, r) => {
    if (rule.signal !== 'spin' || rule.kind !== 'substitution') return;
    const keys = Object.keys(rule.swap);
    for (let n = 0; n < keys.length; n++) {
      const k = keyTokens[r]?.[n] ?? null;
      const value = rule.swap[keys[n]];
      let v = valueTokens.get(value);
      if (v === undefined) {
        try {
          v = plainPhraseTokens(value);
        } catch {
          v = null;
        }
        valueTokens.set(value, v);
      }
      if (!k || !v) continue;
      if (v.length >= 2) phrases.add(v.join(' '));
      if (k.length !== v.length) continue;
      let diff = -1;
      for (let i = 0; i < k.length; i++) {
        if (k[i] !== v[i]) {
          if (diff >= 0) {
            diff = -2;
            break;
          }
          diff = i;
        }
      }
      if (diff < 0) continue;
      const list = originals.get(k[diff]);
      if (!list) originals.set(k[diff], [v[diff]]);
      else if (!list.includes(v[diff])) list.push(v[diff]);
    }
  });
  const genuine = rs.spinLexicon ? Bloom.fromJSON(rs.spinLexicon.genuine) : null;
  const slots = new Map<number, string[]>();
  const vocabulary = new Set<string>();
  const wordHash = new Map<string, number>();
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    for (const w of words) {
      vocabulary.add(w);
      if (!wordHash.has(w)) wordHash.set(w, hashString(w));
    }
    for (let i = 0; i < words.length; i++) {
      let h = FRAME_SEED;
      for (let k = 0; k < words.length; k++) h = frameStep(h, k === i ? 0 : wordHash.get(words[k])!);
      h &= FRAME_MASK;
      const list = slots.get(h);
      if (!list) slots.set(h, [words[i]]);
      else if (!list.includes(words[i])) list.push(words[i]);
    }
  }
  return { phrases, originals, genuine, slots, vocabulary };
}

export interface SpinPairsIndex {
  genuine: Bloom;
  strong: Bloom;
  /** Spun word → originals a spinner could have replaced with it. */
  originals: Map<string, string[]>;
}

function buildSpinPairs(rs: Ruleset): SpinPairsIndex | null {
  const p = rs.spinPairs;
  if (!p) return null;
  const originals = new Map<string, string[]>();
  for (const line of p.synonyms.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    originals.set(line.slice(0, tab), line.slice(tab + 1).split(','));
  }
  return { genuine: Bloom.fromJSON(p.genuine), strong: Bloom.fromJSON(p.strong), originals };
}

export class RulesetCompileError extends Error {
  constructor(public problems: string[]) {
    super(problems.join('\n'));
  }
}

function phrasesOf(rule: CompiledRule): { phrases: string[]; values: string[] } {
  switch (rule.kind) {
    case 'substitution': {
      const keys = Object.keys(rule.swap);
      return { phrases: keys, values: keys.map((k) => rule.swap[k]) };
    }
    case 'existence':
      return { phrases: rule.tokens, values: [] };
    case 'pattern':
      return { phrases: rule.patterns, values: [] };
    case 'repetition':
    case 'questions':
    case 'frames':
    case 'pairs':
    case 'context':
    case 'fluency':
    case 'typography':
      return { phrases: [], values: [] };
  }
}

export function compileRuleset(rs: Ruleset): CompiledRuleset {
  const trie = new TokenTrie();
  const problems: string[] = [];
  const variants: string[][] = [];
  const guards: CompiledRuleset['guards'] = [];
  const keyTokens: Array<Array<string[] | null> | undefined> = [];
  const bySignal = Object.fromEntries(SIGNALS.map((s) => [s, [] as number[]])) as Record<SignalName, number[]>;
  rs.rules.forEach((rule, r) => {
    bySignal[rule.signal].push(r);
    const { phrases, values } = phrasesOf(rule);
    variants.push(values);
    const plains: Array<string[] | null> | undefined = rule.kind === 'substitution' ? [] : undefined;
    keyTokens.push(plains);
    phrases.forEach((p, v) => {
      try {
        const plain = plainPhraseTokens(p);
        if (plains) plains[v] = plain;
        if (plain) {
          if (plain.length > MAX_SEQUENCE) throw new PatternError(`pattern longer than ${MAX_SEQUENCE} tokens`);
          trie.addLiterals(plain, { rule: r, variant: v });
        } else for (const seq of expandPattern(p)) trie.add(seq, { rule: r, variant: v });
      } catch (e) {
        if (e instanceof PatternError) problems.push(`${rule.file}: rule ${rule.ruleId}: phrase "${p}": ${e.message}`);
        else throw e;
      }
    });
    const c = rule.context;
    const set = (xs?: string[]) => (xs ? new Set(xs.map(foldString)) : undefined);
    guards.push(
      c
        ? {
            before: set(c.before),
            after: set(c.after),
            notBefore: set(c.notBefore),
            notAfter: set(c.notAfter),
            numberBefore: c.numberBefore,
            numberAfter: c.numberAfter,
            sentenceStart: c.sentenceStart,
            positive: !!(c.before || c.after || c.numberBefore || c.numberAfter || c.sentenceStart),
          }
        : null,
    );
  });
  if (problems.length) throw new RulesetCompileError(problems);

  const outletsByDomain = new Map<string, Outlet>();
  rs.outlets.forEach((o, idx) => {
    outletsByDomain.set(o.domain.toLowerCase(), o);
    const names = [o.name, ...(o.aliases ?? [])].filter((n): n is string => !!n && n.trim().length > 1);
    for (const name of names) {
      try {
        // Outlet names are literals, never patterns: escape nothing, just tokenize.
        for (const seq of expandPattern(name.replace(/[{}|?<>*]/g, ' '))) trie.add(seq, { rule: -(idx + 1), variant: 0 });
      } catch {
        /* a name made only of punctuation: skip */
      }
    }
  });
  const spinFrames = buildSpinFrames(rs, keyTokens);
  const spinPairs = buildSpinPairs(rs);
  return { version: rs.version, source: rs, rules: rs.rules, variants, guards, trie, outletsByDomain, outlets: rs.outlets, bySignal, spinFrames, spinPairs, lm: null };
}

/** The compiled set with its language model attached (a shallow copy: the index is shared). */
export function withModel(rules: CompiledRuleset, lm: LanguageModel | null): CompiledRuleset {
  return { ...rules, lm };
}
