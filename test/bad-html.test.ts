/**
 * Hostile and broken HTML stays bounded: 100,000-deep nesting, 5 MB pages,
 * endless attributes, unclosed comments and scripts, runs of '&' and '<'
 * with no end, 300,000 headings, mixed encodings. Each goes through the
 * Worker (never a 5xx) and through the extractor alone, with a time bound
 * far above what linear work needs and far below what quadratic work takes
 * (before the fixes, two million '&' took a minute).
 */
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../src/core/extract/index.ts';
import type { Report } from '../src/core/types.ts';
import { assertOffsetsValid, call } from './helpers.ts';

const P1 =
  'The city council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.';
const P2 =
  'Officials said the plan would be paid for by a regional transport grant, and that fares would stay the same for at least two years while the new routes are tested.';
const ARTICLE = `<p>${P1}</p><p>${P2}</p>`;

async function post(body: string | Uint8Array, type = 'text/html'): Promise<{ status: number; report?: Report; ms: number }> {
  const t0 = Date.now();
  const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': type }, body });
  const status = res.status;
  const report = status === 200 ? ((await res.json()) as Report) : undefined;
  if (status !== 200) await res.arrayBuffer();
  return { status, report, ms: Date.now() - t0 };
}

/** Extractor alone: the article survives and the time stays under `ms`. */
function extractBounded(html: string, ms: number) {
  const t0 = performance.now();
  const ex = extractHtml(html);
  const took = performance.now() - t0;
  expect(took, `extractHtml took ${took.toFixed(0)} ms`).toBeLessThan(ms);
  return ex;
}

const CASES: Array<[string, () => string]> = [
  ['100,000-deep nesting', () => `<html><body>${'<div>'.repeat(100_000)}${ARTICLE}${'</div>'.repeat(100_000)}</body></html>`],
  ['100,000 nested elements each with text', () => `<html><body>${ARTICLE}${'<div>x '.repeat(100_000)}</body></html>`],
  ['100,000 nested inline elements', () => `<html><body>${ARTICLE}${'<span><b>'.repeat(100_000)}</body></html>`],
  ['a million stray end tags under a deep stack', () => `<html><body>${'<span>'.repeat(600)}${ARTICLE}${'</div>'.repeat(1_000_000)}</body></html>`],
  ['a tag with 800,000 attributes', () => `<html><body><div ${'data-a="b" '.repeat(400_000)}>${ARTICLE}</div></body></html>`],
  ['a tag whose attributes never end', () => `<html><body>${ARTICLE}<div ${'a="b" '.repeat(700_000)}`],
  ['an attribute value whose quote never closes', () => `<html><body>${ARTICLE}<div title="${'x '.repeat(2_000_000)}`],
  ['an unclosed comment', () => `<html><body>${ARTICLE}<!--${'<p>hidden</p>'.repeat(300_000)}`],
  ['an unclosed script', () => `<html><body>${ARTICLE}<script>${'var a = "</div>";'.repeat(250_000)}`],
  ['300,000 scripts that never close', () => `<html><body>${ARTICLE}${'<script>a</scrip'.repeat(250_000)}`],
  ['two million & with no ;', () => `<html><body>${ARTICLE}<p>${'& '.repeat(2_000_000)}</p></body></html>`],
  ['two million stray <', () => `<html><body>${ARTICLE}<p>${'< '.repeat(2_000_000)}</p></body></html>`],
  ['300,000 headings', () => `<html><body>${ARTICLE}${'<h2>a</h2>'.repeat(300_000)}</body></html>`],
  ['a JSON-LD body of 60,000 < and no >', () => `<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"${'<a '.repeat(60_000)}"}</script></head><body>${ARTICLE}</body></html>`],
];

