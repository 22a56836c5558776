/**
 * The binary rule pack: the whole compiled rule set (phrase trie, substitution originals, outlets,
 * spin frames and pairs, rule metadata) as typed sections read in place from one ArrayBuffer, the
 * way the language-model pack is (src/core/lm/pack.ts). Validation, pattern expansion and the index
 * build happen once, when the pack is built (`npm run rules:build`) or pushed; opening one is a
 * header read, a sampled checksum (64 words a section), typed-array views and the parse of a small metadata section
 * (rule messages and weights, scoring).
 *
 * Layout (little-endian): a 64-byte header
 *   0 u32 magic "NARP"   4 u32 format   8 u32 header bytes   12 u32 total bytes
 *  16 u32 sections      20 u32 header checksum (of the header with this field 0)   24 u32 data checksum
 *  28 u32 reserved      32 32 bytes of UTF-8 version, NUL-padded
 * then per section: u32 tag, u32 offset, u32 length, u32 element kind; sections 8-byte aligned.
 */
import { Bloom } from '../match/bloom.ts';
import { PackedTrie, type PackedTrieArrays } from '../match/packed-trie.ts';
import { SIGNALS, type SignalName } from '../types.ts';
import { buildGuards, type CompiledRuleset, type RulesetMeta } from './compiled.ts';
import type { CompiledRule, Outlet } from './schema.ts';
import { HashIndex, PackedListMap, PackedSet, StrTable } from './tables.ts';

export const RULE_PACK_MAGIC = 0x5052414e; // "NARP"
export const RULE_PACK_FORMAT = 1;
const HEADER = 64;
const ENTRY = 16;
/** Words sampled per section by the data checksum (and its last word): the push checks a SHA-256 of the whole pack. */
const SAMPLES = 64;

export class RulePackError extends Error {
  constructor(message: string) {
    super(`rule pack: ${message}`);
    this.name = 'RulePackError';
  }
}

type Arr = Uint8Array | Uint32Array | Int32Array;
const KIND = { u8: 1, u32: 2, i32: 3 } as const;
const kindOf = (a: Arr) => (a instanceof Uint8Array ? KIND.u8 : a instanceof Int32Array ? KIND.i32 : KIND.u32);
const tagCode = (t: string): number => (t.charCodeAt(0) | (t.charCodeAt(1) << 8) | (t.charCodeAt(2) << 16) | (t.charCodeAt(3) << 24)) >>> 0;
const tagName = (c: number): string => String.fromCharCode(c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24);

function fnv(h: number, x: number): number {
  h = Math.imul(h ^ (x & 0xffff), 0x01000193);
  return Math.imul(h ^ (x >>> 16), 0x01000193);
}

/** A checksum of every section's length and of SAMPLES words spread over it (and its last word). */
function dataChecksum(buf: Uint8Array, entries: Array<{ offset: number; length: number }>): number {
  let h = 0x811c9dc5;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (const { offset, length } of entries) {
    h = fnv(h, length);
    const words = length >>> 2;
    if (words === 0) continue;
    const stride = Math.max(1, Math.floor(words / SAMPLES));
    for (let i = 0; i < words; i += stride) h = fnv(h, dv.getUint32(offset + i * 4, true));
    h = fnv(h, dv.getUint32(offset + (words - 1) * 4, true));
  }
  return h >>> 0;
}

function headerChecksum(buf: Uint8Array, headerBytes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < headerBytes; i++) h = Math.imul(h ^ (i >= 20 && i < 24 ? 0 : buf[i]), 0x01000193);
  return h >>> 0;
}

