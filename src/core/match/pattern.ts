/**
 * Token patterns: the only matching language rule authors get. A pattern is
 * a space-separated list of elements:
 *
 *   word          a literal word (folded like the text: case, accents, width)
 *   a|b|c         one of several literals (each one word, which may give several tokens: `u.s.|us`)
 *   {a b|c <num>} one of several sub-patterns (words, classes; no nesting)
 *   word*         any word that starts with `word` (at least 3 letters): `иноагент*`
 *   <num>         a number          <word>  any word       <cap>  a capitalised word
 *   <month>       a month name      <punct> a punctuation mark <any> any token
 *   x?            the element is optional
 *
 * Punctuation written in a pattern is matched as its own token, so
 * `( organization banned in russia )` needs the parentheses. Patterns expand
 * at build time into plain token sequences (alternations and optionals are
 * multiplied out, capped), so matching is a walk of one trie: linear in the
 * text, with no backtracking whatever the pattern.
 */
import { tokenize } from '../text/tokenize.ts';

export const CLASSES = ['num', 'word', 'cap', 'month', 'punct', 'any'] as const;
export type TokenClass = (typeof CLASSES)[number];

/** A literal (folded token), a class reference, or a word prefix. */
export type Element = { lit: string } | { cls: TokenClass } | { pre: string };

export const MAX_EXPANSIONS = 256;
export const MAX_SEQUENCE = 16;
/** Shortest allowed prefix in `word*`. */
export const MIN_PREFIX = 3;

export class PatternError extends Error {}

/** Folded tokens of one written word; cached, since rule sets repeat words a lot. */
const literalCache = new Map<string, string[]>();
const PLAIN_WORD = /^[a-z]+$/;
function literalTokens(s: string): string[] {
  // Lower-case ASCII letters fold to themselves: no tokenizer needed (the common case in large packs).
  if (PLAIN_WORD.test(s)) return [s];
  let toks = literalCache.get(s);
  if (!toks) {
    toks = tokenize(s).tokens.map((t) => t.norm);
    if (literalCache.size < 50_000) literalCache.set(s, toks);
  }
  return toks;
}

const SPECIAL = /[{}|<>?*]/;

/** Split on white space outside `{…}` groups. */
function splitTopLevel(pattern: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of pattern) {
    if (ch === '{') {
      if (depth > 0) throw new PatternError('groups { } cannot be nested');
      depth++;
    } else if (ch === '}') {
      if (depth === 0) throw new PatternError('"}" without "{"');
      depth--;
    }
    if (depth === 0 && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0')) {
      if (cur) parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw new PatternError('"{" without "}"');
  if (cur) parts.push(cur);
  return parts;
}

function multiply(seqs: Element[][], options: Element[][]): Element[][] {
  const next: Element[][] = [];
  for (const s of seqs) for (const o of options) next.push([...s, ...o]);
  if (next.length > MAX_EXPANSIONS) {
    throw new PatternError(`pattern expands to more than ${MAX_EXPANSIONS} sequences; split it into several`);
  }
  return next;
}

/** The alternatives one written element stands for. */
function elementOptions(raw: string, part: string): Element[][] {
  if (part.startsWith('{') && part.endsWith('}')) {
    const inner = part.slice(1, -1);
    if (!inner.trim()) throw new PatternError(`empty group in "${raw}"`);
    const alts = inner.split('|');
    if (alts.some((a) => !a.trim())) throw new PatternError(`empty alternative in "${raw}"`);
    return alts.flatMap((a) => sequences(a));
  }
  const cls = /^<([a-z]+)>$/.exec(part);
  if (cls) {
    if (!(CLASSES as readonly string[]).includes(cls[1])) {
      throw new PatternError(`unknown class <${cls[1]}> (known: ${CLASSES.map((c) => `<${c}>`).join(' ')})`);
    }
    return [[{ cls: cls[1] as TokenClass }]];
  }
  if (part.includes('|') && part !== '|') {
    return part.split('|').map((alt) => {
      if (alt === '') throw new PatternError(`empty alternative in "${raw}"`);
      if (/^<[a-z]+>$/.test(alt)) throw new PatternError(`a class cannot be an alternative in "${raw}"; use a group: {<cap>|word}`);
      return literalTokens(alt).map((lit) => ({ lit }));
    });
  }
  if (part.length > 1 && part.endsWith('*') && !/^\*+$/.test(part)) {
    const toks = literalTokens(part.slice(0, -1));
    if (toks.length !== 1) throw new PatternError(`prefix "${part}" must be one word`);
    if (toks[0].length < MIN_PREFIX) throw new PatternError(`prefix "${part}" is shorter than ${MIN_PREFIX} letters`);
    return [[{ pre: toks[0] }]];
  }
  return [literalTokens(part).map((lit) => ({ lit }))];
}

function sequences(pattern: string): Element[][] {
  let seqs: Element[][] = [[]];
  for (const raw of splitTopLevel(pattern.trim())) {
    let part = raw;
    let optional = false;
    if (part.length > 1 && part.endsWith('?') && !/^\?+$/.test(part)) {
      optional = true;
      part = part.slice(0, -1);
    }
    let options = elementOptions(raw, part).filter((o) => o.length > 0);
    if (options.length === 0) continue; // e.g. an invisible character only
    if (optional) options = [...options, []];
    seqs = multiply(seqs, options);
  }
  return seqs;
}

const SIMPLE_PHRASE = /^[a-z]+(?: [a-z]+)*$/;
/**
 * Folded tokens of a plain phrase (no pattern syntax), or null when the
 * phrase uses pattern syntax. Lower-case ASCII words are split directly.
 */
export function plainPhraseTokens(phrase: string): string[] | null {
  if (SIMPLE_PHRASE.test(phrase)) return phrase.split(' ');
  if (SPECIAL.test(phrase)) return null;
  const seq = expandPattern(phrase);
  return seq.length === 1 && seq[0].every((e) => 'lit' in e) ? seq[0].map((e) => (e as { lit: string }).lit) : null;
}

/** Expand one pattern into token sequences. Throws PatternError on bad syntax. */
export function expandPattern(pattern: string): Element[][] {
  // Fast path: a plain phrase is one sequence of literal words.
  if (!SPECIAL.test(pattern)) {
    const seq: Element[] = [];
    for (const word of pattern.split(/\s+/)) if (word) for (const lit of literalTokens(word)) seq.push({ lit });
    if (seq.length === 0) throw new PatternError('pattern matches nothing');
    if (seq.length > MAX_SEQUENCE) throw new PatternError(`pattern longer than ${MAX_SEQUENCE} tokens`);
    return [seq];
  }
  const seqs = sequences(pattern).filter((s) => s.length > 0);
  if (seqs.length === 0) throw new PatternError('pattern matches nothing');
  for (const s of seqs) {
    if (s.length > MAX_SEQUENCE) throw new PatternError(`pattern longer than ${MAX_SEQUENCE} tokens`);
    if (s.every((e) => 'cls' in e)) throw new PatternError('pattern needs at least one literal word');
  }
  return seqs;
}
