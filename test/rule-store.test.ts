/**
 * The KV rule store: KV empty, corrupt, invalid, pointing nowhere or
 * unreachable → the bundled copy serves; a valid KV set → it serves; the
 * isolate cache re-reads the pointer only after the interval.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import bundled from '../rules/dist/ruleset.bundled.json';
import type { Ruleset } from '../src/core/rules/schema.ts';
import { customRuleset } from './fixtures.ts';
import { activeRules, invalidateRuleCache, KEY_ACTIVE, KEY_PREVIOUS, keyForVersion } from '../src/worker/store/rule-store.ts';
import { call, clearKv, score } from './helpers.ts';

afterEach(clearKv);

describe('KV rule store', () => {
  it('serves the bundled copy when KV is empty', async () => {
    await clearKv();
    const r = await score({ text: 'The zorbleflax met the Top Minister.' });
    expect(r.ruleset).toEqual({ version: (bundled as Ruleset).version, origin: 'bundled' });
    expect(r.findings.some((f) => f.rule === 'spin.test-word')).toBe(false);
  });

  it('serves a valid rule set from KV, with origin kv', async () => {
    const rs = customRuleset();
    await env.RULES.put(keyForVersion(rs.version), JSON.stringify(rs));
    await env.RULES.put(KEY_ACTIVE, rs.version);
    invalidateRuleCache();
    const r = await score({ text: 'The zorbleflax met the Top Minister.' });
    expect(r.ruleset).toEqual({ version: 'test-custom-1', origin: 'kv' });
    expect(r.findings.find((f) => f.rule === 'spin.test-word')).toMatchObject({ text: 'zorbleflax', expected: 'original wording' });
  });

  it('a KV pointer at the bundled version serves the bundled index as kv, without fetching it', async () => {
    await env.RULES.put(KEY_ACTIVE, (bundled as Ruleset).version);
    invalidateRuleCache();
    const r = await score({ text: 'The Top Minister spoke.' });
    expect(r.ruleset).toEqual({ version: (bundled as Ruleset).version, origin: 'kv' });
  });

  it('falls back to the bundled copy when the KV value is not JSON', async () => {
    await env.RULES.put(keyForVersion('broken'), '{"schema": 1, "version": "broken", "rules": [');
    await env.RULES.put(KEY_ACTIVE, 'broken');
    invalidateRuleCache();
    const r = await score({ text: 'The Top Minister spoke.' });
    expect(r.ruleset.origin).toBe('bundled');
    const info = (await (await call('/v1/rules')).json()) as { origin: string; fallbackReason: string };
    expect(info.origin).toBe('bundled');
    expect(info.fallbackReason).toMatch(/not valid JSON/);
  });

  it('falls back when the KV rule set fails the schema', async () => {
    const rs = customRuleset('bad-schema') as unknown as Record<string, unknown>;
    (rs.rules as Array<Record<string, unknown>>)[0].kind = 'regex';
    await env.RULES.put(keyForVersion('bad-schema'), JSON.stringify(rs));
    await env.RULES.put(KEY_ACTIVE, 'bad-schema');
    invalidateRuleCache();
    const r = await score({ text: 'The Top Minister spoke.' });
    expect(r.ruleset.origin).toBe('bundled');
  });

  it('falls back when a KV pattern does not compile', async () => {
    const rs = customRuleset('bad-pattern');
    rs.rules.push({ ...rs.rules[rs.rules.length - 1], id: 'bad', ruleId: 'spin.bad', swap: { '<nosuchclass> minister': 'x' } } as Ruleset['rules'][number]);
    await env.RULES.put(keyForVersion('bad-pattern'), JSON.stringify(rs));
    await env.RULES.put(KEY_ACTIVE, 'bad-pattern');
    invalidateRuleCache();
    expect((await score({ text: 'The Top Minister spoke.' })).ruleset.origin).toBe('bundled');
  });

  it('falls back when the pointer names a version that is not stored', async () => {
    await env.RULES.put(KEY_ACTIVE, 'missing-version');
    invalidateRuleCache();
    const info = (await (await call('/v1/rules')).json()) as { origin: string; fallbackReason: string };
    expect(info.origin).toBe('bundled');
    expect(info.fallbackReason).toMatch(/missing/);
  });

  it('falls back when KV is unreachable, and keeps a cached KV set while it is', async () => {
    const failing = { get: () => Promise.reject(new Error('KV down')) } as unknown as KVNamespace;
    invalidateRuleCache();
    expect((await activeRules(failing, 0)).origin).toBe('bundled');
    // Load a KV set, then lose KV: the cached set keeps serving.
    const rs = customRuleset('cached');
    await env.RULES.put(keyForVersion(rs.version), JSON.stringify(rs));
    await env.RULES.put(KEY_ACTIVE, rs.version);
    invalidateRuleCache();
    expect((await activeRules(env.RULES, 0)).compiled.version).toBe('cached');
    const again = await activeRules(failing, 0);
    expect(again.origin).toBe('kv');
    expect(again.compiled.version).toBe('cached');
  });

  it('re-reads the pointer only once per interval', async () => {
    const a = customRuleset('interval-a');
    const b = customRuleset('interval-b');
    for (const rs of [a, b]) await env.RULES.put(keyForVersion(rs.version), JSON.stringify(rs));
    await env.RULES.put(KEY_ACTIVE, 'interval-a');
    invalidateRuleCache();
    expect((await activeRules(env.RULES, 60_000)).compiled.version).toBe('interval-a');
    await env.RULES.put(KEY_ACTIVE, 'interval-b');
    // Within the interval: still the cached set, without touching KV.
    expect((await activeRules(env.RULES, 60_000)).compiled.version).toBe('interval-a');
    // Interval elapsed (0 ms): the new pointer is seen.
    expect((await activeRules(env.RULES, 0)).compiled.version).toBe('interval-b');
    await env.RULES.delete(KEY_PREVIOUS);
  });
});
