/**
 * One token trie over every phrase of every rule. A scan starts a walk at
 * each token and follows at most MAX_SEQUENCE edges within the same line, so the cost is linear
 * in the text and independent of the number of rules (each step is a hash
 * lookup plus the few class edges of the node).
 */
import type { Token } from '../text/tokenize.ts';
import { MAX_SEQUENCE, MIN_PREFIX, type Element, type TokenClass } from './pattern.ts';

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

export const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const CLASS_BIT: Record<TokenClass, number> = { num: 1, word: 2, cap: 4, month: 8, punct: 16, any: 32 };

/** The classes a token belongs to, as bits (`month`: whether its form is a month name). */
export function classMask(t: Token, month: boolean): number {
  if (t.kind === 'num') return CLASS_BIT.any | CLASS_BIT.num;
  if (t.kind === 'punct') return CLASS_BIT.any | CLASS_BIT.punct;
  let m = CLASS_BIT.any | CLASS_BIT.word;
  if (t.caps === 'title' || t.caps === 'upper') m |= CLASS_BIT.cap;
  if (month) m |= CLASS_BIT.month;
  return m;
}

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

  /**
   * All matches in `tokens`, in order of start token. `types` are the
   * distinct token forms (`Token.type` indexes them): the root's literal and
   * prefix edges are looked up once per distinct form, not once per token.
   */
  scan(tokens: Token[], types: string[], emit: (m: RawMatch) => void): void {
    const n = tokens.length;
    const root = this.root;
    // Per distinct form: the root's literal edge and its prefix edges.
    const rootLit: Array<Node | null> = new Array(types.length);
    const rootPre: Array<Node[] | null> = new Array(types.length);
    const month = new Uint8Array(types.length);
    for (let t = 0; t < types.length; t++) {
      const norm = types[t];
      if (MONTHS.has(norm)) month[t] = 1;
      rootLit[t] = (root.oneKey !== null ? (root.oneKey === norm ? root.oneNode : null) : root.lit?.get(norm)) ?? null;
      let pre: Node[] | null = null;
      if (root.pre && norm.length >= MIN_PREFIX) {
        const bucket = root.pre.get(norm.slice(0, MIN_PREFIX));
        if (bucket) for (const [p, node] of bucket) if (norm.startsWith(p)) (pre ??= []).push(node);
      }
      rootPre[t] = pre;
    }
    const masks = new Uint8Array(n);
    for (let i = 0; i < n; i++) masks[i] = classMask(tokens[i], month[tokens[i].type] === 1);
    // Frontiers are arrays with explicit counts (resetting an array's length is a slow runtime call).
    let frontier: Node[] = [];
    let next: Node[] = [];
    /** Whether `node` has an edge that token k (on `line`) could follow: a cheap look-ahead before a class edge. */
    const viable = (node: Node, k: number, line: number): boolean => {
      if (k >= n || tokens[k].line !== line) return false;
      if (node.pre || (node.cls && node.cls.some(([bit]) => masks[k] & bit))) return true;
      const norm = tokens[k].norm;
      return node.oneKey !== null ? node.oneKey === norm : node.lit !== null && node.lit.has(norm);
    };
    /** Add to `into` (holding `c` nodes) the class edges of `node` that token j fits and whose node can go on or ends a phrase; returns the new count. */
    const classEdges = (node: Node, j: number, into: Node[], c: number): number => {
      const cls = node.cls!;
      const mask = masks[j];
      for (let k = 0; k < cls.length; k++) {
        if (!(mask & cls[k][0])) continue;
        const child = cls[k][1];
        // Class edges (<word>, <cap>) fit most tokens: follow one only if its node can take the next token too.
        if (child.out || viable(child, j + 1, tokens[j].line)) into[c++] = child;
      }
      return c;
    };
    /** Add to `into` (holding `c` nodes) every edge of `node` that token j follows; returns the new count. */
    const step = (node: Node, j: number, into: Node[], c: number): number => {
      const t = tokens[j];
      if (node.oneKey !== null) {
        if (node.oneKey === t.norm) into[c++] = node.oneNode!;
      } else if (node.lit) {
        const hit = node.lit.get(t.norm);
        if (hit) into[c++] = hit;
      }
      if (node.cls) c = classEdges(node, j, into, c);
      if (node.pre && t.kind === 'word' && t.norm.length >= MIN_PREFIX) {
        const bucket = node.pre.get(t.norm.slice(0, MIN_PREFIX));
        if (bucket) for (let k = 0; k < bucket.length; k++) if (t.norm.startsWith(bucket[k][0])) into[c++] = bucket[k][1];
      }
      return c;
    };
    const emitAll = (node: Node, i: number, j: number) => {
      const out = node.out;
      if (out) for (let o = 0; o < out.length; o++) emit({ rule: out[o].rule, variant: out[o].variant, tokStart: i, tokEnd: j + 1 });
    };
    for (let i = 0; i < n; i++) {
      const type = tokens[i].type;
      const lit = rootLit[type];
      const pre = rootPre[type];
      let fc = root.cls ? classEdges(root, i, frontier, 0) : 0;
      if (fc === 0 && pre === null && lit === null) continue; // the common case: no phrase starts here
      const limit = Math.min(n, i + MAX_SEQUENCE);
      const line = tokens[i].line;
      let j = i;
      if (fc === 0 && pre === null) {
        // Fast path: a single walk through literal-only nodes (most phrases), no frontier.
        let node: Node | undefined = lit!;
        while (node && node.cls === null && node.pre === null) {
          emitAll(node, i, j);
          j++;
          if (j >= limit || tokens[j].line !== line) {
            node = undefined;
            break;
          }
          const norm = tokens[j].norm;
          node = node.oneKey !== null ? (node.oneKey === norm ? node.oneNode! : undefined) : node.lit?.get(norm);
        }
        if (!node) continue;
        frontier[fc++] = node; // a node with class or prefix edges: continue in the general loop
      } else {
        if (lit) frontier[fc++] = lit;
        if (pre) for (let k = 0; k < pre.length; k++) frontier[fc++] = pre[k];
      }
      for (;;) {
        for (let k = 0; k < fc; k++) emitAll(frontier[k], i, j);
        j++;
        // A phrase never spans a line break (lines are blocks: paragraphs, menu items).
        if (j >= limit || tokens[j].line !== line) break;
        let nc = 0;
        for (let k = 0; k < fc; k++) nc = step(frontier[k], j, next, nc);
        if (nc === 0) break;
        const tmp = frontier;
        frontier = next;
        next = tmp;
        fc = nc;
      }
    }
  }
}
