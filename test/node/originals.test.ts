/**
 * The pure parts of the "likely originals" views: originalsView() from the
 * page at / (src/worker/pages/home.ts ships it as browser source, evaluated
 * here as the page would) and spinPairs() from the extension's popup.js.
 * The browser test (browser.e2e.test.ts) checks both in Chromium.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types.ts';
import { HOME_HTML, ORIGINALS_VIEW_JS } from '../../src/worker/pages/home.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

type Segment = { text: string; spun?: string; finding?: Finding };
const originalsView = new Function(`${ORIGINALS_VIEW_JS}\nreturn originalsView;`)() as (text: string, findings: Partial<Finding>[]) => Segment[];
const joined = (segments: Segment[]) => segments.map((s) => s.text).join('');

/** A finding over text.slice(start, end). */
function at(text: string, start: number, end: number, extra: Partial<Finding> = {}): Partial<Finding> {
  return { signal: 'spin', rule: 'spin.test', start, end, text: text.slice(start, end), message: 'spun', severity: 'warning', ...extra };
}

describe('originalsView (page at /)', () => {
  it('is the function the page inlines', () => {
    expect(HOME_HTML).toContain(ORIGINALS_VIEW_JS);
    expect(HOME_HTML).toContain('Show likely originals');
  });

  it('replaces each spin finding with its expected wording and keeps the rest of the text as it is', () => {
    const text = 'The Top Minister met the Protection Secretary on Tuesday.';
    const segments = originalsView(text, [at(text, 4, 16, { expected: 'Prime Minister' }), at(text, 25, 45, { expected: 'Defense Secretary' })]);
    expect(joined(segments)).toBe('The Prime Minister met the Defense Secretary on Tuesday.');
    expect(segments.filter((s) => s.spun !== undefined).map((s) => [s.spun, s.text])).toEqual([['Top Minister', 'Prime Minister'], ['Protection Secretary', 'Defense Secretary']]);
    expect(segments.filter((s) => s.spun === undefined).map((s) => s.text)).toEqual(['The ', ' met the ', ' on Tuesday.']);
  });

  it('goes by offsets, not by searching: only the flagged occurrence of a repeated phrase is replaced', () => {
    const text = 'Top Minister (a band) played for the Top Minister.';
    const second = text.lastIndexOf('Top Minister');
    expect(joined(originalsView(text, [at(text, second, second + 12, { expected: 'Prime Minister' })]))).toBe('Top Minister (a band) played for the Prime Minister.');
  });

  it('sorts findings by start, and skips one that overlaps a finding kept before it (the longer wins on the same start)', () => {
    const text = 'the final yr report and the demise toll';
    const findings = [
      at(text, 28, 39, { expected: 'death toll' }),
      at(text, 4, 9, { expected: 'last' }), // same start as the longer one below: dropped
      at(text, 4, 12, { expected: 'last year' }),
      at(text, 10, 19, { expected: 'annual report' }), // overlaps "final yr": dropped
    ];
    expect(joined(originalsView(text, findings))).toBe('the last year report and the death toll');
  });

  it('leaves out other signals, spin findings without expected, and offsets outside the text', () => {
    const text = 'Obviously the Top Minister spoke.';
    const findings = [
      at(text, 0, 9, { signal: 'propaganda', expected: 'Clearly' }),
      at(text, 14, 26),
      at(text, 14, 26, { expected: '' }),
      at(text, 20, 99, { expected: 'x' }),
      at(text, -1, 3, { expected: 'x' }),
      at(text, 5, 5, { expected: 'x' }),
    ];
    expect(originalsView(text, findings)).toEqual([{ text }]);
    expect(originalsView('', [])).toEqual([]);
  });

  it('counts offsets in UTF-16 code units (text after an emoji or a combining accent)', () => {
    const text = '\u{1F4F0} Caf\u0065\u0301: the Top Minister spoke.';
    const start = text.indexOf('Top');
    expect(start).toBe(14);
    expect(joined(originalsView(text, [at(text, start, start + 12, { expected: 'Prime Minister' })]))).toBe('\u{1F4F0} Caf\u0065\u0301: the Prime Minister spoke.');
  });

  it('on a real report (the CLI), puts back every listed original', () => {
    const r = spawnSync(process.execPath, [join(repo, 'bin/newsaudit.mjs'), 'score', '-'], { cwd: repo, encoding: 'utf8', input: 'The Top Minister met the Protection Secretary on Tuesday.\nLater the Top Minister said the demise toll had risen.' });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { content: { text: string }; findings: Finding[] };
    expect(joined(originalsView(report.content.text, report.findings)).trimEnd()).toBe('The Prime Minister met the Defense Secretary on Tuesday.\nLater the Prime Minister said the death toll had risen.');
  });
});

describe('spinPairs (extension popup)', () => {
  // popup.js is a classic script: without the extension APIs it only defines its functions.
  const sandbox: { spinPairs?: (findings: Partial<Finding>[]) => Array<{ phrase: string; expected: string | null; count: number }> } = {};
  runInNewContext(readFileSync(join(repo, 'extension/popup.js'), 'utf8'), sandbox);
  const spinPairs = sandbox.spinPairs!;

  it('lists distinct phrase → original pairs in text order, with how often each was found', () => {
    const text = 'The Protection Secretary and the Top Minister; later the Top Minister and top minister.';
    const f = (phrase: string, from: number, expected: string, signal: Finding['signal'] = 'spin') => {
      const start = text.indexOf(phrase, from);
      return at(text, start, start + phrase.length, { expected, signal });
    };
    const findings = [f('Top Minister', 40, 'Prime Minister'), f('Top Minister', 0, 'Prime Minister'), f('Protection Secretary', 0, 'Defense Secretary'), f('top minister', 0, 'prime minister'), f('later', 0, 'then', 'language')];
    expect(spinPairs(findings)).toEqual([
      { phrase: 'Protection Secretary', expected: 'Defense Secretary', count: 1 },
      { phrase: 'Top Minister', expected: 'Prime Minister', count: 2 },
      { phrase: 'top minister', expected: 'prime minister', count: 1 },
    ]);
  });

  it('is empty when there are no spin findings, and keeps a finding without an original', () => {
    expect(spinPairs([])).toEqual([]);
    expect(spinPairs([at('the x', 4, 5, { signal: 'propaganda' })])).toEqual([]);
    expect(spinPairs([at('the x', 4, 5)])).toEqual([{ phrase: 'x', expected: null, count: 1 }]);
  });
});
