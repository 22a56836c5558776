/**
 * The context detector and the spin decision with the real language model
 * (rules/dist/lm.bin) and the full rule set, in Node as the CLI runs them.
 * Texts: sentences written for these tests, and Wikinews excerpts
 * (fixtures/wikinews.json, CC BY 2.5) spun by the evaluation's seeded
 * simulator (WordNet synonyms, word by word).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.ts';
import type { Report } from '../../src/core/types.ts';
import { loadRulesFile } from '../../src/node/rules.ts';
import { loadWordNet, spin } from '../../scripts/eval/spinner.ts';

const rules = loadRulesFile();
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/wikinews.json', import.meta.url), 'utf8')) as {
  long: { text: string };
  excerpts: Array<{ id: string; text: string }>;
};
const run = (text: string): Report => analyze({ text }, rules, { origin: 'file' });
const contextFindings = (r: Report) => r.findings.filter((f) => f.rule === 'spin.context');

describe('spin in context, with the real model', () => {
  it('has the pack the rule set names', () => {
    expect(rules.lm?.label).toBe(rules.source.models?.lm.label);
  });

  it('finds swapped words that no list holds, each with its original', () => {
    const r = run('The fire brigade rescued three people from the burning constructing. The measures are aimed at decreasing air pollution.');
    expect(contextFindings(r).map((f) => [f.text, f.expected])).toEqual([
      ['burning constructing', 'burning building'],
      ['at decreasing air', 'at reducing air'],
    ]);
    for (const f of r.findings) expect(r.content.text.slice(f.start, f.end)).toBe(f.text);
  });

  it('leaves sound rare words alone', () => {
    for (const text of [
      'The senator gave a pernicious speech, and critics called it bombastic.',
      'The committee said the ruling was a watershed moment for the beleaguered industry.',
      'Investors remained sanguine despite the precipitous fall in commodity prices.',
      'The novelist’s laconic prose and mordant wit won the prize.',
    ]) {
      expect(contextFindings(run(text)), text).toEqual([]);
    }
  });

  it('does not judge quotations', () => {
    const r = run('“They rescued three people from the burning constructing,” she said.');
    expect(contextFindings(r)).toEqual([]);
  });

  it('one or two odd words do not flag a genuine 800-word article', () => {
    const words = fixtures.long.text.split(/\s+/).length;
    expect(words).toBeGreaterThanOrEqual(780);
    const wn = loadWordNet();
    expect(run(fixtures.long.text).signals.spin.flagged).toBe(false);
    for (const seed of ['a', 'b', 'c', 'd', 'e']) {
      const s = spin(fixtures.long.text, { rate: 2 / words, seed: `two-odd-words:${seed}` }, wn);
      expect(s.spun).toBeLessThanOrEqual(3);
      expect(run(s.text).signals.spin.flagged, `seed ${seed}`).toBe(false);
    }
  });

  it('flags most 250-word pages with a dozen swapped words, and none of the same pages unspun', () => {
    const wn = loadWordNet();
    let flagged = 0;
    for (const e of fixtures.excerpts) {
      expect(run(e.text).signals.spin.flagged, e.id).toBe(false);
      const words = e.text.split(/\s+/).length;
      const s = spin(e.text, { rate: 12 / words, seed: `dozen:${e.id}` }, wn);
      if (run(s.text).signals.spin.flagged) flagged++;
    }
    console.log(`250-word pages with a dozen swaps flagged: ${flagged} of ${fixtures.excerpts.length}`);
    // Measured 2026-12-03: 12 of 20 (README, "Spin detection"). Short pages are the weak point.
    expect(flagged).toBeGreaterThanOrEqual(11);
  });
});
