/**
 * A backoff trigram language model over an opened pack (see pack.ts):
 * log10 P(c | a b) with Katz-style backoff, words looked up by hash.
 * Nothing here allocates per lookup; word ids are plain numbers, -1 for a
 * word the model does not know or for no context.
 */
import { dequantTable, fingerprint, ngramHash, slotOf, wordHash, CAND_ID_MASK, type LmPack } from './pack.ts';

/** log10 probability given to a word the model does not know. */
export const UNKNOWN_LOGPROB = -7;

export class LanguageModel {
  readonly pack: LmPack;
  private readonly probOf: Float32Array;
  private readonly boOf: Float32Array;
  private readonly vocabMask: number;
  private readonly biCap: number;
  private readonly triCap: number;
  private readonly decoder = new TextDecoder();
  /** Ids of the sentence boundary words. */
  readonly bos: number;
  readonly eos: number;

  constructor(pack: LmPack) {
    this.pack = pack;
    this.probOf = dequantTable(pack.probMin, pack.probMax);
    this.boOf = dequantTable(pack.boMin, pack.boMax);
    this.vocabMask = pack.vocabHash.length - 1;
    this.biCap = pack.biKeys.length;
    this.triCap = pack.triKeys.length;
    this.bos = this.id('<s>');
    this.eos = this.id('</s>');
  }

  get label(): string {
    return this.pack.label;
  }

  private readonly typeIdCache = new WeakMap<readonly string[], Int32Array>();

  /**
   * Word ids of a document's distinct forms (`Doc.types`), -1 for forms the model does not know;
   * computed once per document, whichever analyzers ask.
   */
  typeIds(types: readonly string[]): Int32Array {
    let ids = this.typeIdCache.get(types);
    if (!ids) {
      ids = new Int32Array(types.length);
      for (let t = 0; t < types.length; t++) ids[t] = this.id(types[t]);
      this.typeIdCache.set(types, ids);
    }
    return ids;
  }

  /** Word id of a folded word, or -1. */
  id(word: string): number {
    const h = wordHash(word);
    const { vocabHash, vocabIds } = this.pack;
    for (let slot = h & this.vocabMask; ; slot = (slot + 1) & this.vocabMask) {
      const v = vocabHash[slot];
      if (v === 0) return -1;
      if (v === h) return vocabIds[slot];
    }
  }

  /** The word of an id. */
  word(id: number): string {
    const { vocabOff, vocabStr } = this.pack;
    return this.decoder.decode(vocabStr.subarray(vocabOff[id], vocabOff[id + 1]));
  }

  /** log10 P(w). */
  unigram(id: number): number {
    return id < 0 ? UNKNOWN_LOGPROB : this.probOf[this.pack.uniProb[id]];
  }

  /** Slot of bigram (a, b), or -1 (ids must be ≥ 0). */
  bigramSlot(a: number, b: number): number {
    const h = ngramHash(a, b, -1);
    const fp = fingerprint(h) >>> 0;
    const keys = this.pack.biKeys;
    const cap = this.biCap;
    for (let slot = slotOf(h, cap); ; slot = slot + 1 === cap ? 0 : slot + 1) {
      const v = keys[slot];
      if (v === 0) return -1;
      if ((v & 0xffffff00) >>> 0 === fp) return slot;
    }
  }

  /** log10 P(b | a) of a bigram slot. */
  slotProb(slot: number): number {
    return this.probOf[this.pack.biKeys[slot] & 0xff];
  }

  /** log10 backoff(a b) of a bigram slot. */
  slotBackoff(slot: number): number {
    return this.boOf[this.pack.biBo[slot]];
  }

  /** log10 backoff(a). */
  unigramBackoff(id: number): number {
    return this.boOf[this.pack.uniBo[id]];
  }

  hasBigram(a: number, b: number): boolean {
    return a >= 0 && b >= 0 && this.bigramSlot(a, b) >= 0;
  }

  /** log10 P(c | a b) when the trigram is stored, else NaN (ids must be ≥ 0). */
  trigram(a: number, b: number, c: number): number {
    const h = ngramHash(a, b, c);
    const fp = fingerprint(h) >>> 0;
    const keys = this.pack.triKeys;
    const cap = this.triCap;
    for (let slot = slotOf(h, cap); ; slot = slot + 1 === cap ? 0 : slot + 1) {
      const v = keys[slot];
      if (v === 0) return NaN;
      if ((v & 0xffffff00) >>> 0 === fp) return this.probOf[v & 0xff];
    }
  }

  /** log10 P(b | a), backing off to the unigram; a = -1 for no context. */
  bigram(a: number, b: number): number {
    if (b < 0) return UNKNOWN_LOGPROB;
    if (a < 0) return this.unigram(b);
    const s = this.bigramSlot(a, b);
    return s >= 0 ? this.slotProb(s) : this.unigramBackoff(a) + this.unigram(b);
  }

  /** log10 P(c | a b), backing off to the bigram and the unigram. */
  logProb(a: number, b: number, c: number): number {
    if (c < 0) return UNKNOWN_LOGPROB;
    if (b < 0) return this.unigram(c);
    if (a < 0) return this.bigram(b, c);
    // A trigram "a b c" is stored under its bigram "b c" (as in KenLM's and Sphinx's tries).
    const bc = this.bigramSlot(b, c);
    if (bc >= 0) {
      const t = this.trigram(a, b, c);
      if (t === t) return t;
    }
    const ab = this.bigramSlot(a, b);
    const bo = ab >= 0 ? this.slotBackoff(ab) : 0;
    return bo + (bc >= 0 ? this.slotProb(bc) : this.unigramBackoff(b) + this.unigram(c));
  }

  /** Number of candidate originals of word `id` (words a spinner's thesaurus replaces with it). */
  candidateCount(id: number): number {
    return id < 0 ? 0 : this.pack.candOff[id + 1] - this.pack.candOff[id];
  }

  /** The k-th candidate original of `id`: its word id (flags in `candidateFlags`). */
  candidate(id: number, k: number): number {
    return this.pack.candIds[this.pack.candOff[id] + k] & CAND_ID_MASK;
  }

  candidateFlags(id: number, k: number): number {
    return this.pack.candIds[this.pack.candOff[id] + k] >>> 24;
  }
}
