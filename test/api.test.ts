import { describe, expect, it } from 'vitest';
import { SIGNALS } from '../src/core/types.ts';
import { assertOffsetsValid, call, postJson, score, type ErrorBody } from './helpers.ts';

const ARTICLE =
  'By Jane Doe\nThe Top Minister met the Protection Secretary in Could 2021, according to Reuters.\n' +
  'Officials said the talks covered trade, energy and security, and that a second round would follow next month in the capital.\n' +
  'Leave a Reply';

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

describe('POST /v1/score: the v1 report', () => {
  it('returns every contract field for a JSON text body', async () => {
    const r = await score({ text: ARTICLE, url: 'https://www.example.com/news/1', title: 'Talks', lang: 'en' });
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(100);
    expect(['reliable', 'mostly reliable', 'questionable', 'unreliable']).toContain(r.band);
    expect(r.language.code).toBe('eng');
    expect(Object.keys(r.signals).sort()).toEqual([...SIGNALS].sort());
    for (const s of Object.values(r.signals)) {
      expect(s.risk).toBeGreaterThanOrEqual(0);
      expect(s.risk).toBeLessThanOrEqual(1);
      expect(typeof s.flagged).toBe('boolean');
      expect(typeof s.summary).toBe('string');
    }
    expect(r.content.text).toBe(ARTICLE);
    expect(r.content.main).not.toContain('Leave a Reply');
    expect(r.content.main).toContain('Top Minister');
    expect(r.ruleset.origin).toMatch(/^(kv|bundled)$/);
    expect(r.ruleset.version).toMatch(/\S/);
    const spin = r.findings.filter((f) => f.signal === 'spin');
    expect(spin.map((f) => [f.text, f.expected])).toEqual(
      expect.arrayContaining([
        ['Top Minister', 'Prime Minister'],
        ['Protection Secretary', 'Defense Secretary'],
        ['Could', 'May'],
      ]),
    );
    for (const f of r.findings) {
      expect(f).toMatchObject({ signal: expect.any(String), rule: expect.any(String), message: expect.any(String), severity: expect.stringMatching(/^(info|warning|error)$/) });
    }
    expect(r.sources.find((s) => s.role === 'publisher')?.domain).toBe('example.com');
    assertOffsetsValid(r);
  });

  it('accepts a raw text/plain body', async () => {
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: ARTICLE });
    expect(res.status).toBe(200);
    const r = (await res.json()) as { content: { text: string }; findings: unknown[] };
    expect(r.content.text).toBe(ARTICLE);
    expect(r.findings.length).toBeGreaterThan(0);
  });

  it('accepts a raw text/html body and JSON html, analysing the extracted text', async () => {
    const html = `<!doctype html><html lang="en"><head><title>Talks</title><meta property="og:site_name" content="Example News">
      <script>var x = "<p>not text</p>";</script><style>p{}</style></head>
      <body><article><p>The Top Minister met the &quot;Protection Secretary&quot; on Monday.</p><p>Second &amp; last paragraph.</p></article></body></html>`;
    for (const res of [
      await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html' }, body: html }),
      await postJson('/v1/score', { html }),
    ]) {
      expect(res.status).toBe(200);
      const r = (await res.json()) as import('../src/core/types.ts').Report;
      expect(r.content.text).toBe('The Top Minister met the "Protection Secretary" on Monday.\nSecond & last paragraph.');
      expect(r.content.title).toBe('Talks');
      expect(r.findings.filter((f) => f.signal === 'spin').map((f) => f.text)).toEqual(['Top Minister', 'Protection Secretary']);
      expect(r.sources.find((s) => s.role === 'publisher')?.name).toBe('Example News');
      assertOffsetsValid(r);
    }
  });

  it('takes url and lang from the query string for raw bodies', async () => {
    const res = await call('/v1/score?url=https://news.example.org/a&lang=en', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: ARTICLE });
    const r = (await res.json()) as import('../src/core/types.ts').Report;
    expect(r.sources.find((s) => s.role === 'publisher')?.domain).toBe('example.org');
    expect(r.language.hint).toBe('en');
  });
});

