import bundled from '../rules/dist/ruleset.json';
import type { Ruleset } from '../src/core/rules/schema.ts';

/** A rule set that differs from the bundled one by one spin rule that fires on "zorbleflax". */
export function customRuleset(version = 'test-custom-1'): Ruleset {
  const rs = structuredClone(bundled) as Ruleset;
  rs.version = version;
  rs.rules.push({
    kind: 'substitution', id: 'test-word', ruleId: 'spin.test-word', signal: 'spin', file: 'spin/test.yaml',
    level: 'warning', message: "'{actual}' → '{expected}'", weight: 1, case: 'any', scope: 'any', maxLineWords: 30, minLineCoverage: 0,
    swap: { zorbleflax: 'original wording' },
  } as Ruleset['rules'][number]);
  return rs;
}

