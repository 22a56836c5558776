/** The reader of CMU Sphinx trie language models used by scripts/build/spin-pairs.ts, on a model written here. */
import { describe, expect, it } from 'vitest';
import { parseSphinxLm } from '../../scripts/build/sphinx-lm.ts';

const LOG10_BASE = Math.log10(1.0001);

/** A trigram model of three words and the bigrams "alpha beta" and "beta gamma", laid out as sphinxbase writes it. */
function tinyModel(): Buffer {
  const words = ['alpha', 'beta', 'gamma'];
  const parts: Buffer[] = [Buffer.from('Trie Language Model', 'latin1'), Buffer.from([3])];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  for (const c of [3, 2, 0]) parts.push(u32(c));
  parts.push(u32(1)); // quantisation type
  const tables = Buffer.alloc(3 * 65536 * 4);
  tables.writeFloatLE(-10000, 5 * 4); // probability index 5 of the bigram table
  tables.writeFloatLE(-20000, 9 * 4); // index 9
  tables.writeFloatLE(123, (65536 + 5) * 4); // a backoff value, never read as a probability
  parts.push(tables);
  // Unigrams: log prob, backoff, next. Bigram entries under u are the words before u.
  const next = [0, 0, 1, 2];
  const uni = Buffer.alloc(4 * 12);
  for (let i = 0; i < 4; i++) {
    uni.writeFloatLE(-(i + 1) * 10000, i * 12);
    uni.writeUInt32LE(next[i], i * 12 + 8);
  }
  parts.push(uni);
  // Middle order: 2 bits word, 16 backoff, 16 prob, 0 next bits = 34 bits per entry.
  const mid = Buffer.alloc(Math.floor(((1 + 2) * 34 + 7) / 8) + 8);
  const put = (bit: number, width: number, value: number) => {
    for (let k = 0; k < width; k++) if ((value >> k) & 1) mid[(bit + k) >> 3] |= 1 << ((bit + k) & 7);
  };
  put(0, 2, 0); // entry 0 under "beta": "alpha"
  put(2 + 16, 16, 5);
  put(34, 2, 1); // entry 1 under "gamma": "beta"
  put(34 + 2, 16, 5); // its backoff index
  put(34 + 2 + 16, 16, 9);
  parts.push(mid);
  parts.push(Buffer.alloc(Math.floor((1 * 18 + 7) / 8) + 8)); // no trigrams
  const strs = Buffer.from(words.map((w) => `${w}\0`).join(''), 'utf8');
  parts.push(u32(strs.length), strs);
  return Buffer.concat(parts);
}

describe('Sphinx trie language model reader', () => {
  it('reads words, unigram probabilities and bigrams in text order, as log10', () => {
    const lm = parseSphinxLm(tinyModel());
    expect(lm.words).toEqual(['alpha', 'beta', 'gamma']);
    expect(lm.unigram[1]).toBeCloseTo(-20000 * LOG10_BASE, 4);
    expect([...lm.bigrams.keys()].sort()).toEqual(['alpha beta', 'beta gamma']);
    expect(lm.bigrams.get('alpha beta')).toBeCloseTo(-10000 * LOG10_BASE, 4);
    expect(lm.bigrams.get('beta gamma')).toBeCloseTo(-20000 * LOG10_BASE, 4);
    expect(lm.bigrams.has('beta alpha')).toBe(false);
  });
  it('refuses files that are not trie models', () => {
    expect(() => parseSphinxLm(Buffer.from('ARPA text model'))).toThrow(/not a Sphinx trie language model/);
  });
});
