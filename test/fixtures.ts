import bundled from '../rules/dist/ruleset.bundled.json';
import type { Ruleset } from '../src/core/rules/schema.ts';

/** A rule set that differs from the bundled one by one spin rule that fires on "zorbleflax". */
export function customRuleset(version = 'test-custom-1'): Ruleset {
  const rs = structuredClone(bundled) as Ruleset;
  rs.version = version;
  rs.rules.push({
    kind: 'substitution', id: 'test-word', ruleId: 'spin.test-word', signal: 'spin', file: 'spin/test.yaml',
    level: 'warning', message: "'{actual}' → '{expected}'", weight: 1, case: 'any', scope: 'any', maxLineWords: 30, minLineCoverage: 0, span: 'match',
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

/**
 * Genuine excerpts: Wikinews, the free news source (en.wikinews.org), CC BY 2.5, first
 * paragraphs, reformatted: "Catalonia apartment block fire kills three, injures sixteen" and
 * "President Trump says he 'can' and 'may' put US into state of emergency to build border wall".
 */
export const GENUINE = [
  `An apartment block caught fire on Saturday morning in Badalona, a Catalonian city around ten kilometres from Barcelona. The blaze killed three, including a 92-year-old woman, and injured sixteen, including a baby. The fire service indicated on Twitter the baby girl was critically ill, while two adults were seriously injured. Local authorities indicated the most seriously injured adults escaped alive by leaping from windows to flee the ten-storey building. As of yesterday, no cause had yet been released for the fire by authorities in the Mediterranean coastal town. Firefighters put the fire out on Saturday and were subsequently pictured searching the charred apartments. Windows were broken out on multiple floors, with soot coating the outside of the structure.`,
  `United States President Donald Trump said on Friday he can and may declare a national state of emergency, which he said would allow him to act without approval from Congress and allocate funding for the construction of a wall along the country's border with Mexico. The US government is currently partially shut down because the president and Congress could not agree on a national budget. The President insists that the budget include funding for the wall, which was one of his campaign promises, but Congress has not passed his proposed budget. Trump said on Friday "I can do it [call a national emergency] if I want. I may do it." Trump also said that he would prefer to agree a deal with Congress.`,
];

/** Written for this test in the style of article-spinner output. */
export const SPUN = [
  // Heavy spinning, as content farms publish it.
  `The Top Minister mentioned on Tuesday that the demise toll from the floods had risen to 41, according to native officers. Speaking at a press convention in the capital, he said the federal government would launch an emergency fund, and that the central financial institution would cut interest rates subsequent month. The Protection Secretary, who visited the affected areas final week, told reporters that troops had rescued more than 300 people. The Supreme Courtroom is expected to rule on the local weather change case later this 12 months, and the White Home has promised help. Critics said the response came too late for many villages.`,
  // About one spun word in fifteen.
  `The city council voted on Tuesday to approve a new budget for public transport after a debate that lasted more than six hours, the White Home of the regional government said. The plan adds bus routes in the northern districts and extends the evening service on three tram lines, which final yr carried fewer passengers than planned. Council members who supported the plan said it would cut travel times for thousands of workers. Opponents argued that the money should go to road repairs, which the Supreme Courtroom ordered in 2019. The mayor said the first routes would start in Could, and the demise toll on the roads would fall.`,
];

