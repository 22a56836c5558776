/**
 * Token patterns: the only matching language rule authors get. A pattern is
 * a space-separated list of elements:
 *
 *   word          a literal word (folded like the text: case, accents, width)
 *   a|b|c         one of several literals (each one word, which may give several tokens: `u.s.|us`)
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

/** A literal (folded token) or a class reference. */
export type Element = { lit: string } | { cls: TokenClass };

export const MAX_EXPANSIONS = 256;
export const MAX_SEQUENCE = 16;

export class PatternError extends Error {}

function literalTokens(s: string): string[] {
  return tokenize(s).tokens.map((t) => t.norm);
}

/** Expand one pattern into token sequences. Throws PatternError on bad syntax. */
export function expandPattern(pattern: string): Element[][] {
  const parts = pattern.trim().split(/\s+/);
  let seqs: Element[][] = [[]];
  for (const raw of parts) {
    let part = raw;
    let optional = false;
    if (part.length > 1 && part.endsWith('?') && !/^\?+$/.test(part)) {
      optional = true;
      part = part.slice(0, -1);
    }
    let options: Element[][];
    const cls = /^<([a-z]+)>$/.exec(part);
    if (cls) {
      if (!(CLASSES as readonly string[]).includes(cls[1])) {
        throw new PatternError(`unknown class <${cls[1]}> (known: ${CLASSES.map((c) => `<${c}>`).join(' ')})`);
      }
      options = [[{ cls: cls[1] as TokenClass }]];
    } else if (part.includes('|') && part !== '|') {
      options = part.split('|').map((alt) => {
        if (alt === '') throw new PatternError(`empty alternative in "${raw}"`);
        if (/^<[a-z]+>$/.test(alt)) throw new PatternError(`a class cannot be an alternative in "${raw}"; write two patterns`);
        return literalTokens(alt).map((lit) => ({ lit }));
      });
    } else {
      options = [literalTokens(part).map((lit) => ({ lit }))];
    }
    options = options.filter((o) => o.length > 0);
    if (options.length === 0) continue; // e.g. an invisible character only
    if (optional) options.push([]);
    const next: Element[][] = [];
    for (const s of seqs) for (const o of options) next.push([...s, ...o]);
    if (next.length > MAX_EXPANSIONS) {
      throw new PatternError(`pattern expands to more than ${MAX_EXPANSIONS} sequences; split it into several`);
    }
    seqs = next;
  }
  seqs = seqs.filter((s) => s.length > 0);
  if (seqs.length === 0) throw new PatternError('pattern matches nothing');
  for (const s of seqs) {
    if (s.length > MAX_SEQUENCE) throw new PatternError(`pattern longer than ${MAX_SEQUENCE} tokens`);
    if (s.every((e) => 'cls' in e)) throw new PatternError('pattern needs at least one literal word');
  }
  return seqs;
}
