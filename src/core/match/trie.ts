/**
 * The builder of the token trie over every phrase of every rule: nodes with literal, class and
 * prefix edges, laid out as arrays by packTrie (src/core/match/packed-trie.ts), which scans them.
 */
import { MIN_PREFIX, type Element, type TokenClass } from './pattern.ts';

export interface Output {
  rule: number;
  variant: number;
}

interface Node {
  /** The only literal edge, while there is just one (most nodes): no Map needed. */
  oneKey: string | null;
  oneNode: Node | null;
  lit: Map<string, Node> | null;
  /** Class edges, keyed by the class's bit (see CLASS_BIT). */
  cls: Array<[number, Node]> | null;
  /** Prefix edges (any word starting with the string), indexed by their first MIN_PREFIX characters. */
  pre: Map<string, Array<[string, Node]>> | null;
  out: Output[] | null;
}


export const CLASS_BIT: Record<TokenClass, number> = { num: 1, word: 2, cap: 4, month: 8, punct: 16, any: 32 };


function newNode(): Node {
  return { oneKey: null, oneNode: null, lit: null, cls: null, pre: null, out: null };
}


export interface RawMatch extends Output {
  tokStart: number;
  tokEnd: number;
}

/** The trie as plain lists, nodes numbered breadth-first from the root (0): what packTrie lays out. */
export interface TrieExport {
  nodes: Array<{ out: Output[]; lit: Array<[string, number]>; cls: Array<[number, number]>; pre: Array<[string, number]> }>;
}

export class TokenTrie {
  private root = newNode();
  size = 0;
  nodes = 1;

  export(): TrieExport {
    const ids = new Map<Node, number>([[this.root, 0]]);
    const order: Node[] = [this.root];
    const id = (n: Node): number => {
      let i = ids.get(n);
      if (i === undefined) {
        ids.set(n, (i = order.length));
        order.push(n);
      }
      return i;
    };
    const nodes: TrieExport['nodes'] = [];
    for (let k = 0; k < order.length; k++) {
      const n = order[k];
      const lit: Array<[string, number]> = [];
      if (n.oneKey !== null) lit.push([n.oneKey, id(n.oneNode!)]);
      else if (n.lit) for (const [key, child] of n.lit) lit.push([key, id(child)]);
      const cls: Array<[number, number]> = (n.cls ?? []).map(([bit, child]) => [bit, id(child)]);
      const pre: Array<[string, number]> = [];
      if (n.pre) for (const bucket of n.pre.values()) for (const [p, child] of bucket) pre.push([p, id(child)]);
      nodes.push({ out: n.out ? n.out.map((o) => ({ ...o })) : [], lit, cls, pre });
    }
    return { nodes };
  }

  private litChild(node: Node, key: string): Node {
    if (node.oneKey === key) return node.oneNode!;
    if (node.lit) {
      let next = node.lit.get(key);
      if (!next) {
        next = newNode();
        node.lit.set(key, next);
        this.nodes++;
      }
      return next;
    }
    const next = newNode();
    this.nodes++;
    if (node.oneKey === null) {
      node.oneKey = key;
      node.oneNode = next;
    } else {
      // A second edge: move to a Map.
      node.lit = new Map([
        [node.oneKey, node.oneNode!],
        [key, next],
      ]);
      node.oneKey = null;
      node.oneNode = null;
    }
    return next;
  }

  /** Add a sequence of literal tokens (the fast path for plain phrases). */
  addLiterals(tokens: string[], out: Output): void {
    let node = this.root;
    for (let i = 0; i < tokens.length; i++) node = this.litChild(node, tokens[i]);
    (node.out ??= []).push(out);
    this.size++;
  }

  add(seq: Element[], out: Output): void {
    let node = this.root;
    for (const el of seq) {
      if ('lit' in el) {
        node = this.litChild(node, el.lit);
      } else if ('pre' in el) {
        node.pre ??= new Map();
        const key = el.pre.slice(0, MIN_PREFIX);
        let bucket = node.pre.get(key);
        if (!bucket) node.pre.set(key, (bucket = []));
        let entry = bucket.find(([p]) => p === el.pre);
        if (!entry) {
          entry = [el.pre, newNode()];
          bucket.push(entry);
          this.nodes++;
        }
        node = entry[1];
      } else {
        node.cls ??= [];
        const bit = CLASS_BIT[el.cls];
        let entry = node.cls.find(([c]) => c === bit);
        if (!entry) {
          entry = [bit, newNode()];
          node.cls.push(entry);
          this.nodes++;
        }
        node = entry[1];
      }
    }
    (node.out ??= []).push(out);
    this.size++;
  }
}
