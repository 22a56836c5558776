/**
 * Reader of the CMU Sphinx trie language-model format (`*.lm.bin`), for the
 * build of rules/spin/pairs.json (scripts/build/spin-pairs.ts). Build time
 * only: nothing here ships.
 *
 * The model read is the generic US English model of CMU Sphinx, Debian
 * package pocketsphinx-en-us (/usr/share/pocketsphinx/model/en-us/en-us.lm.bin,
 * BSD-2, Copyright 1995-2014 Carnegie Mellon University, 2014-2015 Alpha
 * Cephei Inc.): 72,547 words, 2.05 M bigrams and 1.67 M trigrams of a large
 * English text collection, which is far more genuine English than the text we
 * may ship derived data of. `sphinx_lm_convert` of Debian's sphinxbase-utils
 * fails on this file (an assertion in its ARPA writer), hence this reader.
 *
 * Layout (sphinxbase 5prealpha, ngram_model_trie.c and lm_trie.c, a port of
 * KenLM's trie):
 *   "Trie Language Model"  header, no terminator
 *   uint8 order, uint32 counts[order]
 *   int32 quantisation type, then float32 tables: per middle order a 2^16
 *     probability table and a 2^16 backoff table, then one 2^16 table for the
 *     longest order
 *   unigrams: (counts[0] + 1) × { float32 log10 prob, float32 log10 backoff, uint32 next }
 *   middle orders: bit-packed entries of word index, 16-bit backoff index,
 *     16-bit probability index (into the order's probability table) and next
 *     pointer; then the longest order
 *   int32 k, then k bytes of NUL-terminated words in index order
 * All log probabilities are in units of log base 1.0001 (the decoder's log
 * math); they are returned as log10.
 * The trie is reversed: the bigram entries under unigram u are the words w
 * that come before u, so entry (u, w) is the bigram "w u".
 */
import { readFileSync } from 'node:fs';

export const SPHINX_LM_FILE = '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin';

export interface SphinxLm {
  words: string[];
  /** log10 P(w) per word index. */
  unigram: Float32Array;
  /** "a b" → log10 P(b | a), for every bigram of the model. */
  bigrams: Map<string, number>;
}

const HEADER = 'Trie Language Model';
/** log10(1.0001): the tables' log base 1.0001 to log10. */
const LOG10_BASE = Math.log10(1.0001);

function requiredBits(max: number): number {
  let b = 0;
  while (max >>> b > 0) b++;
  return b;
}

export function loadSphinxLm(file: string = SPHINX_LM_FILE): SphinxLm {
  return parseSphinxLm(readFileSync(file), file);
}