/** Writes named typed arrays as one pack. */
export function writeSections(version: string, sections: Array<[string, Arr]>): Uint8Array {
  const headerBytes = HEADER + sections.length * ENTRY;
  let at = (headerBytes + 7) & ~7;
  const placed = sections.map(([tag, a]) => {
    const offset = at;
    at = (at + a.byteLength + 7) & ~7;
    return { tag, a, offset, length: a.byteLength };
  });
  const buf = new Uint8Array(at);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, RULE_PACK_MAGIC, true);
  dv.setUint32(4, RULE_PACK_FORMAT, true);
  dv.setUint32(8, headerBytes, true);
  dv.setUint32(12, at, true);
  dv.setUint32(16, sections.length, true);
  const label = new TextEncoder().encode(version).subarray(0, 32);
  buf.set(label, 32);
  placed.forEach((p, i) => {
    const e = HEADER + i * ENTRY;
    dv.setUint32(e, tagCode(p.tag), true);
    dv.setUint32(e + 4, p.offset, true);
    dv.setUint32(e + 8, p.length, true);
    dv.setUint32(e + 12, kindOf(p.a), true);
    buf.set(new Uint8Array(p.a.buffer, p.a.byteOffset, p.a.byteLength), p.offset);
  });
  dv.setUint32(24, dataChecksum(buf, placed), true);
  dv.setUint32(20, headerChecksum(buf, headerBytes), true);
  return buf;
}

/** The sections of a pack, checked (magic, format, lengths, checksums), as views of its bytes. */
export function readSections(bytes: Uint8Array): { version: string; get(tag: string): Arr } {
  if (bytes.byteLength < HEADER) throw new RulePackError(`${bytes.byteLength} bytes is too short`);
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice(); // typed views need alignment
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== RULE_PACK_MAGIC) throw new RulePackError('not a rule pack (bad magic)');
  const format = dv.getUint32(4, true);
  if (format !== RULE_PACK_FORMAT) throw new RulePackError(`format ${format}, this build reads ${RULE_PACK_FORMAT}`);
  const headerBytes = dv.getUint32(8, true);
  const total = dv.getUint32(12, true);
  const count = dv.getUint32(16, true);
  if (total !== bytes.byteLength) throw new RulePackError(`${bytes.byteLength} bytes, the header says ${total} (truncated or padded)`);
  if (headerBytes !== HEADER + count * ENTRY || headerBytes > total) throw new RulePackError('bad header length');
  if (headerChecksum(bytes, headerBytes) !== dv.getUint32(20, true)) throw new RulePackError('header checksum mismatch');
  const entries = new Map<string, { offset: number; length: number; kind: number }>();
  const list: Array<{ offset: number; length: number }> = [];
  for (let i = 0; i < count; i++) {
    const e = HEADER + i * ENTRY;
    const entry = { offset: dv.getUint32(e + 4, true), length: dv.getUint32(e + 8, true), kind: dv.getUint32(e + 12, true) };
    if (entry.offset % 8 !== 0 || entry.offset + entry.length > total) throw new RulePackError(`section ${tagName(dv.getUint32(e, true))} out of bounds`);
    entries.set(tagName(dv.getUint32(e, true)), entry);
    list.push(entry);
  }
  if (dataChecksum(bytes, list) !== dv.getUint32(24, true)) throw new RulePackError('data checksum mismatch (corrupt pack)');
  const label = bytes.subarray(32, 64);
  const version = new TextDecoder().decode(label.subarray(0, label.indexOf(0) < 0 ? 32 : label.indexOf(0)));
  return {
    version,
    get(tag: string): Arr {
      const e = entries.get(tag);
      if (!e) throw new RulePackError(`section ${tag} is missing`);
      const base = bytes.byteOffset + e.offset;
      if (e.kind === KIND.u8) return new Uint8Array(bytes.buffer, base, e.length);
      if (e.length % 4 !== 0) throw new RulePackError(`section ${tag} is not whole 32-bit words`);
      return e.kind === KIND.i32 ? new Int32Array(bytes.buffer, base, e.length / 4) : new Uint32Array(bytes.buffer, base, e.length / 4);
    },
  };
}

/** Rule fields only the build uses (phrases, long texts): left out of the pack's metadata. */
const BUILD_ONLY = new Set(['swap', 'tokens', 'patterns', 'description', 'examples']);

