/**
 * The language-model pack: a binary file of typed sections, read in place.
 *
 * Like KenLM's probing format: n-grams are hashed, not stored; probabilities
 * and backoffs are quantized to 8 bits; every table is a typed-array view of
 * the bytes that KV (or the file system) returned, so opening a pack is a
 * header read and a sampled checksum, with no parse and no index build.
 *
 * A pack may be stored as several parts (KV values are limited to 25 MiB): a
 * section never straddles two parts, and the header, in part 0, says where
 * each section is. Opened from one buffer (a file), the parts are laid end to
 * end, each starting at an 8-byte boundary.
 *
 * Layout of the header (little-endian):
 *   0  u32 magic "NALM"        4  u32 format version
 *   8  u32 header bytes       12  u32 total bytes (all parts, padding included)
 *  16  u32 parts              20  u32 sections
 *  24  u32 header checksum    28  u32 data checksum (sampled, see `dataChecksum`)
 *  32  f32 prob min, f32 prob max, f32 backoff min, f32 backoff max
 *  48  u32 vocabulary size, vocabulary slots, bigram slots, trigram slots
 *  64  u32 candidate count, 3 × u32 reserved
 *  80  48 bytes of UTF-8 label (the pack's version), NUL-padded
 * 128  u32 × parts: each part's length
 *      then per section: u32 tag, u32 part, u32 offset in the part, u32 length
 */

export const LM_MAGIC = 0x4d4c414e; // "NALM"
export const LM_FORMAT = 1;
const FIXED_HEADER = 128;
const LABEL_AT = 80;
const LABEL_BYTES = 48;

/** Section tags (four ASCII characters read as a little-endian u32). */
export const SECTIONS = ['VHSH', 'VIDS', 'VOFF', 'VSTR', 'UPRB', 'UBOF', 'BKEY', 'BBOF', 'TKEY', 'COFF', 'CIDS'] as const;
export type SectionTag = (typeof SECTIONS)[number];
export const tagCode = (t: string): number => (t.charCodeAt(0) | (t.charCodeAt(1) << 8) | (t.charCodeAt(2) << 16) | (t.charCodeAt(3) << 24)) >>> 0;

/** Candidate sources, in the top byte of each CIDS entry. */
export const CAND_THESAURUS = 1;
export const CAND_WORDNET = 2;
export const CAND_PAIRS = 4;
export const CAND_ID_MASK = 0xffffff;

export class LmPackError extends Error {
  constructor(message: string) {
    super(`language-model pack: ${message}`);
    this.name = 'LmPackError';
  }
}

// ---------- hashing (shared by the build and the reader) ----------

/** murmur3's 32-bit finalizer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a word (FNV-1a over its UTF-16 code units, finalized); never 0. */
export function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return fmix32(h) || 1;
}

/** Hash of a bigram or trigram of word ids (pass -1 as `c` for a bigram). */
export function ngramHash(a: number, b: number, c: number): number {
  let h = fmix32((a + 0x9e3779b9) >>> 0);
  h = fmix32((h ^ Math.imul(b + 1, 0x27d4eb2f)) >>> 0);
  if (c >= 0) h = fmix32((h ^ Math.imul(c + 1, 0x165667b1)) >>> 0);
  return h;
}

/**
 * The 24-bit fingerprint stored for an n-gram of hash `h` (never 0), shifted into the top of the slot:
 * the hash's low 24 bits (its home slot comes from the high bits, see `slotOf`).
 */
export function fingerprint(h: number): number {
  return (h & 0xffffff || 1) << 8;
}

/** Home slot of hash `h` in a table of `cap` slots: the high bits of h scaled to cap (no division). */
export function slotOf(h: number, cap: number): number {
  return Math.floor((h / 4294967296) * cap);
}

// ---------- quantization ----------

/** 8-bit linear quantization of a log10 value in [min, max]. */
export function quantize(v: number, min: number, max: number): number {
  const q = Math.round(((Math.min(max, Math.max(min, v)) - min) / (max - min)) * 255);
  return q;
}
export function dequantTable(min: number, max: number): Float32Array {
  const t = new Float32Array(256);
  for (let q = 0; q < 256; q++) t[q] = min + ((max - min) * q) / 255;
  return t;
}

