/** The evaluations' rule-set loader: a built rule set, validated, compiled as the Worker would, with its language model. */
import type { CompiledRuleset } from '../../src/core/rules/compiled.ts';
import { loadRulesFile } from '../../src/node/rules.ts';

/** Compiles `file`; one that fails the schema is compiled as it is, with a warning (a draft under evaluation). */
export function loadRules(file: string, opts: { lm?: boolean } = {}): CompiledRuleset {
  return loadRulesFile(file, { strict: false, lm: opts.lm });
}
