/** The evaluations' rule-set loader: a built rule set, validated, compiled as the Worker would. */
import { readFileSync } from 'node:fs';
import { compileRuleset, type CompiledRuleset } from '../../src/core/rules/compiled.ts';
import { formatIssues, rulesetSchema, type Ruleset } from '../../src/core/rules/schema.ts';

/** Compiles `file`; one that fails the schema is compiled as it is, with a warning (a draft under evaluation). */
export function loadRules(file: string): CompiledRuleset {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const r = rulesetSchema.safeParse(data);
  if (!r.success) {
    console.warn(`warning: ${file} does not pass the rule-set schema; using it as is:\n  ${formatIssues(r.error).slice(0, 5).join('\n  ')}`);
    return compileRuleset(data as Ruleset);
  }
  return compileRuleset(r.data);
}