// ---------- checksum ----------

/**
 * FNV-1a over the section lengths and 1,024 evenly spaced 32-bit words of
 * each section (and its last word). Sampled, so that opening a 26 MB pack
 * in a fresh isolate (cold code, no JIT yet) costs about a millisecond: it
 * catches truncation, a wrong or shifted part and gross corruption, not a
 * single flipped bit (the build and `rules:push` check a SHA-256 of the
 * whole file, and the CLI can with --verify).
 */
export const CHECKSUM_SAMPLES = 1024;
export function dataChecksum(sections: Array<{ bytes: Uint8Array }>): number {
  let h = 0x811c9dc5;
  const step = (x: number) => {
    h = Math.imul(h ^ (x & 0xffff), 0x01000193);
    h = Math.imul(h ^ (x >>> 16), 0x01000193);
  };
  for (const { bytes } of sections) {
    step(bytes.length);
    const words = bytes.length >>> 2;
    if (words === 0) continue;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const stride = Math.max(1, Math.floor(words / CHECKSUM_SAMPLES));
    for (let i = 0; i < words; i += stride) step(dv.getUint32(i * 4, true));
    step(dv.getUint32((words - 1) * 4, true));
  }
  return h >>> 0;
}

function headerChecksum(bytes: Uint8Array, headerBytes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < headerBytes; i++) h = Math.imul(h ^ (i >= 24 && i < 28 ? 0 : bytes[i]), 0x01000193);
  return h >>> 0;
}

// ---------- reading ----------

export interface LmPack {
  label: string;
  format: number;
  totalBytes: number;
  vocabSize: number;
  probMin: number;
  probMax: number;
  boMin: number;
  boMax: number;
  /** Open-addressing table: word hash (0 = empty) → word id. */
  vocabHash: Uint32Array;
  vocabIds: Uint32Array;
  /** UTF-8 words, word i at [vocabOff[i], vocabOff[i + 1]). */
  vocabOff: Uint32Array;
  vocabStr: Uint8Array;
  uniProb: Uint8Array;
  uniBo: Uint8Array;
  /** Bigram slots: fingerprint << 8 | quantized log10 P(b | a); 0 = empty. Backoffs alongside. */
  biKeys: Uint32Array;
  biBo: Uint8Array;
  /** Trigram slots: fingerprint << 8 | quantized log10 P(c | a b). */
  triKeys: Uint32Array;
  /** Candidates of word i (words a spinner's thesaurus would replace with i): candIds[candOff[i] .. candOff[i + 1]), source flags << 24 | id. */
  candOff: Uint32Array;
  candIds: Uint32Array;
}

const TYPED: Record<SectionTag, 1 | 4> = {
  VHSH: 4, VIDS: 4, VOFF: 4, VSTR: 1, UPRB: 1, UBOF: 1, BKEY: 4, BBOF: 1, TKEY: 4, COFF: 4, CIDS: 4,
};

/**
 * Open a pack from its parts (one buffer for a whole file). Throws LmPackError
 * with a clear message on a wrong magic or version, a missing or short part,
 * a misplaced section or a checksum mismatch.
 */