describe('bad HTML is bounded in time and never a 5xx', () => {
  for (const [name, make] of CASES) {
    it(name, async () => {
      const html = make();
      const ex = extractBounded(html, 5_000);
      expect(ex.text).toContain(P1);
      const r = await post(html);
      expect(r.status, name).toBeLessThan(500);
      expect(r.ms).toBeLessThan(20_000);
      if (r.report) {
        // A page this large can pass the 2 MiB answer budget: then its texts are left out, and the report says which.
        if (r.report.content.text === undefined) {
          expect(r.report.stats.contentOmitted).toContain('text');
          if (r.report.content.main === undefined) expect(r.report.stats.contentOmitted).toContain('main');
          else expect(r.report.content.main).toContain(P1);
        } else {
          expect(r.report.content.text).toContain(P1);
          assertOffsetsValid(r.report);
        }
      }
    });
  }

  it('a 5 MB page: just under the 5 MiB limit is scored, just over is a 413', async () => {
    // Markup-heavy paragraphs: 5 MB of page, under the 100,000-word limit of the article (a page of 5 MB of prose is a 413 too_many_words).
    const attrs = ` class="story-body__paragraph story-body__paragraph--standard" data-component="text-block" data-analytics="${'x'.repeat(300)}"`;
    const para = (i: number) => `<p${attrs}>Paragraph ${i}: the committee heard ${i % 97} witnesses.</p>`;
    const parts: string[] = [`<html><body><article>${ARTICLE}`];
    let size = parts[0].length;
    for (let i = 0; size < 5_400_000; i++) {
      const p = para(i);
      parts.push(p);
      size += p.length;
    }
    const html = `${parts.join('')}</article></body></html>`;
    const under = html.slice(0, 5_242_880 - 100);
    extractBounded(under, 5_000);
    const r = await post(under);
    expect(r.status).toBe(200);
    expect(r.report!.content.main).toContain(P1);
    expect(r.ms).toBeLessThan(30_000);
    const over = await post(html);
    expect(over.status).toBe(413);
  });

  it('mixed encodings: UTF-8 and windows-1252 bytes in one body, contradicting declarations, a UTF-16 BOM', async () => {
    const enc = new TextEncoder();
    // Valid UTF-8 text, then a windows-1252 "é" and curly quotes: not valid UTF-8 as a whole, read as windows-1252.
    const mixed = Uint8Array.from([...enc.encode(`<meta charset="utf-8">${ARTICLE}<p>Zürich caf`), 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94, ...enc.encode('</p>')]);
    const r1 = await post(mixed);
    expect(r1.status).toBe(200);
    expect(r1.report!.content.text).toContain(P1);
    expect(r1.report!.content.text).toContain('café “ok”');
    // A UTF-8 body declared as Shift_JIS in the header and as ISO-8859-1 in a meta: valid UTF-8 wins.
    const r2 = await post(enc.encode(`<meta charset="iso-8859-1">${ARTICLE}<p>Crème brûlée — “naïve”</p>`), 'text/html; charset=shift_jis');
    expect(r2.status).toBe(200);
    expect(r2.report!.content.text).toContain('Crème brûlée — “naïve”');
    // UTF-16LE with its byte-order mark.
    const s = `${ARTICLE}<p>Ünïcödé</p>`;
    const u16 = new Uint8Array(2 + s.length * 2);
    u16[0] = 0xff;
    u16[1] = 0xfe;
    for (let i = 0; i < s.length; i++) {
      u16[2 + 2 * i] = s.charCodeAt(i) & 0xff;
      u16[3 + 2 * i] = s.charCodeAt(i) >> 8;
    }
    const r3 = await post(u16);
    expect(r3.status).toBe(200);
    expect(r3.report!.content.text).toContain('Ünïcödé');
    // Lone surrogates from numeric references, and NUL bytes: replaced, offsets still valid.
    const r4 = await post(`${ARTICLE}<p>a&#xD800;b&#0;c\u0000d</p>`);
    expect(r4.status).toBeLessThan(500);
    if (r4.report) assertOffsetsValid(r4.report);
  });
});
