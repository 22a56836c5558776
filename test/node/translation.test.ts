/** The translation signal's fluency with the real language model (rules/dist/lm.bin). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.ts';
import { loadRulesFile } from '../../src/node/rules.ts';

const rules = loadRulesFile();
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/wikinews.json', import.meta.url), 'utf8')) as { long: { text: string } };
const fluency = (text: string) => analyze({ text }, rules, { origin: 'file' }).signals.translation.details?.fluency as { z: number; meanLogProb: number; words: number } | null;

describe('translation fluency', () => {
  it('places genuine news near the genuine baseline', () => {
    const f = fluency(fixtures.long.text)!;
    expect(f.words).toBeGreaterThan(700);
    expect(Math.abs(f.z)).toBeLessThan(2);
  });

  it('scores flat, over-predictable wording as more predictable than genuine news', () => {
    const flat = Array.from({ length: 12 }, () => 'The government said that it will continue to work with the people of the country to make the economy better in the new year.').join(' ');
    const f = fluency(flat)!;
    expect(f.z).toBeGreaterThan(fluency(fixtures.long.text)!.z + 2);
    const r = analyze({ text: flat }, rules, { origin: 'file' });
    expect(r.signals.translation.risk).toBeGreaterThan(0.5);
    expect(r.signals.translation.summary).toMatch(/reads more predictably than genuine news/);
  });

  it('gives no estimate under the rule’s least number of words', () => {
    expect(fluency('The ministry denied the report on Tuesday.')).toBeNull();
  });

  it('finds the sentence that reads worst and shows it when it is far below genuine news', () => {
    const garbled = 'Scholars interviewees analyzed that gambling drainage respectively fines penalties netizen rainforest extralegal place of official carpet.';
    const text = `${fixtures.long.text}\n\n${garbled}`;
    const r = analyze({ text }, rules, { origin: 'file' });
    const f = r.signals.translation.details?.fluency as { worstSentences: Array<{ start: number; end: number; z: number }> };
    expect(f.worstSentences).toHaveLength(3);
    const worst = f.worstSentences[0];
    expect(text.slice(worst.start, worst.end)).toBe(garbled);
    expect(worst.z).toBeLessThanOrEqual(-3);
    const shown = r.findings.filter((x) => x.rule === 'translation.fluency');
    expect(shown.map((x) => x.text)).toEqual([garbled]);
    expect(shown[0].message).toMatch(/^This sentence reads unlike genuine English \(mean log10 probability -\d/);
    // The genuine article alone shows none.
    expect(analyze({ text: fixtures.long.text }, rules, { origin: 'file' }).findings.filter((x) => x.rule === 'translation.fluency')).toEqual([]);
  });
});

