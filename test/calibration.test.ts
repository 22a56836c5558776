/** The spin decision on whole articles: genuine news is not flagged, spinner output is. */
import { describe, expect, it } from 'vitest';
import { GENUINE, SPUN } from './fixtures.ts';
import { assertOffsetsValid, score } from './helpers.ts';

describe('spin decision on whole articles', () => {
  for (const [i, text] of GENUINE.entries()) {
    it(`genuine article ${i + 1} is not flagged and has no spin findings`, async () => {
      const r = await score({ text });
      expect(r.findings.filter((f) => f.signal === 'spin')).toEqual([]);
      expect(r.signals.spin.flagged).toBe(false);
    });
  }
  for (const [i, text] of SPUN.entries()) {
    it(`spun article ${i + 1} is flagged, each finding with the original wording`, async () => {
      const r = await score({ text });
      const spin = r.findings.filter((f) => f.signal === 'spin');
      expect(r.signals.spin.flagged).toBe(true);
      expect(new Set(spin.map((f) => f.text.toLowerCase())).size).toBeGreaterThanOrEqual(3);
      for (const f of spin) expect(f.expected, f.text).toBeTruthy();
      assertOffsetsValid(r);
    });
  }
  it('one spun phrase repeated is not enough to flag an article', async () => {
    const text = `${GENUINE[0]} The Top Minister visited. The Top Minister left. The Top Minister returned.`;
    const r = await score({ text });
    expect(r.findings.filter((f) => f.signal === 'spin').length).toBe(3);
    expect(r.signals.spin.flagged).toBe(false);
  });
});
