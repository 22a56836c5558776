/**
 * The language model at the edge: the Worker bundle in workerd (Miniflare),
 * the full rule set and the real pack (rules/dist/lm.bin) in its KV
 * namespace, split into parts as `npm run rules:push` writes them. Then a
 * corrupt part: the Worker falls back to the bundled rules and says why.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ruleset } from '../../src/core/rules/schema.ts';
import { lmKvParts } from '../../src/node/rules.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const out = join(repo, '.tmp/lm-worker');
const rsText = readFileSync(join(repo, 'rules/dist/ruleset.json'), 'utf8');
const rs = JSON.parse(rsText) as Ruleset;
const SPUN =
  'The fire brigade rescued three people from the burning constructing. The measures are aimed at decreasing air pollution. The Top Minister said the demise toll had risen.';

describe('the language-model pack in KV, in workerd', () => {
  let mf: Miniflare;
  let api: string;
  let kv: Awaited<ReturnType<Miniflare['getKVNamespace']>>;
  const parts = () => lmKvParts(rs)!.map((p) => p.bytes.slice().buffer);

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    const script = join(out, 'worker.mjs');
    buildSync({ entryPoints: [join(repo, 'src/worker/index.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], outfile: script, logLevel: 'error' });
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

  it('names a pack of more than one part, each under the KV value limit', () => {
    expect(rs.models?.lm.parts.length).toBeGreaterThan(1);
    for (const len of rs.models!.lm.parts) expect(len).toBeLessThanOrEqual(25 * 1024 * 1024);
  });

  it('serves the full set with the model read from KV, and finds swaps beyond every list with their originals', async () => {
    const info = (await (await fetch(`${api}/v1/rules`)).json()) as { origin: string; languageModel: { label: string } | null };
    expect(info.origin).toBe('kv');
    expect(info.languageModel?.label).toBe(rs.models!.lm.label);
    const r = (await (await fetch(`${api}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: SPUN }) })).json()) as {
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
      const res = await fetch(`${api2}/v1/score`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SPUN });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { ruleset: { origin: string } }).ruleset.origin).toBe('bundled');
    } finally {
      await mf2.dispose();
    }
  }, 60_000);
});
