/**
 * Node's rule-set loader, shared by the CLI, the benchmarks and the
 * evaluations: a built rule set, validated and compiled as the Worker does,
 * with its language-model pack read from the file beside it (rules/dist/lm.bin)
 * and opened in place, as the Worker opens the parts it reads from KV.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LanguageModel } from '../core/lm/model.ts';
import { openLmPack } from '../core/lm/pack.ts';
import { compileRuleset, withModel, type CompiledRuleset } from '../core/rules/compiled.ts';
import { formatIssues, rulesetSchema, type Ruleset } from '../core/rules/schema.ts';

export const DEFAULT_RULESET = fileURLToPath(new URL('../../rules/dist/ruleset.json', import.meta.url));
export const DEFAULT_LM = fileURLToPath(new URL('../../rules/dist/lm.bin', import.meta.url));

export interface LoadOptions {
  /** Refuse a set that fails the schema (default); false compiles it as it is, with a warning (a draft under evaluation). */
  strict?: boolean;
  /** Attach the language model the set names (default true). */
  lm?: boolean;
  /** Verify the pack's SHA-256 against the rule set (default false: a full hash of 26 MB costs ~60 ms). */
  verify?: boolean;
}

/** The language-model file of a rule set: `lm.bin` beside it, or NEWSAUDIT_LM. */
export function lmFileFor(rulesFile: string): string {
  return process.env.NEWSAUDIT_LM || join(dirname(rulesFile), 'lm.bin');
}

/** Read and open a pack file; null when the file is missing. Throws LmPackError on a bad pack. */
export function loadLanguageModel(file: string, expect?: NonNullable<Ruleset['models']>['lm'], verify = false): LanguageModel | null {
  if (!existsSync(file)) return null;
  const buf = readFileSync(file);
  if (verify && expect) {
    const sha = createHash('sha256').update(buf).digest('hex');
    if (sha !== expect.sha256) throw new Error(`${file}: SHA-256 ${sha.slice(0, 12)}… is not the rule set's ${expect.sha256.slice(0, 12)}…`);
  }
  const model = new LanguageModel(openLmPack(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)));
  if (expect && model.label !== expect.label) throw new Error(`${file}: pack ${model.label} is not the rule set's ${expect.label} (rebuild with npm run lm:build && npm run rules:build)`);
  return model;
}

export function loadRulesFile(file: string = DEFAULT_RULESET, opts: LoadOptions = {}): CompiledRuleset {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const r = rulesetSchema.safeParse(data);
  let rs: Ruleset;
  if (!r.success) {
    const problems = formatIssues(r.error).slice(0, 10);
    if (opts.strict !== false) throw new Error(`${file}: invalid rule set:\n  ${problems.join('\n  ')}`);
    console.warn(`warning: ${file} does not pass the rule-set schema; using it as is:\n  ${problems.slice(0, 5).join('\n  ')}`);
    rs = data as Ruleset;
  } else rs = r.data;
  const compiled = compileRuleset(rs);
  const want = rs.models?.lm;
  if (opts.lm === false || !want) return compiled;
  const lmFile = lmFileFor(file);
  const model = loadLanguageModel(lmFile, want, opts.verify);
  if (!model) {
    console.warn(`warning: ${lmFile} is missing: spin context detection is off`);
    return compiled;
  }
  return withModel(compiled, model);
}

/** The pack a rule set names, cut into its KV parts (`lm:<label>:<i>`), or null when the set names none or the file is missing. */
export function lmKvParts(rs: Ruleset, rulesFile: string = DEFAULT_RULESET): Array<{ key: string; bytes: Uint8Array }> | null {
  const m = rs.models?.lm;
  const file = lmFileFor(rulesFile);
  if (!m || !existsSync(file)) return null;
  const buf = readFileSync(file);
  let at = 0;
  return m.parts.map((len, i) => {
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset + at, len);
    at += len;
    return { key: `lm:${m.label}:${i}`, bytes };
  });
}
