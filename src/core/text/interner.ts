/**
 * Distinct token forms of one document. The tokenizer hashes an ASCII word's
 * lower-cased characters while it reads them and finds the word's form here
 * by comparing characters in place, so a string is built once per distinct
 * word instead of once per token, and every token of a word shares the same
 * string (whose hash V8 then computes once for all later Map lookups).
 */

/** FNV-1a step over one UTF-16 code unit. */
export const HASH_SEED = 0x811c9dc5 | 0;
export const hashStep = (h: number, code: number): number => Math.imul(h ^ code, 0x01000193);

export function hashString(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
  return h;
}

export class Interner {
  /** The distinct forms, in order of first appearance. */
  readonly types: string[] = [];
  private hashes: number[] = [];
  /** Open addressing: slot → type id + 1 (0 = empty). */
  private slots = new Int32Array(1024);
  private mask = 1023;

  /**
   * The id of the lower-cased form of `text[start, end)`, which holds only
   * ASCII letters and digits; `hash` is hashStep over its lower-cased codes.
   */
  idOfAsciiSlice(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const v = this.slots[slot];
      if (v === 0) break;
      const id = v - 1;
      if (this.hashes[id] === hash) {
        const t = this.types[id];
        if (t.length === len) {
          let k = 0;
          for (; k < len; k++) {
            let c = text.charCodeAt(start + k);
            if (c >= 65 && c <= 90) c += 32;
            if (c !== t.charCodeAt(k)) break;
          }
          if (k === len) return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    return this.insert(slot, text.slice(start, end).toLowerCase(), hash);
  }

  /** The id of `form`. */
  idOf(form: string): number {
    const hash = hashString(form);
    let slot = hash & this.mask;
    for (;;) {
      const v = this.slots[slot];
      if (v === 0) break;
      if (this.hashes[v - 1] === hash && this.types[v - 1] === form) return v - 1;
      slot = (slot + 1) & this.mask;
    }
    return this.insert(slot, form, hash);
  }

  private insert(slot: number, form: string, hash: number): number {
    const id = this.types.length;
    this.types.push(form);
    this.hashes.push(hash);
    this.slots[slot] = id + 1;
    if (this.types.length * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.types.length; id++) {
      let slot = this.hashes[id] & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    }
  }
}
