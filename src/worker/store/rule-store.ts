/**
 * The active rule set, from Workers KV with an isolate cache and a bundled fallback.
 *
 * KV layout:
 *   ruleset:active     → version string of the active set
 *   ruleset:previous   → version that `rollback` returns to
 *   ruleset:v:<ver>    → compiled rule set JSON (what `npm run rules:build` writes): the source,
 *                        kept for rollback and for PUT's immutability check
 *   rulepack:<ver>     → the same set as a binary rule pack (src/core/rules/pack.ts), read as an
 *                        ArrayBuffer and opened in place: no JSON parse, no validation, no index build
 *
 *   lm:<label>:<part> → the language-model pack a rule set names (`models.lm`),
 *                        in parts of at most 24 MiB, read as ArrayBuffers and
 *                        opened in place (src/core/lm/pack.ts)
 *
 * Each isolate keeps the opened pack and re-reads the pointer at most once
 * per interval (default a minute). A version stored without a pack (pushed
 * before packs existed) is validated and compiled from its JSON, the slow way. When KV is empty, unreachable, or holds
 * something that does not validate or compile, or a language-model pack that
 * is missing, truncated or corrupt, the copy bundled at build time serves,
 * and `ruleset.origin` says `bundled`.
 */
import bundledPack from '../../../rules/dist/ruleset.bundled.pack';
import { LanguageModel } from '../../core/lm/model.ts';
import { openLmPack } from '../../core/lm/pack.ts';
import { compileRuleset, withModel, type CompiledRuleset } from '../../core/rules/compiled.ts';
import { openRulePack, RulePackError } from '../../core/rules/pack.ts';
import { formatIssues, rulesetSchema, type Ruleset } from '../../core/rules/schema.ts';

export const KEY_ACTIVE = 'ruleset:active';
export const KEY_PREVIOUS = 'ruleset:previous';
export const keyForVersion = (v: string) => `ruleset:v:${v}`;
export const keyForPack = (v: string) => `rulepack:${v}`;
export const keyForLmPart = (label: string, part: number) => `lm:${label}:${part}`;
export const DEFAULT_CHECK_INTERVAL_MS = 60_000;

export interface ActiveRules {
  compiled: CompiledRuleset;
  origin: 'kv' | 'bundled';
  /** Why the bundled copy serves, when it does. */
  fallbackReason?: string;
}

interface CacheEntry extends ActiveRules {
  pointer: string | null;
  checkedAt: number;
}

/**
 * The bundled copy: the build's pack of the core rules (rules/dist/ruleset.bundled.pack), validated
 * when it was built and opened in place here, at isolate start-up.
 */
const bundled: CompiledRuleset = openRulePack(new Uint8Array(bundledPack));
let cache: CacheEntry | undefined;

export function bundledRules(): CompiledRuleset {
  return bundled;
}

/** SHA-256 (hex) of the bundled set's canonical JSON (as PUT would store it), for the immutability check. */
export function bundledCanonicalSha256(): string | undefined {
  return bundled.canonicalSha256;
}

/** Forget the cached set (after an admin change in this isolate, or in tests). */
export function invalidateRuleCache(): void {
  cache = undefined;
}

export type ValidationResult = { ok: true; ruleset: Ruleset; compiled: CompiledRuleset } | { ok: false; problems: string[] };

/** Validate (schema) and compile (patterns) a rule set from untrusted JSON. */
export function validateRuleset(data: unknown): ValidationResult {
  const r = rulesetSchema.safeParse(data);
  if (!r.success) return { ok: false, problems: formatIssues(r.error).slice(0, 50) };
  try {
    return { ok: true, ruleset: r.data, compiled: compileRuleset(r.data) };
  } catch (e) {
    const problems = (e as { problems?: string[] }).problems ?? [(e as Error).message];
    return { ok: false, problems: problems.slice(0, 50) };
  }
}

type LmManifest = NonNullable<Ruleset['models']>['lm'];
/** Opened language models by label: a pack is read once per isolate, whichever rule-set versions name it. */
const models = new Map<string, Promise<LanguageModel>>();

/** KV did not answer while a pack was read (as opposed to a pack that is missing or unsound). */
export class KvUnreachable extends Error {}

/**
 * Read and open the pack a rule set names, once per isolate: concurrent requests share one read
 * (two copies of 26 MB would crowd the isolate's memory). Throws with a clear message when a part
 * is missing, short or corrupt, and KvUnreachable when KV does not answer.
 */
export function loadLanguageModel(kv: KVNamespace, m: LmManifest): Promise<LanguageModel> {
  let p = models.get(m.label);
  if (!p) {
    p = readLanguageModel(kv, m);
    // One pack at a time per isolate: a new version replaces the old one; a failed read is retried next time.
    models.clear();
    models.set(m.label, p);
    p.catch(() => models.delete(m.label));
  }
  return p;
}

