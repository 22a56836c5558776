/**
 * The phrase index every analysis scans: the token trie built by src/core/match/trie.ts, laid out as
 * typed arrays (compileRuleset packs it; a rule pack holds it, read in place). Nodes are integers
 * (the root is 0); a literal edge is a hash-index entry keyed by (node, token hash); class edges,
 * prefix edges and outputs are ranges of flat arrays indexed by node.
 *
 * A scan starts a walk at each token and follows at most MAX_SEQUENCE edges within the same line, so
 * its cost is linear in the text and independent of the number of rules (each step is a hash probe
 * plus the few class edges of the node).
 */
import type { Token } from '../text/tokenize.ts';
import { fmix32 } from '../lm/pack.ts';
import { HashIndex, StrTable, strHash1, strHash2 } from '../rules/tables.ts';
import { MAX_SEQUENCE, MIN_PREFIX } from './pattern.ts';
import { CLASS_BIT, type RawMatch, type TokenTrie, type TrieExport } from './trie.ts';

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** The classes a token belongs to, as bits (`month`: whether its form is a month name). */
function classMask(t: Token, month: boolean): number {
  if (t.kind === 'num') return CLASS_BIT.any | CLASS_BIT.num;
  if (t.kind === 'punct') return CLASS_BIT.any | CLASS_BIT.punct;
  let m = CLASS_BIT.any | CLASS_BIT.word;
  if (t.caps === 'title' || t.caps === 'upper') m |= CLASS_BIT.cap;
  if (month) m |= CLASS_BIT.month;
  return m;
}


/** What the analyzers need of a phrase index. */
export interface PhraseIndex {
  /** Number of phrase sequences indexed. */
  readonly size: number;
  scan(tokens: Token[], types: string[], emit: (m: RawMatch) => void): void;
}

const edgeKey1 = (node: number, h1: number): number => fmix32((h1 ^ Math.imul(node + 1, 0x9e3779b1)) >>> 0) || 1;
const edgeKey2 = (node: number, h2: number): number => (h2 ^ node) >>> 0;

/** The arrays of a packed trie (each becomes a section of the pack). */
export interface PackedTrieArrays {
  /** [sequences, nodes]. */
  info: Uint32Array;
  /** Literal edges: hash index (node, token) → child. */
  lit: Uint32Array;
  /** Per node (n + 1): start of its outputs in `outs` (pairs rule, variant). */
  outOff: Uint32Array;
  outs: Int32Array;
  /** Per node (n + 1): start of its class edges in `cls` (pairs bit, child). */
  clsOff: Uint32Array;
  cls: Uint32Array;
  /** Prefix edges: hash index (node, first MIN_PREFIX characters) → bucket; buckets (b + 1) into `pre` (pairs prefix string, child). */
  preIndex: Uint32Array;
  preOff: Uint32Array;
  pre: Uint32Array;
  preStrOffsets: Uint32Array;
  preStrBytes: Uint8Array;
  /** Per node: 1 when it has prefix edges. */
  hasPre: Uint8Array;
}

