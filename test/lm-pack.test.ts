/**
 * The language-model pack (src/core/lm) and the context detector on a model
 * of a few words built here, in workerd: the round trip through parts, every
 * corruption giving a clear error, backoff arithmetic, the detector's finds
 * and guards, and the Worker loading a pack from KV or falling back to the
 * bundled rules when it cannot.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import bundled from '../rules/dist/ruleset.bundled.json';
import { findInContext, type ContextRule } from '../src/core/analyzers/spin-context.ts';
import { buildDoc } from '../src/core/doc.ts';
import { assemblePack, encodeCandidates, encodeModel, PROB_MIN } from '../src/core/lm/build.ts';
import { LanguageModel } from '../src/core/lm/model.ts';
import { CAND_PAIRS, CAND_THESAURUS, joinParts, LmPackError, openLmPack } from '../src/core/lm/pack.ts';
import { compileRuleset, withModel } from '../src/core/rules/compiled.ts';
import type { Ruleset } from '../src/core/rules/schema.ts';
import { activeRules, keyForLmPart, KvUnreachable, loadLanguageModel } from '../src/worker/store/rule-store.ts';
import { call, clearKv } from './helpers.ts';

const WORDS = ['<s>', '</s>', 'patients', 'with', 'kidney', 'failure', 'disappointment', 'were', 'treated', 'a', 'pernicious', 'harmful', 'effect', 'women', 'ladies', 'in', 'cancer', 'he', 'said'];
const id = (w: string) => WORDS.indexOf(w);
const UNI: Record<string, number> = { '<s>': -99, '</s>': -1.2, with: -2, a: -1.6, in: -1.7, were: -2.3, he: -2.2, said: -2.5, patients: -4, kidney: -4.6, failure: -3.9, treated: -4, effect: -3.8, harmful: -4.4, women: -3.4, cancer: -3.9, disappointment: -5.4, pernicious: -6.2, ladies: -5.2 };
/** Bigrams as "a b": [log10 P(b|a), log10 backoff(a b)]. */
const BI: Record<string, [number, number]> = {
  '<s> patients': [-2, -0.3], 'patients with': [-0.8, -0.2], 'with kidney': [-2.5, -0.3], 'kidney failure': [-0.6, -0.1], 'failure were': [-1.5, 0],
  'were treated': [-1.4, -0.1], 'treated </s>': [-0.7, 0], 'a pernicious': [-4.5, 0], 'pernicious effect': [-1.2, 0], 'a harmful': [-3.6, 0],
  'harmful effect': [-1, 0], 'in women': [-2.4, 0], 'women </s>': [-0.9, 0], 'cancer in': [-1.1, 0], '<s> he': [-1.1, 0], 'he said': [-0.9, 0], 'said </s>': [-1, 0],
  'effect </s>': [-0.9, 0],
};
const TRI: Record<string, number> = { 'with kidney failure': -0.3, 'kidney failure were': -1.2, '<s> patients with': -0.6, 'cancer in women': -1.3 };

function tinyParts(maxPartBytes?: number, label = 'tiny-1'): Uint8Array[] {
  const bi = Object.entries(BI).map(([k, v]) => [...k.split(' ').map(id), ...v]);
  const tri = Object.entries(TRI).map(([k, v]) => [...k.split(' ').map(id), v]);
  const model = encodeModel({
    words: WORDS,
    uniProb: WORDS.map((w) => UNI[w]),
    uniBo: WORDS.map(() => -0.5),
    bi: { a: bi.map((x) => x[0]), b: bi.map((x) => x[1]), prob: bi.map((x) => x[2]), bo: bi.map((x) => x[3]) },
    tri: { a: tri.map((x) => x[0]), b: tri.map((x) => x[1]), c: tri.map((x) => x[2]), prob: tri.map((x) => x[3]) },
  });
  const cand = encodeCandidates(WORDS.length, (s) =>
    s === id('disappointment') ? [[id('failure'), CAND_THESAURUS]] : s === id('pernicious') ? [[id('harmful'), CAND_THESAURUS]] : s === id('ladies') ? [[id('women'), CAND_PAIRS]] : [],
  );
  return assemblePack(label, WORDS.length, model, cand, maxPartBytes);
}
const buffers = (parts: Uint8Array[]) => parts.map((p) => p.slice().buffer);
const q = 7.5 / 255; // one quantization step

