/**
 * A Bloom filter over strings (folded n-grams), shared by the build scripts
 * that fill it and the analyzers that query it. Double hashing over two
 * 32-bit FNV-1a variants; the bit array travels as base64.
 */

function h1(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function h2(s: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995) ^ (h >>> 13);
  return (h | 1) >>> 0;
}

export class Bloom {
  readonly bits: Uint8Array;
  constructor(
    readonly size: number,
    readonly hashes: number,
    bits?: Uint8Array,
  ) {
    this.bits = bits ?? new Uint8Array(Math.ceil(size / 8));
  }

  /** Size a filter for `n` items at false-positive rate `p`. */
  static forItems(n: number, p = 0.01): Bloom {
    const size = Math.max(64, Math.ceil((-n * Math.log(p)) / Math.LN2 ** 2));
    const hashes = Math.max(1, Math.round((size / Math.max(n, 1)) * Math.LN2));
    return new Bloom(size, hashes);
  }

  add(s: string): void {
    const a = h1(s);
    const b = h2(s);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + i * b) % this.size;
      this.bits[bit >>> 3] |= 1 << (bit & 7);
    }
  }

  has(s: string): boolean {
    return this.test(h1(s), h2(s));
  }

  /** Same as `has(\`${x} ${y}\`)`, without building the string. */
  hasPair(x: string, y: string): boolean {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < x.length; i++) {
      const c = x.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
    a = Math.imul(a ^ 32, 0x01000193);
    b = Math.imul(b ^ 32, 0x5bd1e995) ^ (b >>> 13);
    for (let i = 0; i < y.length; i++) {
      const c = y.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
    return this.test(a >>> 0, (b | 1) >>> 0);
  }

  private test(a: number, b: number): boolean {
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + i * b) % this.size;
      if ((this.bits[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  }

  toJSON(): { size: number; hashes: number; data: string } {
    let bin = '';
    for (let i = 0; i < this.bits.length; i += 0x8000) bin += String.fromCharCode(...this.bits.subarray(i, i + 0x8000));
    return { size: this.size, hashes: this.hashes, data: btoa(bin) };
  }

  static fromJSON(j: { size: number; hashes: number; data: string }): Bloom {
    const bin = atob(j.data);
    const bits = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bits[i] = bin.charCodeAt(i);
    if (bits.length !== Math.ceil(j.size / 8)) throw new Error('bloom: data length does not match size');
    return new Bloom(j.size, j.hashes, bits);
  }
}
