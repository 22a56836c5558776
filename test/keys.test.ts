/**
 * API keys and limits: admin routes for keys, a keyed client held to its own
 * quota (exact counts from the Durable Object), revocation, wrong keys, the
 * anonymous per-IP limit from configuration, and the RateLimit headers.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../src/worker/env.ts';
import { app } from '../src/worker/index.ts';
import { call, postJson, type ErrorBody } from './helpers.ts';

const ADMIN = { authorization: 'Bearer test-admin-token' };

interface Created {
  key: string;
  id: string;
  name: string;
  perMinute: number;
  createdAt: string;
  revokedAt?: string;
}

async function createKey(name: string, perMinute: number): Promise<Created> {
  const res = await postJson('/v1/admin/keys', { name, perMinute }, ADMIN);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Created;
}

async function code(res: Response): Promise<string> {
  return ((await res.json()) as ErrorBody).error.code;
}

const withKey = (key: string, path = '/v1/health', e?: Env) =>
  e ? app.request(path, { headers: { authorization: `Bearer ${key}` } }, e) : call(path, { headers: { authorization: `Bearer ${key}` } });

describe('/v1/admin/keys', () => {
  it('needs the admin token', async () => {
    const res = await postJson('/v1/admin/keys', { name: 'x', perMinute: 5 });
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('unauthorized');
    expect(await code(await call('/v1/admin/keys', { headers: { authorization: 'Bearer wrong' } }))).toBe('invalid_token');
  });
  it('creates a key shown once, stored hashed; lists and revokes it', async () => {
    const k = await createKey('newsroom archive', 50);
    expect(k.key).toMatch(/^na_[0-9a-f]{40}$/);
    expect(k).toMatchObject({ name: 'newsroom archive', perMinute: 50, id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // Only the hash is a KV key, and no value holds the key itself.
    const stored = await env.API_KEYS.list();
    expect(stored.keys.some((x) => x.name.includes(k.key))).toBe(false);
    for (const x of stored.keys) expect(await env.API_KEYS.get(x.name)).not.toContain(k.key);
    const list = (await (await call('/v1/admin/keys', { headers: ADMIN })).json()) as { keys: Created[] };
    expect(list.keys.find((x) => x.id === k.id)).toMatchObject({ name: 'newsroom archive', perMinute: 50 });
    expect(JSON.stringify(list)).not.toContain(k.key);
    const del = await call(`/v1/admin/keys/${k.id}`, { method: 'DELETE', headers: ADMIN });
    expect(del.status).toBe(200);
    expect(((await del.json()) as Created).revokedAt).toBeDefined();
  });
  it('bad input is 400; an unknown id 404', async () => {
    for (const body of [{}, { name: 'x' }, { name: '', perMinute: 5 }, { name: 'x', perMinute: 0 }, { name: 'x', perMinute: 1.5 }]) {
      const res = await postJson('/v1/admin/keys', body, ADMIN);
      expect(res.status).toBe(400);
      expect(await code(res)).toBe('invalid_request');
    }
    expect(await code(await call('/v1/admin/keys', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: '{' }))).toBe('malformed_json');
    expect(await code(await call('/v1/admin/keys/0123456789abcdef', { method: 'DELETE', headers: ADMIN }))).toBe('key_not_found');
    expect(await code(await call('/v1/admin/keys/nope', { method: 'DELETE', headers: ADMIN }))).toBe('invalid_key_id');
  });
});

describe('a keyed client', () => {
  it('is held to its own per-minute quota, with RateLimit headers; another key and anonymous clients are not affected', async () => {
    const small = await createKey('small', 5);
    const other = await createKey('other', 100);
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      // The key counts wherever the client is: a changing IP address buys nothing.
      const res = await call('/v1/health', { headers: { authorization: `Bearer ${small.key}`, 'CF-Connecting-IP': `198.51.100.${i + 1}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(res.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await withKey(small.key);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-limit')).toBe('5');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    const body = (await limited.json()) as ErrorBody;
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toContain('"small"');
    // Scoring and jobs count too.
    expect((await call('/v1/score', { method: 'POST', headers: { authorization: `Bearer ${small.key}`, 'content-type': 'text/plain' }, body: 'Some text here.' })).status).toBe(429);
    const o = await withKey(other.key);
    expect(o.status).toBe(200);
    expect(o.headers.get('ratelimit-remaining')).toBe('99');
    expect((await call('/v1/health', { headers: { 'CF-Connecting-IP': '198.51.100.99' } })).status).toBe(200);
  });
  it('counts exactly under concurrency', async () => {
    const k = await createKey('burst', 20);
    const statuses = await Promise.all(Array.from({ length: 30 }, async () => (await withKey(k.key)).status));
    expect(statuses.filter((s: number) => s === 200).length).toBe(20);
    expect(statuses.filter((s: number) => s === 429).length).toBe(10);
  });
  it('a revoked key is 401 revoked_api_key; a wrong key 401 invalid_api_key, never anonymous', async () => {
    const k = await createKey('to revoke', 100);
    expect((await withKey(k.key)).status).toBe(200);
    await call(`/v1/admin/keys/${k.id}`, { method: 'DELETE', headers: ADMIN });
    const revoked = await withKey(k.key);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await code(revoked)).toBe('revoked_api_key');
    for (const wrong of [`na_${'0'.repeat(40)}`, 'made-up-token', k.key.slice(0, -1)]) {
      const res = await withKey(wrong, '/v1/score?url=http://pages.test/article');
      expect(res.status).toBe(401);
      expect(await code(res)).toBe('invalid_api_key');
    }
    const basic = await call('/v1/health', { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    expect(await code(basic)).toBe('invalid_authorization');
  });
  it('the admin routes and webhooks keep their own bearer tokens', async () => {
    // The admin token is not an API key: /v1/admin and /v1/rules take it, and report a wrong one as theirs.
    expect((await call('/v1/admin/keys', { headers: ADMIN })).status).toBe(200);
    const wrong = await call('/v1/rules/rollback', { method: 'POST', headers: { authorization: 'Bearer nope' } });
    expect(await code(wrong)).toBe('invalid_token');
  });
});

describe('anonymous clients (ANON_RATE_LIMIT per IP)', () => {
  it('are limited per IP address as configured, with Retry-After and RateLimit headers', async () => {
    const e = { ...env, ANON_RATE_LIMIT: '3' } as Env;
    const ip = '203.0.113.201';
    const get = (addr: string) => app.request('/v1/health', { headers: { 'CF-Connecting-IP': addr } }, e);
    for (let i = 0; i < 3; i++) expect((await get(ip)).status).toBe(200);
    const res = await get(ip);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    for (const h of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) expect(res.headers.get(h)).not.toBeNull();
    expect(res.headers.get('ratelimit-limit')).toBe('3');
    expect((await get('203.0.113.202')).status).toBe(200);
  });
  it('ANON_RATE_LIMIT=0 (npm start by default) lets one developer send 300 requests back to back', async () => {
    const e = { ...env, ANON_RATE_LIMIT: '0' } as Env;
    for (let i = 0; i < 300; i++) {
      const res = await app.request('/v1/health', { headers: { 'CF-Connecting-IP': '127.0.0.1' } }, e);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});