describe('language-model pack', () => {
  it('round-trips through several parts and through one file, read in place', () => {
    const parts = tinyParts(256);
    expect(parts.length).toBeGreaterThan(2);
    for (const lm of [new LanguageModel(openLmPack(buffers(parts))), new LanguageModel(openLmPack(joinParts(parts)))]) {
      expect(lm.label).toBe('tiny-1');
      expect(lm.id('kidney')).toBe(id('kidney'));
      expect(lm.id('spleen')).toBe(-1);
      expect(lm.word(id('disappointment'))).toBe('disappointment');
      expect(lm.unigram(id('kidney'))).toBeCloseTo(-4.6, 1);
      expect(Math.abs(lm.bigram(id('kidney'), id('failure')) - -0.6)).toBeLessThanOrEqual(q);
      // Unseen bigram: backoff(kidney) + P(disappointment).
      expect(lm.bigram(id('kidney'), id('disappointment'))).toBeCloseTo(-0.5 + -5.4, 1);
      // Stored trigram, then a trigram backed off through its bigram.
      expect(Math.abs(lm.logProb(id('with'), id('kidney'), id('failure')) - -0.3)).toBeLessThanOrEqual(q);
      expect(lm.logProb(id('<s>'), id('kidney'), id('failure'))).toBeCloseTo(-0.6, 1);
      expect(lm.logProb(id('with'), id('kidney'), id('disappointment'))).toBeCloseTo(-0.3 + -0.5 + -5.4, 1);
      expect(lm.unigram(-1)).toBe(-7);
      expect(lm.candidateCount(id('ladies'))).toBe(1);
      expect(lm.candidate(id('ladies'), 0)).toBe(id('women'));
      expect(lm.candidateFlags(id('ladies'), 0)).toBe(CAND_PAIRS);
      expect(lm.candidateCount(id('women'))).toBe(0);
    }
  });

  it('clips probabilities below the quantization range instead of wrapping', () => {
    const lm = new LanguageModel(openLmPack(joinParts(tinyParts())));
    expect(lm.unigram(id('<s>'))).toBeCloseTo(PROB_MIN, 5);
  });

  it('refuses bad magic, a short header, a truncated or missing part, mixed-up parts and corrupt data with a clear error', () => {
    const parts = tinyParts(256);
    const bad = (f: (p: Uint8Array[]) => Uint8Array[] | Uint8Array, msg: RegExp) => {
      const p = parts.map((x) => x.slice());
      const input = f(p);
      expect(() => openLmPack(Array.isArray(input) ? buffers(input) : input)).toThrow(LmPackError);
      expect(() => openLmPack(Array.isArray(input) ? buffers(input) : input)).toThrow(msg);
    };
    bad((p) => ((p[0][0] ^= 0xff), p), /bad magic/);
    bad((p) => p[0].slice(0, 40), /truncated/);
    bad((p) => [p[0], p[1].slice(0, p[1].length - 8), ...p.slice(2)], /part 1 is truncated/);
    bad((p) => p.slice(0, p.length - 1), /parts given/);
    bad((p) => [p[0], p[2], p[1], ...p.slice(3)], /checksum|truncated|outside/);
    bad((p) => ((p[0][80] ^= 1), p), /header checksum/);
    bad((p) => ((p[p.length - 1][0] ^= 0x55), p), /data checksum/);
    bad((p) => joinParts(p).slice(0, joinParts(p).length - 100), /truncated/);
  });
});

