/** Bounded answers: the word limit (413), the findings cap, ?content=, and the byte budget of a report. */
import { describe, expect, it } from 'vitest';
import { boundReport, capFindings, DEFAULT_MAX_WORDS } from '../src/core/bound.ts';
import type { Finding, Report } from '../src/core/types.ts';
import { assertOffsetsValid, call, postJson, score, type ErrorBody } from './helpers.ts';

/** An article with findings of several signals: spun phrases, a translationese opener, a loaded word, a share line. */
const ARTICLE = [
  'The Protection Secretary said on Tuesday that the ministry would review the plan within the final 12 months.',
  'In turn, the council rejected the report and called the proposal a disgraceful betrayal of voters.',
  'Share on Facebook',
  'Officials said a new round of talks could start next month, after the holidays.',
].join('\n');

const text = (r: Report) => r.content.text;

describe('word limit', () => {
  it('answers 413 too_many_words with the limit in the message, counting exactly near the limit', async () => {
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'word '.repeat(DEFAULT_MAX_WORDS + 1) });
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('too_many_words');
    expect(body.error.message).toBe('The article has 100,001 words; the limit is 100,000 words');
    expect(body.error.details).toEqual({ words: 100_001, limit: 100_000 });
  });

  it('answers far over the limit before tokenizing, with an approximate count', async () => {
    const res = await postJson('/v1/score', { text: 'news '.repeat(DEFAULT_MAX_WORDS * 2 + 5) });
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('too_many_words');
    expect(body.error.message).toBe('The article has about 200,005 words; the limit is 100,000 words');
  });

  it('applies to HTML by the words of its main text, not its markup or menus', async () => {
    const html = `<html><body><article>${'<p>word word word word word word word word word word</p>'.repeat(10_001)}</article></body></html>`;
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html' }, body: html });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('too_many_words');
    const ok = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html' }, body: `<html><body><article>${'<p><b>word</b> <i>word</i></p>'.repeat(2_000)}</article></body></html>` });
    expect(ok.status).toBe(200);
  });

  it('scores a 20,000-word article', async () => {
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: `${'The council met again. '.repeat(5_000)}` });
    expect(res.status).toBe(200);
  });
});

describe('findings cap and content', () => {
  it('keeps every finding and counts none left out by default', async () => {
    const r = await score({ text: ARTICLE });
    expect(r.findings.length).toBeGreaterThanOrEqual(4);
    expect(Object.values(r.stats.findingsOmitted!)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.stats.contentOmitted).toBeUndefined();
    expect(typeof r.content.text).toBe('string');
    expect(typeof r.content.main).toBe('string');
  });

  it('?maxFindings= caps the findings, taking each signal in turn, and counts those left out per signal', async () => {
    const full = await score({ text: ARTICLE });
    const res = await postJson('/v1/score?maxFindings=2', { text: ARTICLE });
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    expect(r.findings).toHaveLength(2);
    // Two different signals: one signal's many findings do not crowd out the others.
    expect(new Set(r.findings.map((f) => f.signal)).size).toBe(2);
    const omitted = Object.values(r.stats.findingsOmitted!).reduce((a, b) => a + b, 0);
    expect(omitted).toBe(full.findings.length - 2);
    for (const s of Object.keys(r.stats.findingsOmitted!) as Array<keyof Report['signals']>) {
      expect(r.stats.findingsOmitted![s]).toBe(full.findings.filter((f) => f.signal === s).length - r.findings.filter((f) => f.signal === s).length);
    }
    // The signals and the score are those of the whole analysis.
    expect(r.score).toBe(full.score);
    expect(r.signals).toEqual(full.signals);
    assertOffsetsValid(r);
  });

  it('?content=main leaves out content.text, ?content=none both texts; offsets still point into the text sent', async () => {
    const main = (await (await postJson('/v1/score?content=main', { text: ARTICLE })).json()) as Report;
    expect(main.content.text).toBeUndefined();
    expect(main.content.main).toContain('Protection Secretary');
    expect(main.stats.contentOmitted).toEqual(['text']);
    const none = (await (await postJson('/v1/score?content=none', { text: ARTICLE })).json()) as Report;
    expect(none.content).not.toHaveProperty('text');
    expect(none.content).not.toHaveProperty('main');
    expect(none.stats.contentOmitted).toEqual(['text', 'main']);
    for (const f of none.findings) expect(ARTICLE.slice(f.start, f.end)).toBe(f.text);
  });

  it('refuses a bad content or maxFindings with 400', async () => {
    for (const q of ['content=all', 'content=', 'maxFindings=-1', 'maxFindings=2.5', 'maxFindings=lots', 'maxFindings=']) {
      const res = await postJson(`/v1/score?${q}`, { text: ARTICLE });
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_request');
    }
  });

  it('caps a page of thousands of findings at the default of 500', async () => {
    const spun = Array.from({ length: 400 }, () => 'The Protection Secretary spoke within the final 12 months.').join(' ');
    const r = await score({ text: spun });
    expect(r.findings).toHaveLength(500);
    expect(r.stats.findingsOmitted!.spin).toBeGreaterThan(0);
    assertOffsetsValid(r);
  });
});

