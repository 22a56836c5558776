/**
 * Turns a validated rule set into the in-memory index the analyzers use:
 * one token trie for all phrase rules, lookup tables for outlets. Built once
 * per isolate per rule-set version.
 */
import { expandPattern, MAX_SEQUENCE, PatternError, plainPhraseTokens } from '../match/pattern.ts';
import { TokenTrie } from '../match/trie.ts';
import { PackedTrie, packTrie } from '../match/packed-trie.ts';
import type { SignalName } from '../types.ts';
import { SIGNALS } from '../types.ts';
import type { CompiledRule, Outlet, Ruleset } from './schema.ts';
import { foldString } from '../text/normalize.ts';
import { Bloom } from '../match/bloom.ts';
import { hashString } from '../text/interner.ts';
import type { LanguageModel } from '../lm/model.ts';
import type { PhraseIndex } from '../match/packed-trie.ts';
import type { ReadMap, StringSet } from './tables.ts';

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

/** What the analyzers read of the rule set besides its rules: version, packs, scoring, models. */
export type RulesetMeta = Omit<Ruleset, 'rules' | 'outlets' | 'spinLexicon' | 'spinPairs'>;

export interface CompiledRuleset {
  version: string;
  source: RulesetMeta;
  /** The whole source rule set, when compiled from JSON (build scripts and evaluations); a pack does not carry it. */
  ruleset?: Ruleset;
  rules: CompiledRule[];
  /** For substitution rules: the expected text of a variant (swap value); undefined past the last. */
  variant(rule: number, variant: number): string | undefined;
  /** Per rule: folded context words (before/after) for fast guard checks. */
  guards: Array<Guard | null>;
  /** One trie for every rule phrase and every outlet name; outlet outputs have rule = -(outlet index + 1). */
  trie: PhraseIndex;
  outletsByDomain: ReadMap<string, Outlet>;
  outletCount: number;
  /** The outlet of an index (trie outputs: -(rule + 1)). */
  outlet(index: number): Outlet;
  /** Spin frames: known original phrases, spinner synonyms learnt from the substitutions, genuine n-grams. */
  spinFrames: SpinFrames;
  /** Data of the `pairs` detector, when the rule set ships rules/spin/pairs.json. */
  spinPairs: SpinPairsIndex | null;
  /** The language model of genuine English (the `context` detector), when the rule set's pack is loaded; see `withModel`. */
  lm: LanguageModel | null;
  bySignal: Record<SignalName, number[]>;
  /** From a pack: SHA-256 (hex) of the source set's canonical JSON (PUT /v1/rules' immutability check of the bundled version). */
  canonicalSha256?: string;
}

export interface SpinFrames {
  /** Folded original phrases (the `expected` side of spin substitutions). */
  phrases: StringSet;
  /** Spun word → the words it stood for in the listed fingerprints. */
  originals: ReadMap<string, string[]>;
  /**
   * Frames: a known phrase with one slot blanked, keyed by its `frameHash`
   * → the words that fill the slot in known phrases. Keys are numbers, so a
   * window of text is tested without building a string; a candidate is
   * confirmed against `phrases`, which makes hash collisions harmless.
   */
  slots: ReadMap<number, string[]>;
  /** Every word of a known phrase: a window needs one besides the swapped word. */
  vocabulary: StringSet;
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
  originals: ReadMap<string, string[]>;
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
  const { rules: _rules, outlets: _outlets, spinLexicon: _lexicon, spinPairs: _pairs, ...source } = rs;
  return {
    version: rs.version,
    source,
    ruleset: rs,
    rules: rs.rules,
    variant: (r, v) => variants[r][v],
    guards: buildGuards(rs.rules),
    // Laid out as arrays: the one layout every analysis scans, whether the set came from JSON or from a pack.
    trie: new PackedTrie(packTrie(trie)),
    outletsByDomain,
    outletCount: rs.outlets.length,
    outlet: (i) => rs.outlets[i],
    bySignal,
    spinFrames,
    spinPairs,
    lm: null,
  };
}

const PLAIN = /^[a-z0-9]*$/;

/** Per rule: its context words folded into sets for the guard checks (null without a context). */
export function buildGuards(rules: readonly CompiledRule[]): Array<Guard | null> {
  // Plain lower-case ASCII words fold to themselves: most context words, and no Unicode normalisation to run.
  const fold = (x: string) => (PLAIN.test(x) ? x : foldString(x));
  const set = (xs?: string[]) => (xs ? new Set(xs.map(fold)) : undefined);
  return rules.map((rule) => {
    const c = rule.context;
    return c
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
      : null;
  });
}

/** The compiled set with its language model attached (a shallow copy: the index is shared). */
export function withModel(rules: CompiledRuleset, lm: LanguageModel | null): CompiledRuleset {
  return { ...rules, lm };
}