interface PackMeta extends RulesetMeta {
  rules: CompiledRule[];
  outletCount: number;
  blooms: Record<string, { size: number; hashes: number } | null>;
  hasPairs: boolean;
  sizes: { phrases: number; vocabulary: number };
  /** SHA-256 (hex) of the source rule set's canonical JSON, when the build gave it: PUT /v1/rules compares it. */
  canonicalSha256?: string;
}

const TRIE_KEYS: Array<[string, keyof PackedTrieArrays]> = [
  ['TINF', 'info'], ['TLIT', 'lit'], ['TOOF', 'outOff'], ['TOUT', 'outs'], ['TCOF', 'clsOff'], ['TCLS', 'cls'],
  ['TPIX', 'preIndex'], ['TPOF', 'preOff'], ['TPRE', 'pre'], ['TPSO', 'preStrOffsets'], ['TPSB', 'preStrBytes'], ['THPR', 'hasPre'],
];

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A rule set compiled from JSON (compileRuleset), laid out as a pack. */
export function encodeRulePack(c: CompiledRuleset, opts: { canonicalSha256?: string } = {}): Uint8Array {
  if (!(c.trie instanceof PackedTrie)) throw new RulePackError('encode needs a packed phrase index');
  const rs = c.ruleset;
  if (!rs) throw new RulePackError('encode needs the source rule set');
  const sections: Array<[string, Arr]> = [];
  const trie = c.trie.arrays;
  for (const [tag, key] of TRIE_KEYS) sections.push([tag, trie[key]]);
  // Substitution originals: per rule a start into one string table.
  const varOff = new Uint32Array(c.rules.length + 1);
  const varStrings: string[] = [];
  c.rules.forEach((_, r) => {
    varOff[r] = varStrings.length;
    for (let v = 0; ; v++) {
      const s = c.variant(r, v);
      if (s === undefined) break;
      varStrings.push(s);
    }
  });
  varOff[c.rules.length] = varStrings.length;
  const vs = StrTable.encode(varStrings);
  sections.push(['VROF', varOff], ['VSOF', vs.offsets], ['VSTB', vs.bytes]);
  // Outlets: JSON records by index, a domain index.
  const outlets = rs.outlets;
  const os = StrTable.encode(outlets.map((o) => JSON.stringify(o)));
  const domains = new Map<string, number>();
  outlets.forEach((o, i) => domains.set(o.domain.toLowerCase(), i));
  sections.push(['ODOM', HashIndex.encode(domains, domains.size)], ['OSOF', os.offsets], ['OSTB', os.bytes]);
  // Spin frames and pairs.
  const f = c.spinFrames;
  const setOf = (s: Iterable<string>, n: number) => HashIndex.encode((function* () {
    for (const k of s) yield [k, 0] as [string, number];
  })(), n);
  const listMap = (prefix: string, m: ReadonlyMap<string | number, readonly string[]>) => {
    const e = PackedListMap.encode(m);
    sections.push([`${prefix}X`, e.index], [`${prefix}O`, e.values.offsets], [`${prefix}B`, e.values.bytes]);
  };
  sections.push(['FPHR', setOf(f.phrases as Set<string>, f.phrases.size)], ['FVOC', setOf(f.vocabulary as Set<string>, f.vocabulary.size)]);
  listMap('FOR', f.originals as Map<string, string[]>);
  listMap('FSL', f.slots as Map<number, string[]>);
  const blooms: PackMeta['blooms'] = { genuine: null, pairsGenuine: null, pairsStrong: null };
  if (f.genuine) {
    sections.push(['FGEN', f.genuine.bits]);
    blooms.genuine = { size: f.genuine.size, hashes: f.genuine.hashes };
  }
  const p = c.spinPairs;
  if (p) {
    listMap('POR', p.originals as Map<string, string[]>);
    sections.push(['PGEN', p.genuine.bits], ['PSTR', p.strong.bits]);
    blooms.pairsGenuine = { size: p.genuine.size, hashes: p.genuine.hashes };
    blooms.pairsStrong = { size: p.strong.size, hashes: p.strong.hashes };
  }
  const rules = c.rules.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !BUILD_ONLY.has(k)))) as CompiledRule[];
  const meta: PackMeta = { ...c.source, rules, outletCount: outlets.length, blooms, hasPairs: !!p, sizes: { phrases: f.phrases.size, vocabulary: f.vocabulary.size }, ...(opts.canonicalSha256 ? { canonicalSha256: opts.canonicalSha256 } : {}) };
  sections.unshift(['META', utf8(JSON.stringify(meta))]);
  return writeSections(c.version, sections);
}