describe('byte budget (core)', () => {
  const finding = (i: number, signal: Finding['signal']): Finding => ({ signal, rule: `${signal}.x`, start: i, end: i + 1, text: 'x', message: 'm'.repeat(200), severity: i % 3 === 0 ? 'warning' : 'info' });
  const report = (n: number, textLength: number): Report =>
    ({
      score: 50,
      band: 'questionable',
      language: { code: 'eng' },
      signals: {} as Report['signals'],
      findings: Array.from({ length: n }, (_, i) => finding(i, i % 2 ? 'spin' : 'propaganda')),
      sources: [],
      content: { text: 'é'.repeat(textLength), main: 'é'.repeat(textLength) },
      ruleset: { version: 'v', origin: 'file' },
      stats: { words: 1, chars: textLength, timings: {} },
    }) as Report;

  it('leaves out the larger echoed text, then the other, then findings by halves, to stay under the budget', () => {
    const a = boundReport(report(10, 40_000), { maxFindings: 500, content: 'full', maxBytes: 100_000 });
    expect(new TextEncoder().encode(a.body).length).toBeLessThanOrEqual(100_000);
    expect(a.report.stats.contentOmitted).toEqual(['text']);
    expect(a.report.content.main).toHaveLength(40_000);
    const page = report(10, 40_000);
    page.content.main = 'é'.repeat(1_000);
    const p = boundReport(page, { maxFindings: 500, content: 'full', maxBytes: 60_000 });
    expect(p.report.stats.contentOmitted).toEqual(['text']);
    expect(p.report.content.main).toHaveLength(1_000);
    const b = boundReport(report(10, 60_000), { maxFindings: 500, content: 'full', maxBytes: 100_000 });
    expect(b.report.stats.contentOmitted).toEqual(['text', 'main']);
    const c = boundReport(report(2_000, 10), { maxFindings: 2_000, content: 'full', maxBytes: 100_000 });
    expect(new TextEncoder().encode(c.body).length).toBeLessThanOrEqual(100_000);
    expect(c.report.findings.length).toBeGreaterThan(0);
    expect(c.report.findings.length + c.report.stats.findingsOmitted!.spin + c.report.stats.findingsOmitted!.propaganda).toBe(2_000);
    expect(JSON.parse(c.body)).toEqual(c.report);
  });

  it('takes the most severe findings of each signal first and returns them in text order', () => {
    const fs = [finding(5, 'spin'), finding(3, 'spin'), finding(1, 'spin'), finding(2, 'propaganda')];
    const { kept, omitted } = capFindings(fs, 2);
    expect(kept.map((f) => [f.signal, f.start])).toEqual([
      ['propaganda', 2],
      ['spin', 3],
    ]);
    expect(omitted.spin).toBe(2);
    expect(omitted.propaganda).toBe(0);
  });

  it('the answer of a 100,000-word article stays under 2 MB by default', async () => {
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Ministers said the “plan” would be reviewed again. '.repeat(12_500) });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(new TextEncoder().encode(body).length).toBeLessThan(2 * 1024 * 1024);
    expect(text(JSON.parse(body) as Report)).toBeDefined();
  });
});