async function readLanguageModel(kv: KVNamespace, m: LmManifest): Promise<LanguageModel> {
  let parts: Array<ArrayBuffer | null>;
  try {
    parts = await Promise.all(m.parts.map((_, i) => kv.get(keyForLmPart(m.label, i), 'arrayBuffer')));
  } catch (e) {
    throw new KvUnreachable(`language-model pack ${m.label}: KV did not answer: ${String(e)}`);
  }
  parts.forEach((part, i) => {
    if (part === null) throw new Error(`language-model pack ${m.label}: part ${i} is missing from KV`);
    if (part.byteLength !== m.parts[i]) throw new Error(`language-model pack ${m.label}: part ${i} has ${part.byteLength} bytes, the rule set says ${m.parts[i]}`);
  });
  const model = new LanguageModel(openLmPack(parts as ArrayBuffer[]));
  if (model.label !== m.label) throw new Error(`language-model pack ${m.label}: the parts hold pack ${model.label}`);
  return model;
}

function fallback(pointer: string | null, reason: string, now: number): CacheEntry {
  return { compiled: bundledRules(), origin: 'bundled', fallbackReason: reason, pointer, checkedAt: now };
}

/** KV did not answer: keep serving what the isolate had (retrying after the interval), else the bundled copy. */
function unreachable(e: unknown, pointer: string | null, now: number): CacheEntry {
  console.warn(JSON.stringify({ msg: 'rules: KV unreachable', error: String(e) }));
  return cache ? { ...cache, checkedAt: now } : fallback(pointer, 'KV unreachable', now);
}

export async function activeRules(kv: KVNamespace | undefined, intervalMs = DEFAULT_CHECK_INTERVAL_MS): Promise<CacheEntry> {
  const now = Date.now();
  if (cache && now - cache.checkedAt < intervalMs) return cache;
  if (!kv) return (cache = fallback(null, 'no RULES binding', now));
  let pointer: string | null;
  try {
    pointer = await kv.get(KEY_ACTIVE);
  } catch (e) {
    return (cache = unreachable(e, null, now));
  }
  if (!pointer) return (cache = fallback(null, 'KV holds no active rule set', now));
  if (cache && cache.pointer === pointer && cache.origin === 'kv') return (cache = { ...cache, checkedAt: now });
  // Versions are immutable (PUT refuses to change a stored version, including the
  // bundled one), so KV pointing at the bundled version needs no fetch and no compile.
  if (pointer === bundled.version) return (cache = { compiled: bundled, origin: 'kv', pointer, checkedAt: now });
  let compiled: CompiledRuleset;
  let pack: ArrayBuffer | null;
  try {
    pack = await kv.get(keyForPack(pointer), 'arrayBuffer');
  } catch (e) {
    return (cache = unreachable(e, pointer, now));
  }
  if (pack !== null) {
    try {
      compiled = openRulePack(new Uint8Array(pack));
      if (compiled.version !== pointer) throw new RulePackError(`it holds version ${compiled.version}`);
    } catch (e) {
      console.warn(JSON.stringify({ msg: 'rules: KV rule pack unusable', version: pointer, error: String(e) }));
      return (cache = fallback(pointer, `KV rule pack ${pointer} is unusable: ${(e as Error).message}`, now));
    }
  } else {
    // A version pushed without a pack: validate and compile its JSON (slow; PUT it again to store its pack).
    let raw: string | null;
    try {
      raw = await kv.get(keyForVersion(pointer), 'text');
    } catch (e) {
      return (cache = unreachable(e, pointer, now));
    }
    if (raw === null) return (cache = fallback(pointer, `active version ${pointer} is missing from KV`, now));
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      console.warn(JSON.stringify({ msg: 'rules: KV rule set is not JSON', version: pointer }));
      return (cache = fallback(pointer, `KV rule set ${pointer} is not valid JSON`, now));
    }
    const v = validateRuleset(data);
    if (!v.ok) {
      console.warn(JSON.stringify({ msg: 'rules: KV rule set invalid', version: pointer, problems: v.problems.slice(0, 5) }));
      return (cache = fallback(pointer, `KV rule set ${pointer} is invalid: ${v.problems[0]}`, now));
    }
    compiled = v.compiled;
  }
  const lm = compiled.source.models?.lm;
  if (lm) {
    try {
      compiled = withModel(compiled, await loadLanguageModel(kv, lm));
    } catch (e) {
      if (e instanceof KvUnreachable) return (cache = unreachable(e, pointer, now));
      const reason = (e as Error).message;
      console.warn(JSON.stringify({ msg: 'rules: language-model pack unusable', version: pointer, error: reason }));
      return (cache = fallback(pointer, `KV rule set ${pointer}: ${reason}`, now));
    }
  }
  return (cache = { compiled, origin: 'kv', pointer, checkedAt: now });
}

export function checkInterval(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : DEFAULT_CHECK_INTERVAL_MS;
}
