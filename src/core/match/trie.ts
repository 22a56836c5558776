/**
 * One token trie over every phrase of every rule. A scan starts a walk at
 * each token and follows at most MAX_SEQUENCE edges, so the cost is linear
 * in the text and independent of the number of rules (each step is a hash
 * lookup plus the few class edges of the node).
 */
import type { Token } from '../text/tokenize.ts';
import { MAX_SEQUENCE, type Element, type TokenClass } from './pattern.ts';

export interface Output {
  rule: number;
  variant: number;
}

interface Node {
  lit: Map<string, Node> | null;
  cls: Array<[TokenClass, Node]> | null;
  /** Prefix edges: any word token starting with the string. */
  pre: Array<[string, Node]> | null;
  out: Output[] | null;
}

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

function newNode(): Node {
  return { lit: null, cls: null, pre: null, out: null };
}

export function classMatches(cls: TokenClass, t: Token): boolean {
  switch (cls) {
    case 'num':
      return t.kind === 'num';
    case 'word':
      return t.kind === 'word';
    case 'cap':
      return t.kind === 'word' && (t.caps === 'title' || t.caps === 'upper');
    case 'month':
      return t.kind === 'word' && MONTHS.has(t.norm);
    case 'punct':
      return t.kind === 'punct';
    case 'any':
      return true;
  }
}

export interface RawMatch extends Output {
  tokStart: number;
  tokEnd: number;
}

export class TokenTrie {
  private root = newNode();
  size = 0;
  nodes = 1;

  add(seq: Element[], out: Output): void {
    let node = this.root;
    for (const el of seq) {
      if ('lit' in el) {
        node.lit ??= new Map();
        let next = node.lit.get(el.lit);
        if (!next) {
          next = newNode();
          node.lit.set(el.lit, next);
          this.nodes++;
        }
        node = next;
      } else if ('pre' in el) {
        node.pre ??= [];
        let entry = node.pre.find(([p]) => p === el.pre);
        if (!entry) {
          entry = [el.pre, newNode()];
          node.pre.push(entry);
          this.nodes++;
        }
        node = entry[1];
      } else {
        node.cls ??= [];
        let entry = node.cls.find(([c]) => c === el.cls);
        if (!entry) {
          entry = [el.cls, newNode()];
          node.cls.push(entry);
          this.nodes++;
        }
        node = entry[1];
      }
    }
    (node.out ??= []).push(out);
    this.size++;
  }

  /** All matches in `tokens`, in order of start token. */
  scan(tokens: Token[], emit: (m: RawMatch) => void): void {
    const n = tokens.length;
    const root = this.root;
    let frontier: Node[] = [];
    let next: Node[] = [];
    for (let i = 0; i < n; i++) {
      frontier.length = 0;
      frontier.push(root);
      const limit = Math.min(n, i + MAX_SEQUENCE);
      for (let j = i; j < limit && frontier.length > 0; j++) {
        const t = tokens[j];
        next.length = 0;
        for (const node of frontier) {
          if (node.lit) {
            const hit = node.lit.get(t.norm);
            if (hit) next.push(hit);
          }
          if (node.cls) for (const [c, child] of node.cls) if (classMatches(c, t)) next.push(child);
          if (node.pre && t.kind === 'word') for (const [p, child] of node.pre) if (t.norm.startsWith(p)) next.push(child);
        }
        for (const node of next) {
          if (node.out) for (const o of node.out) emit({ rule: o.rule, variant: o.variant, tokStart: i, tokEnd: j + 1 });
        }
        const tmp = frontier;
        frontier = next;
        next = tmp;
      }
    }
  }
}