/** Lays out a built TokenTrie as arrays. */
export function packTrie(trie: TokenTrie): PackedTrieArrays {
  const ex: TrieExport = trie.export();
  const n = ex.nodes.length;
  const outOff = new Uint32Array(n + 1);
  const clsOff = new Uint32Array(n + 1);
  const hasPre = new Uint8Array(n);
  let outs = 0;
  let cls = 0;
  let lits = 0;
  const buckets: Array<{ node: number; key: string; entries: Array<[string, number]> }> = [];
  ex.nodes.forEach((node, i) => {
    outOff[i] = outs;
    clsOff[i] = cls;
    outs += node.out.length;
    cls += node.cls.length;
    lits += node.lit.length;
    const byKey = new Map<string, Array<[string, number]>>();
    for (const [p, child] of node.pre) {
      const k = p.slice(0, MIN_PREFIX);
      (byKey.get(k) ?? byKey.set(k, []).get(k)!).push([p, child]);
    }
    if (byKey.size) hasPre[i] = 1;
    for (const [key, entries] of byKey) buckets.push({ node: i, key, entries });
  });
  outOff[n] = outs;
  clsOff[n] = cls;
  const outArr = new Int32Array(outs * 2);
  const clsArr = new Uint32Array(cls * 2);
  let o = 0;
  let c = 0;
  const litEntries: Array<[number, number, number]> = [];
  ex.nodes.forEach((node, i) => {
    for (const x of node.out) {
      outArr[o++] = x.rule;
      outArr[o++] = x.variant;
    }
    for (const [bit, child] of node.cls) {
      clsArr[c++] = bit;
      clsArr[c++] = child;
    }
    for (const [key, child] of node.lit) litEntries.push([edgeKey1(i, strHash1(key)), edgeKey2(i, strHash2(key)), child]);
  });
  const prefixes: string[] = [];
  const preOff = new Uint32Array(buckets.length + 1);
  const preList: number[] = [];
  buckets.forEach((b, i) => {
    preOff[i] = preList.length / 2;
    for (const [p, child] of b.entries) {
      preList.push(prefixes.length, child);
      prefixes.push(p);
    }
  });
  preOff[buckets.length] = preList.length / 2;
  const preIndex = HashIndex.encodeHashed(
    buckets.map((b, i) => [edgeKey1(b.node, strHash1(b.key)), edgeKey2(b.node, strHash2(b.key)), i] as [number, number, number]),
    buckets.length,
  );
  const strs = StrTable.encode(prefixes);
  return {
    info: new Uint32Array([trie.size, n]),
    lit: HashIndex.encodeHashed(litEntries, lits),
    outOff,
    outs: outArr,
    clsOff,
    cls: clsArr,
    preIndex,
    preOff,
    pre: new Uint32Array(preList),
    preStrOffsets: strs.offsets,
    preStrBytes: strs.bytes,
    hasPre,
  };
}

export class PackedTrie implements PhraseIndex {
  readonly size: number;

  private readonly lit: HashIndex;
  private readonly preIndex: HashIndex;
  private readonly prefixes: StrTable;
  /** Prefix strings, decoded on first use. */
  private readonly prefixCache: Array<string | undefined>;

  /** The arrays, as a pack stores them. */
  readonly arrays: PackedTrieArrays;

  constructor(a: PackedTrieArrays) {
    this.arrays = a;
    this.size = a.info[0];
    this.lit = new HashIndex(a.lit);
    this.preIndex = new HashIndex(a.preIndex);
    this.prefixes = new StrTable(a.preStrOffsets, a.preStrBytes);
    this.prefixCache = new Array(this.prefixes.length);
  }

  private prefix(i: number): string {
    return (this.prefixCache[i] ??= this.prefixes.get(i));
  }

  /** Children of `node` by prefix edges that `norm` (a word) starts with, appended to `into` from `c`; returns the new count. */
  private prefixEdges(node: number, norm: string, into: number[], c: number): number {
    if (norm.length < MIN_PREFIX || this.arrays.hasPre[node] === 0) return c;
    const key = norm.slice(0, MIN_PREFIX);
    const b = this.preIndex.probe(edgeKey1(node, strHash1(key)), edgeKey2(node, strHash2(key)));
    if (b < 0) return c;
    const { preOff, pre } = this.arrays;
    for (let k = preOff[b]; k < preOff[b + 1]; k++) if (norm.startsWith(this.prefix(pre[2 * k]))) into[c++] = pre[2 * k + 1];
    return c;
  }