describe('context detector (tiny model)', () => {
  const lm = new LanguageModel(openLmPack(joinParts(tinyParts())));
  const rules = withModel(compileRuleset(bundled as unknown as Ruleset), lm);
  const base = rules.rules.find((r) => r.kind === 'context') as ContextRule;
  /** Plain margins (log10) rather than the shipped logistic model, so the expectations follow from the numbers above. */
  const rule: ContextRule = { ...base, weights: undefined, prior: 0.5, pairsBonus: 1, countMargin: 1, showMargin: 2, capsMargin: 1.5, names: true };
  const run = (text: string, r: ContextRule = rule) => {
    const doc = buildDoc({ text });
    return { doc, res: findInContext({ doc, rules } as never, r, new Uint8Array(doc.tokens.length)) };
  };

  it('finds a swapped word whose original the context wants, and gives the original in the case the text used', () => {
    const { res } = run('Patients with kidney disappointment were treated.');
    expect(res.findings.map((f) => [f.text, f.expected])).toEqual([['kidney disappointment were', 'kidney failure were']]);
    expect(res.weighted).toBe(rule.weight);
    const up = run('PATIENTS with Kidney disappointment were treated.').res.findings[0];
    expect(up?.expected).toBe('Kidney failure were');
  });

  it('leaves a sound rare word alone when its own bigrams are attested', () => {
    expect(run('A pernicious effect.').res.evidence).toEqual([]);
  });

  it('does not look inside quotation marks, and needs more of a capitalised word inside a sentence', () => {
    expect(run('He said "with kidney disappointment were treated".').res.evidence).toEqual([]);
    expect(run('Patients with Kidney Disappointment were treated.', { ...rule, names: false }).res.evidence).toEqual([]);
  });

  it('counts weaker evidence without showing it', () => {
    const { res } = run('Patients with kidney disappointment were treated.', { ...rule, showMargin: 50 });
    expect(res.findings).toEqual([]);
    expect(res.evidence.length).toBe(1);
    expect(res.evidence[0].shown).toBe(false);
    expect(res.weighted).toBe(rule.hiddenWeight);
  });

  it('takes the spinners’ own pairs first, and a learnt model decides with its weights', () => {
    const { res } = run('Cancer in ladies.');
    expect(res.findings[0]?.expected).toBe('in women');
    const strict: ContextRule = { ...rule, weights: [-100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
    expect(run('Patients with kidney disappointment were treated.', strict).res.evidence).toEqual([]);
  });

  it('finds nothing without a model (the bundled rule set)', () => {
    const doc = buildDoc({ text: 'Patients with kidney disappointment were treated.' });
    const none = findInContext({ doc, rules: withModel(rules, null) } as never, rule, new Uint8Array(doc.tokens.length));
    expect(none).toEqual({ findings: [], evidence: [], weighted: 0 });
  });
});

describe('the pack in KV', () => {
  afterEach(clearKv);
  const label = (n: string) => `tiny-${n}`;
  const withLm = (lab: string, parts: Uint8Array[]): Ruleset => ({
    ...(bundled as unknown as Ruleset),
    version: `test-lm-${lab}`,
    models: { lm: { label: lab, parts: parts.map((p) => p.length), sha256: '0'.repeat(64) } },
  });
  const put = (rs: Ruleset) => call('/v1/rules', { method: 'PUT', headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' }, body: JSON.stringify(rs) });

  it('PUT takes a rule set whose pack is in KV, and the Worker then serves with the model', async () => {
    const lab = label('put');
    const parts = tinyParts(256, lab);
    await Promise.all(parts.map((p, i) => env.RULES.put(keyForLmPart(lab, i), p)));
    const res = await put(withLm(lab, parts));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { languageModel: { label: string } }).languageModel.label).toBe(lab);
    const active = await activeRules(env.RULES, 0);
    expect(active.origin).toBe('kv');
    expect(active.compiled.lm?.label).toBe(lab);
  });

  it('PUT refuses a rule set whose pack is missing or corrupt (400 invalid_model)', async () => {
    const lab = label('missing');
    const parts = tinyParts(256, lab);
    let res = await put(withLm(lab, parts));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_model', message: expect.stringMatching(/part 0 is missing/) });
    const lab2 = label('corrupt');
    const parts2 = tinyParts(256, lab2);
    const broken = parts2.map((p) => p.slice());
    broken[broken.length - 1][0] ^= 0x55;
    await Promise.all(broken.map((p, i) => env.RULES.put(keyForLmPart(lab2, i), p)));
    res = await put(withLm(lab2, parts2));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/data checksum mismatch/);
  });

  it('reads a pack once for concurrent requests, and again after KV failed to answer', async () => {
    const lab = label('once');
    const parts = tinyParts(256, lab);
    await Promise.all(parts.map((p, i) => env.RULES.put(keyForLmPart(lab, i), p)));
    const m = { label: lab, parts: parts.map((p) => p.length), sha256: '0'.repeat(64) };
    let reads = 0;
    let down = true;
    const kv = {
      get: (key: string, type: 'arrayBuffer') => {
        reads++;
        return down ? Promise.reject(new Error('KV down')) : env.RULES.get(key, type);
      },
    } as unknown as KVNamespace;
    await expect(loadLanguageModel(kv, m)).rejects.toBeInstanceOf(KvUnreachable);
    down = false;
    reads = 0;
    const [a, b] = await Promise.all([loadLanguageModel(kv, m), loadLanguageModel(kv, m)]);
    expect(a).toBe(b);
    expect(a.label).toBe(lab);
    expect(reads).toBe(parts.length);
    await loadLanguageModel(kv, m);
    expect(reads).toBe(parts.length);
  });

  it('a stored set whose pack turns out corrupt falls back to the bundled rules, with the reason', async () => {
    const lab = label('fallback');
    const parts = tinyParts(256, lab);
    const broken = parts.map((p) => p.slice());
    broken[0][0] ^= 0xff;
    await Promise.all(broken.map((p, i) => env.RULES.put(keyForLmPart(lab, i), p)));
    const rs = withLm(lab, parts);
    await env.RULES.put(`ruleset:v:${rs.version}`, JSON.stringify(rs));
    await env.RULES.put('ruleset:active', rs.version);
    const active = await activeRules(env.RULES, 0);
    expect(active.origin).toBe('bundled');
    expect(active.fallbackReason).toMatch(/bad magic/);
    const info = (await (await call('/v1/rules')).json()) as { origin: string; fallbackReason: string; languageModel: unknown };
    expect(info).toMatchObject({ origin: 'bundled', languageModel: null });
  });
});
