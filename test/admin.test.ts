/** Admin routes: auth (missing, wrong, right token, disabled), PUT validation and activation, rollback. */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import bundled from '../rules/dist/ruleset.bundled.json';
import type { Ruleset } from '../src/core/rules/schema.ts';
import { app } from '../src/worker/index.ts';
import { KEY_ACTIVE, KEY_PREVIOUS } from '../src/worker/store/rule-store.ts';
import { call, clearKv, score, type ErrorBody } from './helpers.ts';
import { customRuleset } from './fixtures.ts';

const TOKEN = 'test-admin-token';

function put(body: string, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return call('/v1/rules', { method: 'PUT', headers, body });
}
const rollback = (token?: string) =>
  call('/v1/rules/rollback', { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

afterEach(clearKv);

describe('admin auth', () => {
  it('401 without a token, with a challenge', async () => {
    const res = await put(JSON.stringify(bundled));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await res.json()) as ErrorBody).error.code).toBe('unauthorized');
    expect((await rollback()).status).toBe(401);
  });
  it('401 with a wrong token (also a prefix or a longer one), and KV untouched', async () => {
    for (const t of ['wrong', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()]) {
      const res = await put(JSON.stringify(customRuleset('should-not-land')), t);
      expect(res.status).toBe(401);
      expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_token');
    }
    expect(await env.RULES.get(KEY_ACTIVE)).toBeNull();
  });
  it('a malformed Authorization header is 401', async () => {
    const res = await call('/v1/rules', { method: 'PUT', headers: { authorization: `Basic ${TOKEN}` }, body: '{}' });
    expect(res.status).toBe(401);
  });
  it('403 when no ADMIN_TOKEN is configured', async () => {
    const res = await app.request('/v1/rules', { method: 'PUT', headers: { authorization: 'Bearer anything' }, body: '{}' }, { ...env, ADMIN_TOKEN: undefined });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorBody).error.code).toBe('admin_disabled');
  });
});

describe('PUT /v1/rules', () => {
  it('validates and activates a new set; scoring uses it at once', async () => {
    const rs = customRuleset('put-1');
    const res = await put(JSON.stringify(rs), TOKEN);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activated: string; previous: string | null; rules: number };
    expect(body.activated).toBe('put-1');
    expect(body.previous).toBeNull();
    expect(body.rules).toBe(rs.rules.length);
    expect(await env.RULES.get(KEY_ACTIVE)).toBe('put-1');
    const r = await score({ text: 'A zorbleflax appeared.' });
    expect(r.ruleset).toEqual({ version: 'put-1', origin: 'kv' });
    expect(r.findings.some((f) => f.rule === 'spin.test-word')).toBe(true);
    const info = (await (await call('/v1/rules')).json()) as { version: string; origin: string };
    expect(info).toMatchObject({ version: 'put-1', origin: 'kv' });
  });
  it('400 on malformed JSON and on an invalid set, naming the problem', async () => {
    let res = await put('{not json', TOKEN);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('malformed_json');
    const bad = customRuleset('bad') as unknown as { rules: Array<Record<string, unknown>> };
    bad.rules[0].level = 'fatal';
    res = await put(JSON.stringify(bad), TOKEN);
    expect(res.status).toBe(400);
    const b = (await res.json()) as ErrorBody;
    expect(b.error.code).toBe('invalid_ruleset');
    expect(b.error.message).toMatch(/rules\[0\]/);
    const badPattern = customRuleset('bad-pattern');
    (badPattern.rules[badPattern.rules.length - 1] as { swap: Record<string, string> }).swap = { '<bogus>': 'x' };
    res = await put(JSON.stringify(badPattern), TOKEN);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/unknown class <bogus>/);
    expect(await env.RULES.get(KEY_ACTIVE)).toBeNull();
  });
  it('versions are immutable: 409 for other content under a stored or the bundled version', async () => {
    expect((await put(JSON.stringify(customRuleset('imm-1')), TOKEN)).status).toBe(200);
    const same = await put(JSON.stringify(customRuleset('imm-1')), TOKEN);
    expect(same.status).toBe(200);
    expect(((await same.json()) as { unchanged: boolean }).unchanged).toBe(true);
    const changed = customRuleset('imm-1');
    changed.rules.pop();
    const res = await put(JSON.stringify(changed), TOKEN);
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.code).toBe('version_conflict');
    const fake = customRuleset((bundled as Ruleset).version);
    const res2 = await put(JSON.stringify(fake), TOKEN);
    expect(res2.status).toBe(409);
    expect(await env.RULES.get(KEY_ACTIVE)).toBe('imm-1');
  });
  it('413 for a rule set over its own limit (MAX_RULES_BYTES, 16 MiB in tests), not the article limit', async () => {
    const res = await put(`{"pad": "${'x'.repeat(16 * 1024 * 1024)}"}`, TOKEN);
    expect(res.status).toBe(413);
    // 2 MiB is over the 1 MiB article limit but a fine rule-set size: it reaches validation (400).
    const res2 = await put(`{"pad": "${'x'.repeat(2 * 1024 * 1024)}"}`, TOKEN);
    expect(res2.status).toBe(400);
  });
});

describe('POST /v1/rules/rollback', () => {
  it('409 when there is nothing to roll back to', async () => {
    const res = await rollback(TOKEN);
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.code).toBe('no_previous');
  });
  it('returns to the previous set, and back again', async () => {
    expect((await put(JSON.stringify(customRuleset('v-one')), TOKEN)).status).toBe(200);
    expect((await put(JSON.stringify(bundled), TOKEN)).status).toBe(200);
    expect(await env.RULES.get(KEY_PREVIOUS)).toBe('v-one');
    expect((await score({ text: 'A zorbleflax.' })).ruleset.version).toBe((bundled as Ruleset).version);
    let res = await rollback(TOKEN);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ activated: 'v-one', previous: (bundled as Ruleset).version });
    const r = await score({ text: 'A zorbleflax.' });
    expect(r.ruleset).toEqual({ version: 'v-one', origin: 'kv' });
    expect(r.findings.some((f) => f.rule === 'spin.test-word')).toBe(true);
    res = await rollback(TOKEN);
    expect(((await res.json()) as { activated: string }).activated).toBe((bundled as Ruleset).version);
  });
});