  scan(tokens: Token[], types: string[], emit: (m: RawMatch) => void): void {
    const { outOff, outs, clsOff, cls, hasPre } = this.arrays;
    const lit = this.lit;
    const n = tokens.length;
    // Per distinct form: its two hashes, the root's literal child and prefix children.
    const th1 = new Uint32Array(types.length);
    const th2 = new Uint32Array(types.length);
    const rootLit = new Int32Array(types.length);
    const rootPre: Array<number[] | null> = new Array(types.length);
    const month = new Uint8Array(types.length);
    const tmp: number[] = [];
    for (let t = 0; t < types.length; t++) {
      const norm = types[t];
      if (MONTHS.has(norm)) month[t] = 1;
      const a = strHash1(norm);
      const b = strHash2(norm);
      th1[t] = a;
      th2[t] = b;
      rootLit[t] = lit.probe(edgeKey1(0, a), edgeKey2(0, b));
      const c = hasPre[0] ? this.prefixEdges(0, norm, tmp, 0) : 0;
      rootPre[t] = c ? tmp.slice(0, c) : null;
    }
    const masks = new Uint8Array(n);
    for (let i = 0; i < n; i++) masks[i] = classMask(tokens[i], month[tokens[i].type] === 1);
    const litChild = (node: number, type: number): number => lit.probe(edgeKey1(node, th1[type]), edgeKey2(node, th2[type]));
    let frontier: number[] = [];
    let next: number[] = [];
    const viable = (node: number, k: number, line: number): boolean => {
      if (k >= n || tokens[k].line !== line) return false;
      if (hasPre[node]) return true;
      for (let e = clsOff[node]; e < clsOff[node + 1]; e++) if (masks[k] & cls[2 * e]) return true;
      return litChild(node, tokens[k].type) >= 0;
    };
    const classEdges = (node: number, j: number, into: number[], c: number): number => {
      const mask = masks[j];
      for (let e = clsOff[node]; e < clsOff[node + 1]; e++) {
        if (!(mask & cls[2 * e])) continue;
        const child = cls[2 * e + 1];
        if (outOff[child] < outOff[child + 1] || viable(child, j + 1, tokens[j].line)) into[c++] = child;
      }
      return c;
    };
    const step = (node: number, j: number, into: number[], c: number): number => {
      const t = tokens[j];
      const hit = litChild(node, t.type);
      if (hit >= 0) into[c++] = hit;
      if (clsOff[node] < clsOff[node + 1]) c = classEdges(node, j, into, c);
      if (hasPre[node] && t.kind === 'word') c = this.prefixEdges(node, t.norm, into, c);
      return c;
    };
    const emitAll = (node: number, i: number, j: number) => {
      for (let o = outOff[node]; o < outOff[node + 1]; o++) emit({ rule: outs[2 * o], variant: outs[2 * o + 1], tokStart: i, tokEnd: j + 1 });
    };
    const rootHasCls = clsOff[0] < clsOff[1];
    for (let i = 0; i < n; i++) {
      const type = tokens[i].type;
      const litNode = rootLit[type];
      const pre = rootPre[type];
      let fc = rootHasCls ? classEdges(0, i, frontier, 0) : 0;
      if (fc === 0 && pre === null && litNode < 0) continue;
      const limit = Math.min(n, i + MAX_SEQUENCE);
      const line = tokens[i].line;
      let j = i;
      if (fc === 0 && pre === null) {
        // Fast path: a walk through literal-only nodes.
        let node = litNode;
        while (node >= 0 && clsOff[node] === clsOff[node + 1] && hasPre[node] === 0) {
          emitAll(node, i, j);
          j++;
          if (j >= limit || tokens[j].line !== line) {
            node = -1;
            break;
          }
          node = litChild(node, tokens[j].type);
        }
        if (node < 0) continue;
        frontier[fc++] = node;
      } else {
        if (litNode >= 0) frontier[fc++] = litNode;
        if (pre) for (let k = 0; k < pre.length; k++) frontier[fc++] = pre[k];
      }
      for (;;) {
        for (let k = 0; k < fc; k++) emitAll(frontier[k], i, j);
        j++;
        if (j >= limit || tokens[j].line !== line) break;
        let nc = 0;
        for (let k = 0; k < fc; k++) nc = step(frontier[k], j, next, nc);
        if (nc === 0) break;
        const t = frontier;
        frontier = next;
        next = t;
        fc = nc;
      }
    }
  }
}
