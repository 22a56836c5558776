/** GET /v1/rules (public), PUT /v1/rules and POST /v1/rules/rollback (admin). */
import { Hono } from 'hono';
import { withModel, type CompiledRuleset } from '../../core/rules/compiled.ts';
import { encodeRulePack } from '../../core/rules/pack.ts';

async function sha256hex(s: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { readBodyText, rulesLimitOf } from '../middleware/body.ts';
import {
  activeRules, bundledCanonicalSha256, bundledRules, checkInterval, invalidateRuleCache, KEY_ACTIVE, KEY_PREVIOUS, keyForPack, keyForVersion, KvUnreachable, loadLanguageModel, validateRuleset,
} from '../store/rule-store.ts';

export function describe(compiled: CompiledRuleset) {
  const bySignal: Record<string, number> = {};
  for (const r of compiled.rules) bySignal[r.signal] = (bySignal[r.signal] ?? 0) + 1;
  return {
    version: compiled.version,
    rules: compiled.rules.length,
    phrases: compiled.trie.size,
    outlets: compiled.outletCount,
    bySignal,
    packs: compiled.source.packs,
    /** The language model in use (spin in context), or null (bundled copy, or a set without one). */
    languageModel: compiled.lm ? { label: compiled.lm.label, bytes: compiled.lm.pack.totalBytes, words: compiled.lm.pack.vocabSize } : null,
  };
}

function requireKv(kv: KVNamespace | undefined): KVNamespace {
  if (!kv) throw new ApiError(409, 'kv_unavailable', 'No RULES KV namespace is bound to this Worker');
  return kv;
}

async function kvCall<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new ApiError(503, 'kv_unavailable', `Workers KV did not answer: ${String(e)}`);
  }
}

export const rules = new Hono<AppEnv>()
  .get('/', async (c) => {
    const active = await activeRules(c.env.RULES, checkInterval(c.env.RULES_CHECK_INTERVAL_MS));
    let previous: string | null = null;
    try {
      previous = (await c.env.RULES?.get(KEY_PREVIOUS)) ?? null;
    } catch {
      /* KV down: leave it out */
    }
    return c.json({
      ...describe(active.compiled),
      origin: active.origin,
      ...(active.fallbackReason ? { fallbackReason: active.fallbackReason } : {}),
      previous,
    });
  })
  .put('/', adminAuth, async (c) => {
    const kv = requireKv(c.env.RULES);
    const raw = await readBodyText(c, rulesLimitOf(c));
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      throw new ApiError(400, 'malformed_json', `The body is not valid JSON: ${(e as Error).message}`);
    }
    const v = validateRuleset(data);
    if (!v.ok) throw new ApiError(400, 'invalid_ruleset', `The rule set is invalid: ${v.problems[0]}`, v.problems);
    // The language-model pack the set names must already be in KV (npm run rules:push writes it first), whole and sound.
    const lm = v.ruleset.models?.lm;
    let compiled = v.compiled;
    if (lm) {
      try {
        compiled = withModel(compiled, await loadLanguageModel(kv, lm));
      } catch (e) {
        if (e instanceof KvUnreachable) throw new ApiError(503, 'kv_unavailable', (e as Error).message);
        throw new ApiError(400, 'invalid_model', `The rule set names a language-model pack that cannot be used: ${(e as Error).message}`);
      }
    }
    const version = v.ruleset.version;
    const body = JSON.stringify(v.ruleset);
    // Versions are immutable: a stored version (or the bundled one) may only be re-sent unchanged.
    const stored = await kvCall(kv.get(keyForVersion(version), 'text'));
    if ((stored !== null && stored !== body) || (version === bundledRules().version && (await sha256hex(body)) !== bundledCanonicalSha256())) {
      throw new ApiError(409, 'version_conflict', `Version ${version} already exists with other content; rule-set versions are immutable, give the new set a new version`);
    }
    const current = await kvCall(kv.get(KEY_ACTIVE));
    // The pack first (what isolates read), then the source JSON, then the pointer: a reader never sees a version without its pack.
    const packStored = await kvCall(kv.get(keyForPack(version), 'arrayBuffer'));
    if (packStored === null) await kvCall(kv.put(keyForPack(version), encodeRulePack(v.compiled)));
    if (stored === null) await kvCall(kv.put(keyForVersion(version), body));
    if (current !== version) {
      if (current) await kvCall(kv.put(KEY_PREVIOUS, current));
      await kvCall(kv.put(KEY_ACTIVE, version));
    }
    invalidateRuleCache();
    return c.json({ activated: version, previous: current !== version ? current : await kvCall(kv.get(KEY_PREVIOUS)), unchanged: current === version, ...describe(compiled) });
  })
  .post('/rollback', adminAuth, async (c) => {
    const kv = requireKv(c.env.RULES);
    const [current, previous] = await Promise.all([kvCall(kv.get(KEY_ACTIVE)), kvCall(kv.get(KEY_PREVIOUS))]);
    if (!previous) throw new ApiError(409, 'no_previous', 'There is no previous rule set to roll back to');
    const stored = await kvCall(kv.get(keyForVersion(previous), 'text'));
    if (stored === null) throw new ApiError(409, 'no_previous', `The previous rule set ${previous} is no longer stored`);
    await kvCall(kv.put(KEY_ACTIVE, previous));
    if (current) await kvCall(kv.put(KEY_PREVIOUS, current));
    else await kvCall(kv.delete(KEY_PREVIOUS));
    invalidateRuleCache();
    return c.json({ activated: previous, previous: current });
  });
