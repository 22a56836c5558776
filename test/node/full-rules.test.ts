/**
 * The full rule set at the edge: the Worker bundle in workerd (Miniflare),
 * the full set (with the KV-only spin data: 60,000 fingerprints, the
 * substitution pairs, the genuine n-gram filter, the pairs data) and the
 * real language-model pack (rules/dist/lm.bin) in its KV namespace, split
 * into parts as `npm run rules:push` writes them. Then a corrupt part: the
 * Worker falls back to the bundled rules and says why.
 *
 * This runs from Node rather than in the Workers vitest pool: the pool
 * cannot carry a 9 MB JSON module to the runtime.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ruleset } from '../../src/core/rules/schema.ts';
import type { Report } from '../../src/core/types.ts';
import { GENUINE, SPUN } from '../fixtures.ts';
import { lmKvParts } from '../../src/node/rules.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const out = join(repo, '.tmp/lm-worker');
const rsText = readFileSync(join(repo, 'rules/dist/ruleset.json'), 'utf8');
const rs = JSON.parse(rsText) as Ruleset;
const UNLISTED =
  'The fire brigade rescued three people from the burning constructing. The measures are aimed at decreasing air pollution. The Top Minister said the demise toll had risen.';

describe('the full rule set and its language model from KV, in workerd', () => {
  let mf: Miniflare;
  let api: string;
  let kv: Awaited<ReturnType<Miniflare['getKVNamespace']>>;
  const parts = () => lmKvParts(rs)!.map((p) => p.bytes.slice().buffer);

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    const script = join(out, 'worker.mjs');
    buildSync({ entryPoints: [join(repo, 'src/worker/index.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], loader: { '.pack': 'binary' }, external: ['cloudflare:*'], outfile: script, logLevel: 'error' });
    mf = new Miniflare({ modules: true, scriptPath: script, compatibilityDate: '2026-04-20', kvNamespaces: ['RULES', 'REPORTS'], bindings: { RULES_CHECK_INTERVAL_MS: '0' }, port: 0 });
    api = (await mf.ready).toString().replace(/\/$/, '');
    kv = await mf.getKVNamespace('RULES');
    const m = rs.models!.lm;
    await Promise.all(parts().map((p, i) => kv.put(`lm:${m.label}:${i}`, p)));
    await kv.put(`ruleset:v:${rs.version}`, rsText);
    await kv.put('ruleset:active', rs.version);
  }, 120_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  const score = async (text: string) => {
    const res = await fetch(`${api}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    expect(res.status).toBe(200);
    return (await res.json()) as Report;
  };

  it('serves the full set, with the KV-only spin data', async () => {
    const info = (await (await fetch(`${api}/v1/rules`)).json()) as { version: string; origin: string; phrases: number };
    expect(info).toMatchObject({ version: rs.version, origin: 'kv' });
    expect(info.phrases).toBeGreaterThan(60_000);
  });

  it('does not flag the genuine articles and flags the spun ones', async () => {
    for (const text of GENUINE) {
      const r = await score(text);
      expect(r.signals.spin.flagged, text.slice(0, 40)).toBe(false);
    }
    for (const text of SPUN) {
      const r = await score(text);
      expect(r.signals.spin.flagged).toBe(true);
      for (const f of r.findings) expect(r.content.text.slice(f.start, f.end)).toBe(f.text);
    }
  });

  it('finds generated fingerprints and single swapped words beyond the lists, each with the original', async () => {
    const gen = rs.rules.find((r) => r.ruleId === 'spin.fingerprints-core');
    expect(gen?.kind).toBe('substitution');
    const [key, value] = Object.entries((gen as { swap: Record<string, string> }).swap)[0];
    const r = await score(`Officials discussed the ${key} on Monday.`);
    const f = r.findings.find((x) => x.rule === 'spin.fingerprints-core');
    expect(f?.text.toLowerCase()).toBe(key);
    expect(f?.expected?.toLowerCase()).toBe(value);
  });

  it('leaves genuine phrases of common words alone, and reports a rare swapped word with its original', async () => {
    // Frames of common words once reported all of these (Border Security, Memory Board, dry land, prime time).
    const genuine = await score('U.S. Customs and Border Protection said the memory card was found in dry soil. Bloom time varies from year to year.');
    expect(genuine.findings.filter((x) => x.signal === 'spin')).toEqual([]);
    const spun = await score('The heat undulation hit the city on Monday. Armed constabulary searched the area.');
    const got = spun.findings.filter((x) => x.signal === 'spin').map((x) => [x.rule, x.text, x.expected]);
    // The language model claims the swapped word before the pairs detector would.
    expect(got).toEqual([
      ['spin.frames', 'heat undulation', 'heat wave'],
      ['spin.context', 'Armed constabulary searched', 'Armed police searched'],
    ]);
  });

  it('names a pack of more than one part, each under the KV value limit', () => {
    expect(rs.models?.lm.parts.length).toBeGreaterThan(1);
    for (const len of rs.models!.lm.parts) expect(len).toBeLessThanOrEqual(25 * 1024 * 1024);
  });

  it('serves the full set with the model read from KV, and finds swaps beyond every list with their originals', async () => {
    const info = (await (await fetch(`${api}/v1/rules`)).json()) as { origin: string; languageModel: { label: string } | null };
    expect(info.origin).toBe('kv');
    expect(info.languageModel?.label).toBe(rs.models!.lm.label);
    const r = (await (await fetch(`${api}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: UNLISTED }) })).json()) as {
      signals: { spin: { flagged: boolean; details: { languageModel: string } } };
      findings: Array<{ rule: string; text: string; expected?: string; start: number; end: number }>;
      content: { text: string };
    };
    expect(r.signals.spin.details.languageModel).toBe(rs.models!.lm.label);
    const ctx = r.findings.filter((f) => f.rule === 'spin.context');
    expect(ctx.map((f) => [f.text, f.expected])).toEqual([['burning constructing', 'burning building'], ['at decreasing air', 'at reducing air']]);
    for (const f of ctx) expect(r.content.text.slice(f.start, f.end)).toBe(f.text);
    expect(r.signals.spin.flagged).toBe(true);
  });

  it('falls back to the bundled rules, with the reason, when a part is truncated or missing', async () => {
    const m = rs.models!.lm;
    const p1 = parts()[1];
    // The isolate keeps an opened pack by label: a fresh runtime, with KV of its own.
    const mf2 = new Miniflare({ modules: true, scriptPath: join(out, 'worker.mjs'), compatibilityDate: '2026-04-20', kvNamespaces: ['RULES', 'REPORTS'], bindings: { RULES_CHECK_INTERVAL_MS: '0' }, port: 0 });
    try {
      const api2 = (await mf2.ready).toString().replace(/\/$/, '');
      const kv2 = await mf2.getKVNamespace('RULES');
      await kv2.put(`lm:${m.label}:0`, parts()[0]);
      await kv2.put(`lm:${m.label}:1`, p1.slice(0, p1.byteLength - 4096));
      await kv2.put(`ruleset:v:${rs.version}`, rsText);
      await kv2.put('ruleset:active', rs.version);
      let info = (await (await fetch(`${api2}/v1/rules`)).json()) as { origin: string; fallbackReason?: string; languageModel: unknown };
      expect(info.origin).toBe('bundled');
      expect(info.fallbackReason).toMatch(/language-model pack .*part 1 has \d+ bytes/);
      expect(info.languageModel).toBeNull();
      await kv2.delete(`lm:${m.label}:1`);
      info = (await (await fetch(`${api2}/v1/rules`)).json()) as typeof info;
      expect(info.fallbackReason).toMatch(/part 1 is missing/);
      // Scoring still answers, from the bundled rules.
      const res = await fetch(`${api2}/v1/score`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: UNLISTED });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { ruleset: { origin: string } }).ruleset.origin).toBe('bundled');
    } finally {
      await mf2.dispose();
    }
  }, 60_000);
});
