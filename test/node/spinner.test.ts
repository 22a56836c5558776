/** The evaluation's article spinner (scripts/eval/spinner.ts): seeded, offsets exact, rate respected. */
import { describe, expect, it } from 'vitest';
import { loadWordNet, spin, type SpinResult } from '../../scripts/eval/spinner.ts';

// Written for this test.
const TEXT = [
  'The Prime Minister told reporters at the White House on Tuesday that the death toll from the floods had risen to 39.',
  'Officials said rescue teams were still working in freezing temperatures, and the Minister\'s office declined to comment on the cost.',
  'Last year the government promised to build new flood defences along the river, but construction has not started.',
  'Residents of the town say the warning system failed and that many families lost their homes and businesses overnight.',
  'The opposition leader called for an independent inquiry into the response and criticised the slow delivery of emergency aid.',
  'Engineers from the national water agency are expected to inspect the damaged bridges and roads later this week.',
  'Local schools will remain closed until Monday, and hospitals have asked volunteers to donate blood.',
  'Weather forecasters warned that heavy rain could return at the weekend, raising fears of further damage across the region.',
].join('\n\n');

function undo(r: SpinResult): string {
  let out = r.text;
  for (const s of [...r.spans].reverse()) out = out.slice(0, s.start) + s.original + out.slice(s.end);
  return out;
}

describe('spinner (WordNet, seeded)', () => {
  const wn = loadWordNet();

  it('is deterministic for a seed and varies with the seed', () => {
    const a = spin(TEXT, { rate: 1 / 8, seed: 'abc' }, wn);
    const b = spin(TEXT, { rate: 1 / 8, seed: 'abc' }, wn);
    const c = spin(TEXT, { rate: 1 / 8, seed: 'xyz' }, wn);
    expect(b).toEqual(a);
    expect(a.spun).toBeGreaterThan(0);
    expect(c.text).not.toBe(a.text);
  });

  it('reports valid offsets for every changed span', () => {
    for (const rate of [1 / 30, 1 / 15, 1 / 8, 1]) {
      const r = spin(TEXT, { rate, seed: 7 }, wn);
      expect(r.spans.length).toBe(r.spun);
      let lastEnd = 0;
      for (const s of r.spans) {
        expect(s.start).toBeGreaterThanOrEqual(lastEnd);
        expect(s.end).toBeGreaterThan(s.start);
        expect(r.text.slice(s.start, s.end)).toBe(s.replacement);
        expect(TEXT.slice(s.origStart, s.origEnd)).toBe(s.original);
        expect(s.replacement.toLowerCase()).not.toBe(s.original.toLowerCase());
        lastEnd = s.end;
      }
      // Putting the originals back gives the original text.
      expect(undo(r)).toBe(TEXT);
    }
  });

  it('respects the rate, and lower rates spin a subset of the same words', () => {
    const results = [1 / 30, 1 / 15, 1 / 8].map((rate) => ({ rate, r: spin(TEXT, { rate, seed: 'rate' }, wn) }));
    for (const { rate, r } of results) {
      expect(r.words).toBeGreaterThan(100);
      expect(r.eligible).toBeGreaterThan(r.words / 8);
      expect(r.spun).toBe(Math.min(r.eligible, Math.round(rate * r.words)));
    }
    const key = (r: SpinResult) => new Set(r.spans.map((s) => `${s.origStart}:${s.replacement}`));
    const [low, mid, high] = results.map((x) => key(x.r));
    for (const k of low) expect(mid.has(k)).toBe(true);
    for (const k of mid) expect(high.has(k)).toBe(true);
    expect(spin(TEXT, { rate: 0, seed: 1 }, wn).text).toBe(TEXT);
    expect(() => spin(TEXT, { rate: 2, seed: 1 }, wn)).toThrow(RangeError);
  });

  it('spins words inside names, keeps their case pattern, and leaves function words alone', () => {
    const r = spin(TEXT, { rate: 1, seed: 3 }, wn);
    const originals = new Set(r.spans.map((s) => s.original));
    for (const w of ['Prime', 'Minister', 'White', 'House', 'toll']) expect(originals).toContain(w);
    for (const w of ['the', 'The', 'and', 'that', 'from', 'their']) expect(originals).not.toContain(w);
    for (const s of r.spans) {
      if (/^\p{Lu}\p{Ll}+$/u.test(s.original)) expect(s.replacement).toMatch(/^\p{Lu}/u);
      if (/^\p{Ll}+$/u.test(s.original)) expect(s.replacement).toMatch(/^\p{Ll}/u);
    }
    // The possessive stays: "Minister's" → "<synonym>'s".
    const poss = r.spans.find((s) => s.original === 'Minister' && r.text.slice(s.end, s.end + 2) === "'s");
    expect(poss).toBeDefined();
  });
});
