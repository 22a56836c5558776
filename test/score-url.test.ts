/** GET /v1/score?url=: fetching safely, extracting, scoring, caching with an ETag (pages served by the test's outbound service). */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/core/types.ts';
import { call, type ErrorBody } from './helpers.ts';
import { blockedHost } from '../src/worker/fetch-page.ts';

const get = (url: string, headers: Record<string, string> = {}) => call(`/v1/score?url=${encodeURIComponent(url)}`, { headers });
const code = async (res: Response) => ((await res.json()) as ErrorBody).error.code;

describe('GET /v1/score?url=', () => {
  it('fetches, extracts and scores the page; the publisher and findings come from it', async () => {
    const res = await get('http://pages.test/article');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    expect(r.content.title).toBe('Council expands bus network');
    expect(r.content.main).toContain('twelve routes');
    expect(r.content.main).not.toContain('Example Gazette, 1 High Street');
    expect(r.findings.some((f) => f.signal === 'spin' && f.text === 'Top Minister')).toBe(true);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  });
  it('caches per URL and rule set: the second answer is a hit, and If-None-Match gets 304', async () => {
    const first = await get('http://pages.test/moved');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    await new Promise((r) => setTimeout(r, 50));
    const second = await get('http://pages.test/moved');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.headers.get('etag')).toBe(etag);
    const third = await get('http://pages.test/moved', { 'If-None-Match': etag });
    expect(third.status).toBe(304);
  });
  it('refuses non-http schemes, loopback, private, link-local and metadata hosts, also through redirects', async () => {
    for (const [url, status, c] of [
      ['ftp://pages.test/article', 400, 'invalid_url'],
      ['http://localhost:8787/v1/health', 400, 'blocked_url'],
      ['http://127.0.0.1/', 400, 'blocked_url'],
      ['http://10.1.2.3/', 400, 'blocked_url'],
      ['http://192.168.0.1/', 400, 'blocked_url'],
      ['http://169.254.169.254/latest/meta-data/', 400, 'blocked_url'],
      ['http://[::1]/', 400, 'blocked_url'],
      ['http://2130706433/', 400, 'blocked_url'],
      ['http://metadata.google.internal/', 400, 'blocked_url'],
      ['http://pages.test/to-private', 400, 'blocked_url'],
      ['http://pages.test/to-loopback', 400, 'blocked_url'],
    ] as const) {
      const res = await get(url);
      expect([url, res.status]).toEqual([url, status]);
      expect(await code(res)).toBe(c);
    }
  });
  it('ALLOW_LOOPBACK_FETCH lets loopback through, nothing else', () => {
    expect(blockedHost('127.0.0.1', true)).toBeNull();
    expect(blockedHost('localhost', true)).toBeNull();
    expect(blockedHost('127.0.0.1', false)).toBe('a loopback address');
    expect(blockedHost('10.0.0.1', true)).toBe('a private address');
    expect(blockedHost('169.254.169.254', true)).toBe('a link-local or metadata address');
    expect(blockedHost('example.com', false)).toBeNull();
  });
  it('clear errors for a missing url, redirect loops, non-HTML, too large and too slow pages', async () => {
    expect(await code(await call('/v1/score'))).toBe('missing_url');
    const loop = await get('http://pages.test/loop');
    expect([loop.status, await code(loop)]).toEqual([422, 'too_many_redirects']);
    const img = await get('http://pages.test/image');
    expect([img.status, await code(img)]).toEqual([422, 'not_html']);
    const big = await get('http://pages.test/big');
    expect([big.status, await code(big)]).toEqual([413, 'page_too_large']);
    const missing = await get('http://pages.test/nothing-here');
    expect([missing.status, await code(missing)]).toEqual([422, 'fetch_failed']);
  });
  it('a page that does not answer within 8 s is a 422 fetch_timeout', { timeout: 20_000 }, async () => {
    const slow = await get('http://pages.test/slow');
    expect([slow.status, await code(slow)]).toEqual([422, 'fetch_timeout']);
  });
});
