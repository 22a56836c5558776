import bundled from '../rules/dist/ruleset.bundled.json';
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


/** A minimal rules/scoring.yaml for tests that build their own rule sets. */
export const SCORING = `signals:
  spin: { weight: 0.6, halfRiskDensity: 6, flagAt: 0.5 }
  boilerplate: { weight: 0.15, halfRiskDensity: 4, flagAt: 0.5 }
  propaganda: { weight: 0.5, halfRiskDensity: 12, flagAt: 0.5 }
  credibility: { weight: 0.6, halfRiskDensity: 1, flagAt: 0.6 }
  language: { weight: 0.2, halfRiskDensity: 1, flagAt: 0.3 }
bands: [{ min: 80, label: reliable }, { min: 0, label: unreliable }]
`;