export function openLmPack(parts: ArrayBuffer | ArrayBuffer[] | Uint8Array): LmPack {
  let bufs: Uint8Array[];
  if (parts instanceof Uint8Array) bufs = [parts];
  else if (Array.isArray(parts)) bufs = parts.map((p) => new Uint8Array(p));
  else bufs = [new Uint8Array(parts)];
  if (bufs.length === 0) throw new LmPackError('no data');
  const head = bufs[0];
  if (head.byteLength < FIXED_HEADER) throw new LmPackError(`truncated: ${head.byteLength} bytes, the header alone is ${FIXED_HEADER}`);
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const u32 = (at: number) => dv.getUint32(at, true);
  if (u32(0) !== LM_MAGIC) throw new LmPackError('not a language-model pack (bad magic)');
  const format = u32(4);
  if (format !== LM_FORMAT) throw new LmPackError(`format ${format} is not supported (this reader reads ${LM_FORMAT})`);
  const headerBytes = u32(8);
  const totalBytes = u32(12);
  const nParts = u32(16);
  const nSections = u32(20);
  if (headerBytes > head.byteLength || headerBytes !== FIXED_HEADER + 4 * nParts + 16 * nSections) throw new LmPackError('truncated or inconsistent header');
  if (headerChecksum(head, headerBytes) !== u32(24)) throw new LmPackError('header checksum mismatch');
  const partLen: number[] = [];
  for (let p = 0; p < nParts; p++) partLen.push(u32(FIXED_HEADER + 4 * p));
  // Where each part starts: its own buffer, or an offset into the one buffer.
  const partView: Array<{ buf: Uint8Array; base: number }> = [];
  if (bufs.length === 1 && nParts > 1) {
    let at = 0;
    for (let p = 0; p < nParts; p++) {
      partView.push({ buf: head, base: at });
      at += partLen[p];
    }
    if (head.byteLength < at) throw new LmPackError(`truncated: ${head.byteLength} of ${at} bytes`);
  } else {
    if (bufs.length !== nParts) throw new LmPackError(`${bufs.length} parts given, the header names ${nParts}`);
    for (let p = 0; p < nParts; p++) {
      if (bufs[p].byteLength < partLen[p]) throw new LmPackError(`part ${p} is truncated: ${bufs[p].byteLength} of ${partLen[p]} bytes`);
      partView.push({ buf: bufs[p], base: 0 });
    }
  }
  const sections = new Map<number, Uint8Array>();
  const ordered: Array<{ bytes: Uint8Array }> = [];
  for (let s = 0; s < nSections; s++) {
    const at = FIXED_HEADER + 4 * nParts + 16 * s;
    const tag = u32(at);
    const part = u32(at + 4);
    const off = u32(at + 8);
    const len = u32(at + 12);
    if (part >= nParts || off + len > partLen[part]) throw new LmPackError(`section ${s} lies outside its part`);
    const { buf, base } = partView[part];
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset + base + off, len);
    sections.set(tag, bytes);
    ordered.push({ bytes });
  }
  if (dataChecksum(ordered) !== u32(28)) throw new LmPackError('data checksum mismatch (corrupt or mixed-up parts)');
  const view = <T extends SectionTag>(tag: T): T extends 'VSTR' | 'UPRB' | 'UBOF' | 'BBOF' ? Uint8Array : Uint32Array => {
    const bytes = sections.get(tagCode(tag));
    if (!bytes) throw new LmPackError(`section ${tag} is missing`);
    if (TYPED[tag] === 1) return bytes as never;
    // Typed views need aligned offsets; a part read from a pooled Node buffer may not be.
    const b = (bytes.byteOffset & 3) === 0 ? bytes : bytes.slice();
    if (b.byteLength & 3) throw new LmPackError(`section ${tag} has a length that is not a multiple of 4`);
    return new Uint32Array(b.buffer, b.byteOffset, b.byteLength >>> 2) as never;
  };
  const f32 = (at: number) => dv.getFloat32(at, true);
  const labelBytes = head.subarray(LABEL_AT, LABEL_AT + LABEL_BYTES);
  const nul = labelBytes.indexOf(0);
  const vocabSize = u32(48);
  const pack: LmPack = {
    label: new TextDecoder().decode(nul >= 0 ? labelBytes.subarray(0, nul) : labelBytes),
    format,
    totalBytes,
    vocabSize,
    probMin: f32(32),
    probMax: f32(36),
    boMin: f32(40),
    boMax: f32(44),
    vocabHash: view('VHSH'),
    vocabIds: view('VIDS'),
    vocabOff: view('VOFF'),
    vocabStr: view('VSTR'),
    uniProb: view('UPRB'),
    uniBo: view('UBOF'),
    biKeys: view('BKEY'),
    biBo: view('BBOF'),
    triKeys: view('TKEY'),
    candOff: view('COFF'),
    candIds: view('CIDS'),
  };
  if (pack.vocabHash.length !== u32(52) || pack.vocabIds.length !== u32(52) || pack.biKeys.length !== u32(56) || pack.triKeys.length !== u32(60) || pack.biBo.length !== pack.biKeys.length) {
    throw new LmPackError('table sizes do not match the header');
  }
  if (pack.uniProb.length !== vocabSize || pack.vocabOff.length !== vocabSize + 1 || pack.candOff.length !== vocabSize + 1 || pack.candIds.length !== u32(64)) {
    throw new LmPackError('vocabulary sizes do not match the header');
  }
  return pack;
}

