/**
 * The full rule set (with the KV-only spin data: 60,000 fingerprints, the
 * genuine n-gram filter, the pairs data) activated through PUT /v1/rules,
 * as `npm run rules:push` or an admin would in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import full from '../rules/dist/ruleset.json';
import type { Ruleset } from '../src/core/rules/schema.ts';
import { assertOffsetsValid, call, clearKv, score } from './helpers.ts';
import { GENUINE, SPUN } from './fixtures.ts';

beforeAll(async () => {
  // Without its language-model pack (26 MB; test/node/lm-worker.test.ts puts the real one into KV):
  // PUT refuses a set whose pack is not in KV (test/lm-pack.test.ts).
  const { models: _models, ...rest } = full as Ruleset;
  const res = await call('/v1/rules', {
    method: 'PUT',
    headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
    body: JSON.stringify({ ...rest, version: `${rest.version}-nolm` }),
  });
  expect(res.status).toBe(200);
});
afterAll(clearKv);

describe('the full rule set from KV', () => {
  it('is the one serving, with the KV-only spin data', async () => {
    const info = (await (await call('/v1/rules')).json()) as { version: string; origin: string; phrases: number };
    expect(info).toMatchObject({ version: `${(full as Ruleset).version}-nolm`, origin: 'kv' });
    expect(info.phrases).toBeGreaterThan(60_000);
  });
  it('does not flag the genuine articles and flags the spun ones', async () => {
    for (const text of GENUINE) {
      const r = await score({ text });
      expect(r.signals.spin.flagged, text.slice(0, 40)).toBe(false);
    }
    for (const text of SPUN) {
      const r = await score({ text });
      expect(r.signals.spin.flagged).toBe(true);
      assertOffsetsValid(r);
    }
  });
  it('finds generated fingerprints and single swapped words beyond the lists, each with the original', async () => {
    const fp = full as Ruleset;
    const gen = fp.rules.find((r) => r.ruleId === 'spin.fingerprints-core');
    expect(gen?.kind).toBe('substitution');
    const [key, value] = Object.entries((gen as { swap: Record<string, string> }).swap)[0];
    const r = await score({ text: `Officials discussed the ${key} on Monday.` });
    const f = r.findings.find((x) => x.rule === 'spin.fingerprints-core');
    expect(f?.text.toLowerCase()).toBe(key);
    expect(f?.expected?.toLowerCase()).toBe(value);
  });
  it('leaves genuine phrases of common words alone, and reports a rare swapped word with its original', async () => {
    // Frames of common words once reported all of these (Border Security, Memory Board, dry land, prime time).
    const genuine = await score({
      text: 'U.S. Customs and Border Protection said the memory card was found in dry soil. Bloom time varies from year to year.',
    });
    expect(genuine.findings.filter((x) => x.signal === 'spin')).toEqual([]);
    const spun = await score({ text: 'The heat undulation hit the city on Monday. Armed constabulary searched the area.' });
    const got = spun.findings.filter((x) => x.signal === 'spin').map((x) => [x.rule, x.text, x.expected]);
    expect(got).toEqual([
      ['spin.frames', 'heat undulation', 'heat wave'],
      ['spin.pairs', 'Armed constabulary', 'Armed police'],
    ]);
  });
});
