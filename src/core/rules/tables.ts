/**
 * Read-in-place tables of the binary rule pack (src/core/rules/pack.ts): strings, hashed string and
 * number keys, and their writers. A table is a few typed-array views of the pack's bytes; looking a
 * key up hashes it and probes, decoding only the value it returns.
 */
import { fmix32 } from '../lm/pack.ts';

/** Two independent 32-bit hashes of a string (FNV-1a and a multiply-xorshift), finalized; the first never 0. */
export function strHash1(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h) || 1;
}
export function strHash2(s: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995) ^ (h >>> 13);
  return fmix32(h);
}

/** The key of an entry: a string, or a non-negative integer (then h1 = fmix(n) | 1 and h2 = n). */
export type Key = string | number;
const h1Of = (k: Key): number => (typeof k === 'string' ? strHash1(k) : fmix32(k + 0x9e3779b9) || 1);
const h2Of = (k: Key): number => (typeof k === 'string' ? strHash2(k) : k >>> 0);

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Strings: offsets (n + 1 × u32) into UTF-8 bytes. */
export class StrTable {
  constructor(
    private readonly offsets: Uint32Array,
    private readonly bytes: Uint8Array,
  ) {}
  get length(): number {
    return this.offsets.length - 1;
  }
  get(i: number): string {
    return decoder.decode(this.bytes.subarray(this.offsets[i], this.offsets[i + 1]));
  }
  static encode(strings: readonly string[]): { offsets: Uint32Array; bytes: Uint8Array } {
    const parts = strings.map((s) => encoder.encode(s));
    const offsets = new Uint32Array(strings.length + 1);
    let at = 0;
    parts.forEach((p, i) => {
      offsets[i] = at;
      at += p.length;
    });
    offsets[strings.length] = at;
    const bytes = new Uint8Array(at);
    parts.forEach((p, i) => bytes.set(p, offsets[i]));
    return { offsets, bytes };
  }
}

/**
 * A hash index: key → u32 value, open addressing with linear probing over slots of three u32
 * (h1, h2, value); h1 = 0 marks an empty slot. A miss costs a hash and a probe or two; two 32-bit
 * hashes make a false hit about one in 2^64.
 */
export class HashIndex {
  private readonly mask: number;
  constructor(private readonly slots: Uint32Array) {
    this.mask = slots.length / 3 - 1;
  }
  get(k: Key): number {
    return this.probe(h1Of(k), h2Of(k));
  }
  /** The value of the key hashed (a, b), or -1. */
  probe(a: number, b: number): number {
    const s = this.slots;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * 3;
      const h = s[at];
      if (h === 0) return -1;
      if (h === a && s[at + 1] === b) return s[at + 2];
    }
  }
  static encode(entries: Iterable<[Key, number]>, count: number): Uint32Array {
    return HashIndex.encodeHashed((function* () {
      for (const [k, v] of entries) yield [h1Of(k), h2Of(k), v] as [number, number, number];
    })(), count);
  }
  /** From pre-hashed entries (h1 never 0). */
  static encodeHashed(entries: Iterable<[number, number, number]>, count: number): Uint32Array {
    // A power of two at most 80 % full: a miss probes a few slots, and the table stays small in the bundle.
    let cap = 8;
    while (cap < count * 1.25) cap *= 2;
    const slots = new Uint32Array(cap * 3);
    const mask = cap - 1;
    for (const [a, b, v] of entries) {
      for (let i = a & mask; ; i = (i + 1) & mask) {
        const at = i * 3;
        if (slots[at] === 0) {
          slots[at] = a;
          slots[at + 1] = b;
          slots[at + 2] = v;
          break;
        }
        if (slots[at] === a && slots[at + 1] === b) throw new Error('rule pack: duplicate key in a hash index');
      }
    }
    return slots;
  }
}

/** Separator of the items of a list value. */
const LIST_SEP = '\u0001';

/** A read-only set of strings (the analyzers' view of a Set<string>). */
export interface StringSet {
  readonly size: number;
  has(key: string): boolean;
}
/** A read-only map (the analyzers' view of a Map). */
export interface ReadMap<K, V> {
  readonly size: number;
  get(key: K): V | undefined;
  has(key: K): boolean;
}

/** A set of keys: a hash index alone. */
export class PackedSet implements StringSet {
  constructor(
    private readonly index: HashIndex,
    readonly size: number,
  ) {}
  has(key: string): boolean {
    return this.index.get(key) >= 0;
  }
}

/** A map from keys to lists of strings: a hash index into a string table of joined lists. */
export class PackedListMap<K extends Key> implements ReadMap<K, string[]> {
  constructor(
    private readonly index: HashIndex,
    private readonly values: StrTable,
  ) {}
  get size(): number {
    return this.values.length;
  }
  get(key: K): string[] | undefined {
    const v = this.index.get(key);
    return v < 0 ? undefined : this.values.get(v).split(LIST_SEP);
  }
  has(key: K): boolean {
    return this.index.get(key) >= 0;
  }
  static encode<K extends Key>(map: ReadonlyMap<K, readonly string[]>): { index: Uint32Array; values: { offsets: Uint32Array; bytes: Uint8Array } } {
    const keys = [...map.keys()];
    return {
      index: HashIndex.encode(keys.map((k, i) => [k, i] as [Key, number]), keys.length),
      values: StrTable.encode(keys.map((k) => map.get(k)!.join(LIST_SEP))),
    };
  }
}