describe('POST /v1/score: errors', () => {
  it('400 on malformed JSON', async () => {
    await expectError(await call('/v1/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": ' }), 400, 'malformed_json');
  });
  it('400 when the JSON is not an object', async () => {
    await expectError(await postJson('/v1/score', ['text']), 400, 'invalid_request');
    await expectError(await postJson('/v1/score', 'just a string'), 400, 'invalid_request');
    await expectError(await postJson('/v1/score', null), 400, 'invalid_request');
  });
  it('400 on missing text', async () => {
    await expectError(await postJson('/v1/score', { url: 'https://example.com' }), 400, 'missing_text');
  });
  it('400 on non-string text, html, url, title or lang', async () => {
    for (const body of [{ text: 42 }, { text: ['a'] }, { html: { a: 1 } }, { text: 'ok text here', url: 5 }, { text: 'x y', title: false }, { text: 'x y', lang: [] }]) {
      const b = await expectError(await postJson('/v1/score', body), 400, 'invalid_request');
      expect(b.error.message).toMatch(/must be a string/);
    }
  });
  it('400 on empty or blank text and on HTML without text', async () => {
    await expectError(await postJson('/v1/score', { text: '' }), 400, 'empty_text');
    await expectError(await postJson('/v1/score', { text: ' \n\t\u00a0 ' }), 400, 'empty_text');
    await expectError(await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '' }), 400, 'empty_text');
    await expectError(await postJson('/v1/score', { html: '<html><script>alert(1)</script></html>' }), 400, 'empty_text');
  });
  it('400 when both text and html are sent, or the url is not http(s)', async () => {
    await expectError(await postJson('/v1/score', { text: 'a b', html: '<p>a</p>' }), 400, 'invalid_request');
    await expectError(await postJson('/v1/score', { text: 'a b', url: 'javascript:alert(1)' }), 400, 'invalid_url');
    await expectError(await postJson('/v1/score', { text: 'a b', url: 'not a url' }), 400, 'invalid_url');
  });
  it('413 over the body limit (5 MiB, the default), for JSON and raw bodies', async () => {
    const big = 'a'.repeat(5 * 1024 * 1024 + 1);
    await expectError(await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big }), 413, 'payload_too_large');
    await expectError(await postJson('/v1/score', { text: big }), 413, 'payload_too_large');
  });
  it('413 on a streamed body without Content-Length', async () => {
    const chunk = new TextEncoder().encode('word '.repeat(50_000));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 25) c.enqueue(chunk);
        else c.close();
      },
    });
    await expectError(await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: stream }), 413, 'payload_too_large');
  });
  it('accepts a body just under the limit', async () => {
    // Long words: just under the byte limit and under the word limit (100,000).
    const text = 'Councillors deliberated extensively. '.repeat(30_000).slice(0, 1024 * 1024 - 100);
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
    expect(res.status).toBe(200);
  });
  it('415 on unsupported or missing content type', async () => {
    await expectError(await call('/v1/score', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' }), 415, 'unsupported_media_type');
    await expectError(await call('/v1/score', { method: 'POST', body: new Uint8Array([1, 2, 3]) }), 415, 'unsupported_media_type');
    await expectError(await call('/v1/score', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }), 415, 'unsupported_media_type');
  });
  it('404 on unknown routes, 405 with Allow on wrong methods', async () => {
    await expectError(await call('/nope'), 404, 'not_found');
    await expectError(await call('/v1/scores', { method: 'POST' }), 404, 'not_found');
    const r = await call('/v1/score', { method: 'DELETE' });
    await expectError(r, 405, 'method_not_allowed');
    expect(r.headers.get('allow')).toBe('GET, HEAD, POST');
    await expectError(await call('/v1/health', { method: 'DELETE' }), 405, 'method_not_allowed');
    await expectError(await call('/v1/rules', { method: 'DELETE' }), 405, 'method_not_allowed');
    await expectError(await call('/v1/rules/rollback'), 405, 'method_not_allowed');
  });
  it('never answers 5xx to junk bodies', async () => {
    const junk: Array<[string, BodyInit]> = [
      ['text/plain', new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x80, 0x81, 0xc0])],
      ['text/html', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
      ['text/html', '<'.repeat(10_000) + '<div>'.repeat(5_000) + 'text'],
      ['text/html', '<p title="unterminated'],
      ['text/html', '<!-- never closed'],
      ['application/json', '{"text": "\\ud800\\udc00\\ud800 lone"}'],
      ['application/json', '{"text": "a", "text": 5}'],
      ['application/json', '\u0000'],
      ['text/plain', '\u202e\u200b\u0301'.repeat(1000)],
    ];
    for (const [type, body] of junk) {
      const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status, `${type} ${String(body).slice(0, 30)}`).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
  });
});

describe('GET /v1/health and /v1/rules', () => {
  it('HEAD works where GET does', async () => {
    const res = await call('/v1/health', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
  it('health answers ok with the rule set in use', async () => {
    const res = await call('/v1/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; ruleset: { version: string; origin: string } };
    expect(body.status).toBe('ok');
    expect(body.ruleset.origin).toMatch(/^(kv|bundled)$/);
  });
  it('rules lists version, packs, counts and origin', async () => {
    const res = await call('/v1/rules');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: string; origin: string; rules: number; packs: Array<{ signal: string; file: string; rules: number }>; bySignal: Record<string, number> };
    expect(body.rules).toBeGreaterThan(0);
    expect(body.packs.length).toBeGreaterThan(0);
    expect(body.packs.reduce((s, p) => s + p.rules, 0)).toBe(body.rules);
    expect(Object.keys(body.bySignal)).toEqual(expect.arrayContaining(['spin', 'boilerplate', 'propaganda', 'credibility']));
  });
});
