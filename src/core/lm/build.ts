/**
 * Encoding a backoff trigram model and its candidate lists as pack sections
 * (pack.ts). Pure TypeScript: the build (scripts/build/lm.ts) feeds it the
 * CMU Sphinx model and the thesauri; the tests feed it a model of a few words.
 */
import { fingerprint, ngramHash, quantize, slotOf, wordHash, writeLmPack, type SectionTag } from './pack.ts';

/** Quantization ranges (log10): probabilities below PROB_MIN are clipped to it. */
export const PROB_MIN = -7.5;
export const PROB_MAX = 0;
export const BO_MIN = -3;
export const BO_MAX = 1;
/** Load factor of the n-gram tables (linear probing). */
const LOAD = 0.72;

export interface NgramModel {
  words: string[];
  uniProb: ArrayLike<number>;
  uniBo: ArrayLike<number>;
  bi: { a: ArrayLike<number>; b: ArrayLike<number>; prob: ArrayLike<number>; bo: ArrayLike<number> };
  tri: { a: ArrayLike<number>; b: ArrayLike<number>; c: ArrayLike<number>; prob: ArrayLike<number> };
}

export type ModelSections = Pick<Record<SectionTag, Uint8Array | Uint32Array>, 'VHSH' | 'VIDS' | 'VOFF' | 'VSTR' | 'UPRB' | 'UBOF' | 'BKEY' | 'BBOF' | 'TKEY'>;
export type CandidateSections = Pick<Record<SectionTag, Uint32Array>, 'COFF' | 'CIDS'>;

const tableSize = (n: number) => Math.max(17, Math.ceil(n / LOAD)) | 1;

export function encodeModel(m: NgramModel): ModelSections {
  const V = m.words.length;
  // Vocabulary: hash → id; on a hash collision the more probable word keeps the slot.
  const byHash = new Map<number, number>();
  const order = [...Array(V).keys()].sort((x, y) => m.uniProb[y] - m.uniProb[x] || x - y);
  for (const i of order) {
    const h = wordHash(m.words[i]);
    if (!byHash.has(h)) byHash.set(h, i);
  }
  const cap = 1 << Math.ceil(Math.log2(Math.max(2, byHash.size) / 0.5));
  const vh = new Uint32Array(cap);
  const vi = new Uint32Array(cap);
  for (const [h, id] of byHash) {
    let s = h & (cap - 1);
    while (vh[s] !== 0) s = (s + 1) & (cap - 1);
    vh[s] = h;
    vi[s] = id;
  }
  const enc = new TextEncoder();
  const strs = m.words.map((w) => enc.encode(w));
  const voff = new Uint32Array(V + 1);
  for (let i = 0; i < V; i++) voff[i + 1] = voff[i] + strs[i].length;
  const vstr = new Uint8Array(voff[V]);
  strs.forEach((b, i) => vstr.set(b, voff[i]));
  const uprb = new Uint8Array(V);
  const ubof = new Uint8Array(V);
  for (let i = 0; i < V; i++) {
    uprb[i] = quantize(m.uniProb[i], PROB_MIN, PROB_MAX);
    ubof[i] = quantize(m.uniBo[i], BO_MIN, BO_MAX);
  }
  const n2 = m.bi.a.length;
  const bcap = tableSize(n2);
  const bkey = new Uint32Array(bcap);
  const bbof = new Uint8Array(bcap);
  for (let j = 0; j < n2; j++) {
    const h = ngramHash(m.bi.a[j], m.bi.b[j], -1);
    let s = slotOf(h, bcap);
    while (bkey[s] !== 0) s = s + 1 === bcap ? 0 : s + 1;
    bkey[s] = (fingerprint(h) | quantize(m.bi.prob[j], PROB_MIN, PROB_MAX)) >>> 0;
    bbof[s] = quantize(m.bi.bo[j], BO_MIN, BO_MAX);
  }
  const n3 = m.tri.a.length;
  const tcap = tableSize(n3);
  const tkey = new Uint32Array(tcap);
  for (let j = 0; j < n3; j++) {
    const h = ngramHash(m.tri.a[j], m.tri.b[j], m.tri.c[j]);
    let s = slotOf(h, tcap);
    while (tkey[s] !== 0) s = s + 1 === tcap ? 0 : s + 1;
    tkey[s] = (fingerprint(h) | quantize(m.tri.prob[j], PROB_MIN, PROB_MAX)) >>> 0;
  }
  return { VHSH: vh, VIDS: vi, VOFF: voff, VSTR: vstr, UPRB: uprb, UBOF: ubof, BKEY: bkey, BBOF: bbof, TKEY: tkey };
}

/** Candidate lists: per word id, its candidate originals as `flags << 24 | id`, in the order given. */
export function encodeCandidates(vocabSize: number, lists: (id: number) => ReadonlyArray<readonly [number, number]>): CandidateSections {
  const coff = new Uint32Array(vocabSize + 1);
  const all: number[][] = new Array(vocabSize);
  for (let s = 0; s < vocabSize; s++) {
    all[s] = lists(s).map(([o, f]) => ((f << 24) | o) >>> 0);
    coff[s + 1] = coff[s] + all[s].length;
  }
  const cids = new Uint32Array(coff[vocabSize]);
  for (let s = 0; s < vocabSize; s++) cids.set(all[s], coff[s]);
  return { COFF: coff, CIDS: cids };
}

/** The pack's parts (their concatenation is the file). */
export function assemblePack(label: string, vocabSize: number, model: ModelSections, cand: CandidateSections, maxPartBytes?: number): Uint8Array[] {
  return writeLmPack({ label, probMin: PROB_MIN, probMax: PROB_MAX, boMin: BO_MIN, boMax: BO_MAX, vocabSize, sections: { ...model, ...cand } }, maxPartBytes);
}
