/** Request ids, Server-Timing, CORS for extensions and configured origins, and the anonymous per-IP rate limit. */
import { describe, expect, it } from 'vitest';
import { call, postJson } from './helpers.ts';

describe('request id and Server-Timing', () => {
  it('every response has an X-Request-Id, the client\u2019s own when sane', async () => {
    const a = await call('/v1/health');
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const b = await call('/v1/health', { headers: { 'X-Request-Id': 'client-req-12345' } });
    expect(b.headers.get('x-request-id')).toBe('client-req-12345');
    const bad = await call('/v1/nope', { headers: { 'X-Request-Id': 'x' } });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('a score response times each analyzer in Server-Timing', async () => {
    const res = await postJson('/v1/score', { text: 'The council voted on Tuesday to expand the bus network in the north of the city.' });
    const st = res.headers.get('server-timing') ?? '';
    for (const k of ['parse', 'match', 'spin', 'boilerplate', 'propaganda', 'credibility', 'language', 'total']) expect(st).toMatch(new RegExp(`(^|, )${k};dur=[0-9.]+`));
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    call('/v1/score', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
  it('answers preflights from extensions and configured origins', async () => {
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0b1c2d3e-1234-4abc-9def-0123456789ab', 'https://news.example']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    }
  });
  it('gives other origins no CORS headers', async () => {
    const res = await preflight('https://evil.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await call('/v1/health', { headers: { Origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('actual requests from an allowed origin carry the headers, and expose the request id', async () => {
    const res = await call('/v1/health', { headers: { Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(res.headers.get('vary')).toContain('Origin');
  });
});

describe('rate limiting (ANON_RATE_LIMIT, 120 requests a minute per IP by default; counters in a Durable Object)', () => {
  it('a client over the limit gets a clear 429 with Retry-After; another client is not affected', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 150) + 20}`;
    let limited: Response | undefined;
    let ok = 0;
    for (let i = 0; i < 200 && !limited; i++) {
      const res = await call('/v1/health', { headers: { 'CF-Connecting-IP': ip } });
      if (res.status === 429) limited = res;
      else ok++;
    }
    expect(limited, 'no 429 after 200 requests').toBeDefined();
    // Exactly the configured allowance, unless the minute turned over during the loop.
    expect([120, 240]).toContain(ok);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('ratelimit-limit')).toBe('120');
    expect(limited!.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await call('/v1/health', { headers: { 'CF-Connecting-IP': '198.51.100.7' } })).status).toBe(200);
    // A made-up bearer token does not buy a fresh allowance: it is refused as a wrong API key.
    const made = await call('/v1/health', { headers: { 'CF-Connecting-IP': ip, Authorization: `Bearer ${crypto.randomUUID()}` } });
    expect(made.status).toBe(401);
    expect(((await made.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });
});