/** Opens a pack: views of its bytes, with no index build. Throws RulePackError on a bad pack. */
export function openRulePack(bytes: Uint8Array): CompiledRuleset {
  const s = readSections(bytes);
  let meta: PackMeta;
  try {
    meta = JSON.parse(new TextDecoder().decode(s.get('META') as Uint8Array)) as PackMeta;
  } catch (e) {
    throw e instanceof RulePackError ? e : new RulePackError(`metadata: ${(e as Error).message}`);
  }
  if (meta.version !== s.version) throw new RulePackError(`metadata version ${meta.version} is not the header's ${s.version}`);
  const trieArrays = Object.fromEntries(TRIE_KEYS.map(([tag, key]) => [key, s.get(tag)])) as unknown as PackedTrieArrays;
  const trie = new PackedTrie(trieArrays);
  const varOff = s.get('VROF') as Uint32Array;
  const vars = new StrTable(s.get('VSOF') as Uint32Array, s.get('VSTB') as Uint8Array);
  const outletRecords = new StrTable(s.get('OSOF') as Uint32Array, s.get('OSTB') as Uint8Array);
  const outletIndex = new HashIndex(s.get('ODOM') as Uint32Array);
  const outletCache = new Map<number, Outlet>();
  const outlet = (i: number): Outlet => {
    let o = outletCache.get(i);
    if (!o) outletCache.set(i, (o = JSON.parse(outletRecords.get(i)) as Outlet));
    return o;
  };
  const listMap = <K extends string | number>(prefix: string) =>
    new PackedListMap<K>(new HashIndex(s.get(`${prefix}X`) as Uint32Array), new StrTable(s.get(`${prefix}O`) as Uint32Array, s.get(`${prefix}B`) as Uint8Array));
  const bloom = (tag: string, b: { size: number; hashes: number } | null) => (b ? new Bloom(b.size, b.hashes, s.get(tag) as Uint8Array) : null);
  const phrases = s.get('FPHR') as Uint32Array;
  const vocab = s.get('FVOC') as Uint32Array;
  const bySignal = Object.fromEntries(SIGNALS.map((x) => [x, [] as number[]])) as Record<SignalName, number[]>;
  meta.rules.forEach((r, i) => bySignal[r.signal].push(i));
  const { rules, outletCount, blooms, hasPairs, sizes: _sizes, canonicalSha256, ...source } = meta;
  return {
    version: meta.version,
    source,
    rules,
    variant: (r: number, v: number) => (v < varOff[r + 1] - varOff[r] ? vars.get(varOff[r] + v) : undefined),
    guards: buildGuards(rules),
    trie,
    outletsByDomain: {
      get size() {
        return outletCount;
      },
      get: (d: string) => {
        const i = outletIndex.get(d);
        return i < 0 ? undefined : outlet(i);
      },
      has: (d: string) => outletIndex.get(d) >= 0,
    },
    outletCount,
    outlet,
    spinFrames: {
      phrases: new PackedSet(new HashIndex(phrases), meta.sizes.phrases),
      vocabulary: new PackedSet(new HashIndex(vocab), meta.sizes.vocabulary),
      originals: listMap<string>('FOR'),
      slots: listMap<number>('FSL'),
      genuine: bloom('FGEN', blooms.genuine),
    },
    spinPairs: hasPairs ? { originals: listMap<string>('POR'), genuine: bloom('PGEN', blooms.pairsGenuine)!, strong: bloom('PSTR', blooms.pairsStrong)! } : null,
    lm: null,
    bySignal,
    ...(canonicalSha256 ? { canonicalSha256 } : {}),
  };
}