// ---------- writing (build time, and tests) ----------

export interface PackInput {
  label: string;
  probMin: number;
  probMax: number;
  boMin: number;
  boMax: number;
  vocabSize: number;
  sections: Record<SectionTag, Uint8Array | Uint32Array>;
}

/**
 * Lay a pack out as parts of at most `maxPartBytes` each (sections in the
 * order of SECTIONS, 8-byte aligned). Returns the parts; their concatenation
 * is the file.
 */
export function writeLmPack(input: PackInput, maxPartBytes = 24 * 1024 * 1024): Uint8Array[] {
  const secs = SECTIONS.map((tag) => {
    const s = input.sections[tag];
    return { tag, bytes: new Uint8Array(s.buffer, s.byteOffset, s.byteLength) };
  });
  const pad8 = (n: number) => (n + 7) & ~7;
  // Assign parts greedily; the header (whose size depends on the part count) is sized for an upper bound.
  const maxParts = 1 + Math.ceil(secs.reduce((t, s) => t + pad8(s.bytes.length), 0) / Math.max(1, maxPartBytes - 8));
  const headerBytes = (nParts: number) => FIXED_HEADER + 4 * nParts + 16 * secs.length;
  for (let nParts = 1; nParts <= maxParts + 1; nParts++) {
    const place: Array<{ part: number; off: number }> = [];
    const lens: number[] = [pad8(headerBytes(nParts))];
    for (const s of secs) {
      const len = s.bytes.length;
      if (len > maxPartBytes) throw new LmPackError(`section ${s.tag} (${len} bytes) is larger than a part (${maxPartBytes})`);
      let p = lens.length - 1;
      if (lens[p] + len > maxPartBytes) {
        lens.push(0);
        p++;
      }
      place.push({ part: p, off: lens[p] });
      lens[p] = pad8(lens[p] + len);
    }
    if (lens.length !== nParts) continue;
    const parts = lens.map((l) => new Uint8Array(l));
    const head = parts[0];
    const dv = new DataView(head.buffer);
    const hb = headerBytes(nParts);
    dv.setUint32(0, LM_MAGIC, true);
    dv.setUint32(4, LM_FORMAT, true);
    dv.setUint32(8, hb, true);
    dv.setUint32(12, lens.reduce((a, b) => a + b, 0), true);
    dv.setUint32(16, nParts, true);
    dv.setUint32(20, secs.length, true);
    dv.setFloat32(32, input.probMin, true);
    dv.setFloat32(36, input.probMax, true);
    dv.setFloat32(40, input.boMin, true);
    dv.setFloat32(44, input.boMax, true);
    const elems = (tag: SectionTag) => input.sections[tag].byteLength / (TYPED[tag] === 4 ? 4 : 1);
    dv.setUint32(48, input.vocabSize, true);
    dv.setUint32(52, elems('VHSH'), true);
    dv.setUint32(56, elems('BKEY'), true);
    dv.setUint32(60, elems('TKEY'), true);
    dv.setUint32(64, elems('CIDS'), true);
    head.set(new TextEncoder().encode(input.label).subarray(0, LABEL_BYTES), LABEL_AT);
    for (let p = 0; p < nParts; p++) dv.setUint32(FIXED_HEADER + 4 * p, lens[p], true);
    secs.forEach((s, i) => {
      const at = FIXED_HEADER + 4 * nParts + 16 * i;
      dv.setUint32(at, tagCode(s.tag), true);
      dv.setUint32(at + 4, place[i].part, true);
      dv.setUint32(at + 8, place[i].off, true);
      dv.setUint32(at + 12, s.bytes.length, true);
      parts[place[i].part].set(s.bytes, place[i].off);
    });
    dv.setUint32(28, dataChecksum(secs.map((s, i) => ({ bytes: parts[place[i].part].subarray(place[i].off, place[i].off + s.bytes.length) }))), true);
    dv.setUint32(24, headerChecksum(head, hb), true);
    return parts;
  }
  throw new LmPackError('could not lay out the parts');
}

/** Concatenate parts into one file image. */
export function joinParts(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((t, p) => t + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
