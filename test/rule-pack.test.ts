/**
 * The binary rule pack (src/core/rules/pack.ts): the same reports as the set compiled from JSON, its
 * checks on open, and the Worker reading packs from KV (PUT stores one; a corrupt one falls back).
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import bundledJson from '../rules/dist/ruleset.bundled.json';
import bundledPackBytes from '../rules/dist/ruleset.bundled.pack';
import { analyze } from '../src/core/analyze.ts';
import { compileRuleset } from '../src/core/rules/compiled.ts';
import { encodeRulePack, openRulePack, RulePackError } from '../src/core/rules/pack.ts';
import type { Ruleset } from '../src/core/rules/schema.ts';
import { invalidateRuleCache, KEY_ACTIVE, keyForPack, keyForVersion } from '../src/worker/store/rule-store.ts';
import { customRuleset, GENUINE } from './fixtures.ts';
import { call, clearKv, score } from './helpers.ts';

afterEach(clearKv);

const TEXTS = [
  ...GENUINE,
  'The Protection Secretary said within the final 12 months that the Top Minister met the zorbleflax. In turn, the ministry denied it.',
  'Foreign agent: this material was created and/or distributed by a foreign mass media outlet performing the functions of a foreign agent. Reuters and the BBC reported it, according to The Guardian.',
];
const stable = (r: ReturnType<typeof analyze>) => JSON.stringify({ ...r, stats: { ...r.stats, timings: {} } });

describe('rule pack', () => {
  it('gives the same reports as the rule set compiled from JSON, for the bundled set and a custom one', () => {
    const fromJson = compileRuleset(bundledJson as unknown as Ruleset);
    const fromPack = openRulePack(new Uint8Array(bundledPackBytes));
    expect(fromPack.version).toBe(fromJson.version);
    expect(fromPack.trie.size).toBe(fromJson.trie.size);
    expect(fromPack.outletCount).toBe(fromJson.outletCount);
    for (const text of TEXTS) expect(stable(analyze({ text, url: 'https://www.reuters.com/world/x' }, fromPack, { origin: 'file' }))).toBe(stable(analyze({ text, url: 'https://www.reuters.com/world/x' }, fromJson, { origin: 'file' })));
    const custom = compileRuleset(customRuleset());
    const reopened = openRulePack(encodeRulePack(custom));
    const t = 'The zorbleflax met the Top Minister.';
    expect(stable(analyze({ text: t }, reopened, { origin: 'file' }))).toBe(stable(analyze({ text: t }, custom, { origin: 'file' })));
    expect(analyze({ text: t }, reopened, { origin: 'file' }).findings.find((f) => f.rule === 'spin.test-word')).toMatchObject({ expected: 'original wording' });
  });

  it('refuses a pack that is truncated, padded, of another format or corrupt, with a reason', () => {
    const good = new Uint8Array(encodeRulePack(compileRuleset(customRuleset())));
    const bad = (edit: (b: Uint8Array) => Uint8Array) => () => openRulePack(edit(good.slice()));
    expect(bad((b) => b.subarray(0, 40))).toThrow(/too short/);
    expect(bad((b) => b.slice(0, b.length - 8))).toThrow(/truncated or padded/);
    expect(bad((b) => ((b[0] = 0), b))).toThrow(/bad magic/);
    expect(bad((b) => ((b[4] = 9), b))).toThrow(/format 9/);
    expect(bad((b) => ((b[40] ^= 1), b))).toThrow(/header checksum/);
    // The first word of every section is sampled by the data checksum.
    const firstSection = new DataView(good.buffer).getUint32(64 + 4, true);
    expect(bad((b) => ((b[firstSection] ^= 0xff), b))).toThrow(RulePackError);
    expect(bad((b) => ((b[firstSection] ^= 0xff), b))).toThrow(/data checksum/);
  });
});

describe('rule packs in KV', () => {
  it('serves a set from its pack alone: no JSON is read', async () => {
    const rs = customRuleset('pack-only-1');
    await env.RULES.put(keyForPack(rs.version), encodeRulePack(compileRuleset(rs)));
    await env.RULES.put(KEY_ACTIVE, rs.version);
    invalidateRuleCache();
    const r = await score({ text: 'The zorbleflax met the Top Minister.' });
    expect(r.ruleset).toEqual({ version: 'pack-only-1', origin: 'kv' });
    expect(r.findings.find((f) => f.rule === 'spin.test-word')).toMatchObject({ text: 'zorbleflax', expected: 'original wording' });
  });

  it('falls back to the bundled copy, saying why, when the pack is corrupt or holds another version', async () => {
    const rs = customRuleset('pack-bad-1');
    const bytes = new Uint8Array(encodeRulePack(compileRuleset(rs)));
    bytes[50] ^= 0xff;
    await env.RULES.put(keyForPack(rs.version), bytes);
    await env.RULES.put(keyForVersion(rs.version), JSON.stringify(rs));
    await env.RULES.put(KEY_ACTIVE, rs.version);
    invalidateRuleCache();
    expect((await score({ text: 'The zorbleflax met the Top Minister.' })).ruleset.origin).toBe('bundled');
    const info = (await (await call('/v1/rules')).json()) as { origin: string; fallbackReason: string };
    expect(info.fallbackReason).toMatch(/KV rule pack pack-bad-1 is unusable: rule pack: header checksum mismatch/);

    await env.RULES.put(keyForPack(rs.version), encodeRulePack(compileRuleset(customRuleset('pack-other'))));
    invalidateRuleCache();
    const info2 = (await (await call('/v1/rules')).json()) as { origin: string; fallbackReason: string };
    expect(info2.origin).toBe('bundled');
    expect(info2.fallbackReason).toMatch(/holds version pack-other/);
  });

  it('PUT /v1/rules stores the pack beside the JSON, and isolates read the pack', async () => {
    const rs = customRuleset('put-pack-1');
    const res = await call('/v1/rules', { method: 'PUT', headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' }, body: JSON.stringify(rs) });
    expect(res.status).toBe(200);
    const pack = await env.RULES.get(keyForPack('put-pack-1'), 'arrayBuffer');
    expect(pack).not.toBeNull();
    expect(openRulePack(new Uint8Array(pack!)).version).toBe('put-pack-1');
    // With the JSON gone, the set still serves: the pack is what is read.
    await env.RULES.delete(keyForVersion('put-pack-1'));
    invalidateRuleCache();
    expect((await score({ text: 'The zorbleflax met the Top Minister.' })).ruleset).toEqual({ version: 'put-pack-1', origin: 'kv' });
  });
});