export function parseSphinxLm(buf: Buffer, file = 'model'): SphinxLm {
  if (buf.toString('latin1', 0, HEADER.length) !== HEADER) throw new Error(`${file}: not a Sphinx trie language model`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = HEADER.length;
  const order = buf[p++];
  // Orders above 2 store bigrams as a middle order (prob, backoff and next pointer); a bigram-only
  // model would store them as the longest order, which this reader does not handle.
  if (order < 3) throw new Error(`${file}: order ${order} models are not supported (need 3 or more)`);
  const counts: number[] = [];
  for (let i = 0; i < order; i++, p += 4) counts.push(dv.getUint32(p, true));
  p += 4; // quantisation type
  const probTable = p; // first middle order's probability table
  p += ((order - 2) * 2 + 1) * 65536 * 4;
  const n1 = counts[0];
  const unigram = new Float32Array(n1);
  const next = new Uint32Array(n1 + 1);
  for (let i = 0; i <= n1; i++, p += 12) {
    if (i < n1) unigram[i] = dv.getFloat32(p, true) * LOG10_BASE;
    next[i] = dv.getUint32(p + 8, true);
  }
  const wordBits = requiredBits(n1);
  const nextBits = requiredBits(counts[2] ?? 0);
  const total = wordBits + 32 + nextBits;
  const midStart = p;
  const midSize = Math.floor(((1 + counts[1]) * total + 7) / 8) + 8;
  p += midSize;
  for (let o = 3; o <= order; o++) {
    const bits = o === order ? wordBits + 16 : wordBits + 32 + requiredBits(counts[o] ?? 0);
    p += Math.floor(((1 + counts[o - 1]) * bits + 7) / 8) + 8;
  }
  const k = dv.getInt32(p, true);
  p += 4;
  const words = buf.toString('utf8', p, p + k).split('\0').slice(0, n1);
  if (words.length !== n1) throw new Error(`${file}: ${words.length} words, header says ${n1}`);
  // Little-endian bit fields of at most 25 bits: read 32 bits from the field's byte and shift.
  const field = (bit: number, width: number) => {
    const byte = midStart + (bit >>> 3);
    return (dv.getUint32(byte, true) >>> (bit & 7)) & ((1 << width) - 1);
  };
  const bigrams = new Map<string, number>();
  for (let u = 0; u < n1; u++) {
    for (let j = next[u]; j < next[u + 1]; j++) {
      const bit = j * total;
      const w = field(bit, wordBits);
      const q = field(bit + wordBits + 16, 16);
      bigrams.set(`${words[w]} ${words[u]}`, dv.getFloat32(probTable + q * 4, true) * LOG10_BASE);
    }
  }
  return { words, unigram, bigrams };
}

/** The whole model as numeric arrays (word indices into `words`), for the language-model pack. */
export interface SphinxTrie {
  words: string[];
  /** log10 P(w) and log10 backoff(w), per word index. */
  uniProb: Float32Array;
  uniBo: Float32Array;
  /** Bigrams "a b": word indices, log10 P(b | a) and log10 backoff(a b). */
  bi: { a: Uint32Array; b: Uint32Array; prob: Float32Array; bo: Float32Array };
  /** Trigrams "a b c": word indices and log10 P(c | a b). */
  tri: { a: Uint32Array; b: Uint32Array; c: Uint32Array; prob: Float32Array };
}

/** Read unigrams (with backoffs), bigrams (with backoffs) and trigrams of a trigram trie model. */
export function readSphinxTrie(buf: Buffer, file = 'model'): SphinxTrie {
  if (buf.toString('latin1', 0, HEADER.length) !== HEADER) throw new Error(`${file}: not a Sphinx trie language model`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = HEADER.length;
  const order = buf[p++];
  if (order !== 3) throw new Error(`${file}: order ${order} models are not supported (need 3)`);
  const counts: number[] = [];
  for (let i = 0; i < order; i++, p += 4) counts.push(dv.getUint32(p, true));
  p += 4; // quantisation type
  // Tables (KenLM's SeparatelyQuantize): bigram probabilities, bigram backoffs, trigram probabilities.
  const biProbTable = p;
  const biBoTable = p + 65536 * 4;
  const triProbTable = p + 2 * 65536 * 4;
  p += 3 * 65536 * 4;
  const [n1, n2, n3] = counts;
  const uniProb = new Float32Array(n1);
  const uniBo = new Float32Array(n1);
  const next = new Uint32Array(n1 + 1);
  for (let i = 0; i <= n1; i++, p += 12) {
    if (i < n1) {
      uniProb[i] = dv.getFloat32(p, true) * LOG10_BASE;
      uniBo[i] = dv.getFloat32(p + 4, true) * LOG10_BASE;
    }
    next[i] = dv.getUint32(p + 8, true);
  }
  const wordBits = requiredBits(n1);
  const nextBits = requiredBits(n3);
  const biBits = wordBits + 32 + nextBits;
  const biStart = p;
  p += Math.floor(((1 + n2) * biBits + 7) / 8) + 8;
  const triBits = wordBits + 16;
  const triStart = p;
  p += Math.floor(((1 + n3) * triBits + 7) / 8) + 8;
  const k = dv.getInt32(p, true);
  p += 4;
  const words = buf.toString('utf8', p, p + k).split('\0').slice(0, n1);
  if (words.length !== n1) throw new Error(`${file}: ${words.length} words, header says ${n1}`);
  // Bit fields wider than 25 bits are read in two parts.
  const field = (base: number, bit: number, width: number): number => {
    if (width > 24) return field(base, bit, 16) + field(base, bit + 16, width - 16) * 65536;
    const byte = base + (bit >>> 3);
    return (dv.getUint32(byte, true) >>> (bit & 7)) & ((1 << width) - 1);
  };
  const bi = { a: new Uint32Array(n2), b: new Uint32Array(n2), prob: new Float32Array(n2), bo: new Float32Array(n2) };
  const biNext = new Uint32Array(n2 + 1);
  for (let j = 0; j <= n2; j++) biNext[j] = field(biStart, j * biBits + wordBits + 32, nextBits);
  for (let u = 0; u < n1; u++) {
    for (let j = next[u]; j < next[u + 1]; j++) {
      const bit = j * biBits;
      bi.a[j] = field(biStart, bit, wordBits);
      bi.b[j] = u;
      bi.bo[j] = dv.getFloat32(biBoTable + field(biStart, bit + wordBits, 16) * 4, true) * LOG10_BASE;
      bi.prob[j] = dv.getFloat32(biProbTable + field(biStart, bit + wordBits + 16, 16) * 4, true) * LOG10_BASE;
    }
  }
  const tri = { a: new Uint32Array(n3), b: new Uint32Array(n3), c: new Uint32Array(n3), prob: new Float32Array(n3) };
  for (let j = 0; j < n2; j++) {
    for (let t = biNext[j]; t < biNext[j + 1]; t++) {
      const bit = t * triBits;
      tri.a[t] = field(triStart, bit, wordBits);
      tri.b[t] = bi.a[j];
      tri.c[t] = bi.b[j];
      tri.prob[t] = dv.getFloat32(triProbTable + field(triStart, bit + wordBits, 16) * 4, true) * LOG10_BASE;
    }
  }
  return { words, uniProb, uniBo, bi, tri };
}
