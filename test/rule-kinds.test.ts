/** Every rule kind and option, through the real pack compiler and analysis pipeline. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/core/analyze.ts';
import { buildRuleset } from '../src/core/rules/build.ts';
import { compileRuleset } from '../src/core/rules/compiled.ts';
import type { Finding } from '../src/core/types.ts';
import { SCORING } from './fixtures.ts';
import { Bloom } from '../src/core/match/bloom.ts';
import type { Ruleset } from '../src/core/rules/schema.ts';

const EMPTY = (signal: string) => `pack: ${signal}\nrules:\n  - { id: none, kind: existence, message: m, tokens: [zzqqxx] }\n`;

/** Compile one pack (plus empty packs for the other signals) and analyse `text`. */
function run(signal: string, pack: string, text: string): Finding[] {
  const files = [{ path: 'scoring.yaml', text: SCORING }];
  for (const s of ['spin', 'boilerplate', 'propaganda', 'credibility']) {
    files.push({ path: `${s}/t.yaml`, text: s === signal ? pack : EMPTY(s) });
  }
  const rules = compileRuleset(buildRuleset(files));
  return analyze({ text }, rules, { origin: 'file' }).findings.filter((f) => f.signal === signal && !f.rule.endsWith('.none'));
}

describe('substitution', () => {
  const pack = `pack: spin
rules:
  - id: sub
    kind: substitution
    message: "'{actual}' for '{expected}'"
    swap: { top minister: prime minister, "white home": white house, final yr: last year }
`;
  it('matches on word boundaries, folds case, and mirrors the case in expected', () => {
    const f = run('spin', pack, 'The TOP MINISTER and the top minister met the Top Minister at the White Home final yr.');
    expect(f.map((x) => [x.text, x.expected])).toEqual([
      ['TOP MINISTER', 'PRIME MINISTER'],
      ['top minister', 'prime minister'],
      ['Top Minister', 'Prime Minister'],
      ['White Home', 'White House'],
      ['final yr', 'last year'],
    ]);
    expect(f[0].message).toBe("'TOP MINISTER' for 'PRIME MINISTER'");
  });
  it('does not match inside words or across punctuation', () => {
    expect(run('spin', pack, 'The desktop ministerial team; the top. Minister; final, yr')).toEqual([]);
  });
});

describe('existence and pattern', () => {
  it('existence matches any listed phrase', () => {
    const pack = `pack: propaganda\nrules:\n  - { id: e, kind: existence, technique: Doubt, message: "doubt: {actual}", tokens: [so-called, "alleged expert"] }\n`;
    const f = run('propaganda', pack, 'The so-called plan and an alleged expert.');
    expect(f.map((x) => [x.text, x.technique])).toEqual([
      ['so-called', 'Doubt'],
      ['alleged expert', 'Doubt'],
    ]);
  });
  it('pattern classes, alternations and optionals', () => {
    const pack = `pack: spin
rules:
  - id: p
    kind: pattern
    expected: last year
    message: "{actual}"
    patterns: ["final <num> months|month", "in? may|march <num>", "( banned in russia|rf )"]
`;
    const f = run('spin', pack, 'It grew final 12 months; the final few months. Held March 5 and in May 2020. ISIS (banned in RF) said.');
    expect(f.map((x) => x.text)).toEqual(['final 12 months', 'March 5', 'in May 2020', '(banned in RF)']);
    expect(f[0].expected).toBe('last year');
  });
});

describe('options: case, context, scope', () => {
  it('case: title requires capitals', () => {
    const pack = `pack: spin\nrules:\n  - { id: c, kind: substitution, case: title, message: m, swap: { could: may } }\n`;
    expect(run('spin', pack, 'It could rain. In Could it rained.').map((x) => x.text)).toEqual(['Could']);
  });
  it('context: before, after, numberBefore, numberAfter (any one suffices)', () => {
    const pack = `pack: spin
rules:
  - id: m
    kind: substitution
    case: title
    message: m
    swap: { could: may }
    context: { before: [in, since], numberAfter: true, numberBefore: true, after: [day] }
`;
    const text = 'Could we? In Could. Since Could. On Could 5. The 5 Could. Could Day. Could he.';
    expect(run('spin', pack, text).map((x) => x.start)).toEqual([text.indexOf('In Could') + 3, text.indexOf('Since Could') + 6, text.indexOf('On Could') + 3, text.indexOf('5 Could') + 2, text.indexOf('Could Day')]);
  });
  it('scope: sentence-start', () => {
    const pack = `pack: propaganda\nrules:\n  - { id: s, kind: existence, scope: sentence-start, technique: Loaded_Language, message: m, tokens: ["obviously ,"] }\n`;
    const f = run('propaganda', pack, 'Obviously, yes. He said obviously, no. "Obviously, maybe."\nObviously, again.');
    expect(f.length).toBe(3);
  });
  it('scope: line claims short lines only and removes them from content.main', () => {
    const pack = `pack: boilerplate\nrules:\n  - { id: l, kind: existence, scope: line, maxLineWords: 6, category: share, message: m, tokens: [share this] }\n`;
    const text = 'Real paragraph one.\nShare this article on Facebook\nWe asked readers to share this story with friends who care about the river.';
    const f = run('boilerplate', pack, text);
    expect(f.map((x) => [x.text, x.category])).toEqual([['Share this article on Facebook', 'share']]);
    const files = [{ path: 'scoring.yaml', text: SCORING }, { path: 'boilerplate/t.yaml', text: pack }, ...['spin', 'propaganda', 'credibility'].map((s) => ({ path: `${s}/t.yaml`, text: EMPTY(s) }))];
    const r = analyze({ text }, compileRuleset(buildRuleset(files)), { origin: 'file' });
    expect(r.content.main).toBe('Real paragraph one.\nWe asked readers to share this story with friends who care about the river.');
  });
});

describe('questions', () => {
  const pack = `pack: propaganda\nrules:\n  - { id: q, kind: questions, technique: Doubt, minWords: 4, maxWords: 6, interviewLines: 3, message: "'{actual}'" }\n`;
  it('reports questions outside quotation marks, cut to their last maxWords words', () => {
    const f = run('propaganda', pack, 'The vote is over. Who could possibly trust the people who counted these ballots? "Who counts the ballots?" she asked. Why?');
    expect(f.map((x) => x.text)).toEqual(['the people who counted these ballots?']);
    expect(f[0].technique).toBe('Doubt');
  });
  it('leaves interviews alone', () => {
    const text = 'Q. What made you run this year at all?\nI wanted to.\nQ. Which issue matters most to you now?\nHousing.\nQ. How will the city pay for it?\nTaxes.';
    expect(run('propaganda', pack, text)).toEqual([]);
    expect(run('propaganda', pack.replace('interviewLines: 3', 'interviewLines: 4'), text)).toHaveLength(3);
  });
});

describe('span: clause and sentence', () => {
  const pack = (span: string) => `pack: propaganda\nrules:\n  - { id: w, kind: existence, span: ${span}, technique: Loaded_Language, message: "'{actual}'", tokens: [brutal, savage] }\n`;
  const text = 'The raid, a brutal and savage act, ended at noon. Nothing else happened.';
  it('match: the words themselves', () => {
    expect(run('propaganda', pack('match'), text).map((x) => x.text)).toEqual(['brutal', 'savage']);
  });
  it('clause: one finding for the clause, naming both triggers', () => {
    const f = run('propaganda', pack('clause'), text);
    expect(f.map((x) => [x.text, x.message])).toEqual([['a brutal and savage act', "'brutal', 'savage'"]]);
  });
  it('sentence: the whole sentence with its full stop', () => {
    expect(run('propaganda', pack('sentence'), text).map((x) => x.text)).toEqual(['The raid, a brutal and savage act, ended at noon.']);
  });
});

describe('repetition', () => {
  const pack = `pack: propaganda\nrules:\n  - { id: rep, kind: repetition, technique: Repetition, minWords: 2, maxWords: 4, minCount: 3, message: "'{actual}' ×{count}" }\n`;
  it('reports a content phrase repeated at least minCount times, longest first', () => {
    const text = 'Stop the steal now. We say stop the steal. Everyone says stop the steal! The weather was fine.';
    const f = run('propaganda', pack, text);
    expect(f.map((x) => x.text.toLowerCase())).toEqual(['stop the steal', 'stop the steal', 'stop the steal']);
    expect(f[0].message).toBe("'Stop the steal' ×3");
    expect(f[0].technique).toBe('Repetition');
  });
  it('ignores function-word phrases and phrases seen twice', () => {
    expect(run('propaganda', pack, 'It is in the. It is in the. It is in the. Green bonds. Green bonds.')).toEqual([]);
  });
  it('counts phrases, not their first words: a shared opening alone is no repetition', () => {
    const text = 'Green bonds rally. Green bonds slump. Green bonds soar. Green energy wins.';
    expect(run('propaganda', pack, text).map((x) => x.text)).toEqual(['Green bonds', 'Green bonds', 'Green bonds']);
  });
  it('minWords 1 reports a single repeated content word', () => {
    const one = `pack: propaganda\nrules:\n  - { id: rep, kind: repetition, minWords: 1, maxWords: 2, minCount: 3, message: "'{actual}'" }\n`;
    const f = run('propaganda', one, 'Traitors left. They are traitors. Such traitors! The rest stayed.');
    expect(f.map((x) => x.text.toLowerCase())).toEqual(['traitors', 'traitors', 'traitors']);
  });
});

describe('pattern groups, prefixes and guards', () => {
  it('{a b|c} groups alternate multi-word sub-patterns, optional with ?', () => {
    const pack = `pack: propaganda\nrules:\n  - { id: g, kind: pattern, message: m, patterns: ["( banned in {russia|the russian federation} )", "{a terrorist|an extremist}? group banned"] }\n`;
    const f = run('propaganda', pack, 'X (banned in Russia) and Y (banned in the Russian Federation). A terrorist group banned it; the group banned it.');
    expect(f.map((x) => x.text)).toEqual(['(banned in Russia)', '(banned in the Russian Federation)', 'A terrorist group banned', 'group banned']);
  });
  it('word* matches any word with that prefix (inflected forms)', () => {
    const pack = `pack: propaganda\nrules:\n  - { id: p, kind: pattern, message: m, patterns: ["признан* иноагент*"] }\n`;
    const f = run('propaganda', pack, 'Издание, признанное иноагентом, и журналист, признанный иноагентом.');
    expect(f.map((x) => x.text)).toEqual(['признанное иноагентом', 'признанный иноагентом']);
  });
  it('notBefore / notAfter veto a match; sentenceStart is a positive condition', () => {
    const pack = `pack: spin\nrules:\n  - { id: n, kind: substitution, message: m, swap: { final week: last week }, context: { notBefore: [the], notAfter: [of] } }\n  - { id: s, kind: substitution, message: m, swap: { final 12 months: last year }, context: { sentenceStart: true, before: [the] } }\n`;
    const f = run('spin', pack, 'It rose final week. In the final week it fell. The final week of May. Final 12 months, sales fell. In final 12 months nothing.');
    expect(f.map((x) => x.text)).toEqual(['final week', 'Final 12 months']);
  });
  it('case: first needs only the first word capitalised', () => {
    const pack = `pack: spin\nrules:\n  - { id: f, kind: substitution, case: first, message: m, swap: { west financial institution: west bank } }\n`;
    const f = run('spin', pack, 'In the West Financial institution and the west financial institution.');
    expect(f.map((x) => [x.text, x.expected])).toEqual([['West Financial institution', 'West bank']]);
  });
  it('minLineCoverage: a line rule must cover most of the line', () => {
    const pack = `pack: boilerplate\nrules:\n  - { id: c, kind: existence, scope: line, maxLineWords: 8, minLineCoverage: 0.6, category: related, message: m, tokens: [read more] }\n`;
    expect(run('boilerplate', pack, 'Read more\nRead more about the new bridge here\nRead more »').map((x) => x.text)).toEqual(['Read more', 'Read more »']);
  });
  it('rejects nested or unbalanced groups and short prefixes', () => {
    for (const bad of ['{a {b}}', '{a b', 'a }', 'ab* c', '{}']) {
      expect(() => run('spin', `pack: spin\nrules:\n  - { id: x, kind: pattern, message: m, patterns: ["${bad}"] }\n`, 'x')).toThrow();
    }
  });
});

describe('line breaks', () => {
  it('a phrase never spans a line break', () => {
    const pack = `pack: spin\nrules:\n  - { id: sub, kind: substitution, message: m, swap: { top minister: prime minister } }\n`;
    expect(run('spin', pack, 'The Top\nMinister. The Top Minister.').map((x) => x.text)).toEqual(['Top Minister']);
  });
});

describe('frames: spin beyond the listed fingerprints', () => {
  const pack = `pack: spin
rules:
  - { id: list, kind: substitution, message: m, swap: { demise toll: death toll, top minister: prime minister, trade warfare: trade war }, weight: 1 }
  - { id: known, kind: substitution, message: m, swap: { zzz certificate: death certificate, zzz penalty: death penalty, zzz warfare: trade deal }, weight: 1 }
  - { id: frames, kind: frames, message: "'{actual}' for '{expected}'" }
`;
  it('finds a known phrase with a learnt spinner synonym in one slot, with the expected wording', () => {
    const f = run('spin', pack, 'The Demise Certificate was signed. He faces the demise penalty. The demise toll rose.');
    expect(f.map((x) => [x.rule, x.text, x.expected])).toEqual([
      ['spin.frames', 'Demise Certificate', 'Death Certificate'],
      ['spin.frames', 'demise penalty', 'death penalty'],
      ['spin.list', 'demise toll', 'death toll'],
    ]);
  });
  it('does not report the known phrase itself, nor across punctuation or line breaks', () => {
    expect(run('spin', pack, 'The death certificate was signed. Demise, certificate. Demise\ncertificate.')).toEqual([]);
  });
});

describe('pairs: single swapped words', () => {
  /** A rule set with one pairs rule and hand-made pairs data. */
  function pairsRules(): ReturnType<typeof compileRuleset> {
    const files = [{ path: 'scoring.yaml', text: SCORING }];
    for (const sig of ['boilerplate', 'propaganda', 'credibility']) files.push({ path: `${sig}/t.yaml`, text: EMPTY(sig) });
    files.push({ path: 'spin/t.yaml', text: `pack: spin\nrules:\n  - { id: pairs, kind: pairs, message: "'{actual}' for '{expected}'" }\n` });
    const rs: Ruleset = buildRuleset(files);
    const genuine = Bloom.forItems(10);
    for (const g of ['demise of', 'final round']) genuine.add(g);
    const strong = Bloom.forItems(10);
    for (const g of ['death toll', 'last year', 'central bank']) strong.add(g);
    rs.spinPairs = { genuine: genuine.toJSON(), strong: strong.toJSON(), synonyms: 'demise\tdeath\nfinal\tlast,concluding\nfinancial\tcentral' };
    return compileRuleset(rs);
  }
  const spins = (text: string) => analyze({ text }, pairsRules(), { origin: 'file' }).findings.filter((f) => f.signal === 'spin');
  it('reports an unseen pair whose swapped word restores a strong collocation, either side', () => {
    const f = spins('Demise toll rose final year. The bank raised rates.');
    expect(f.map((x) => [x.text, x.expected])).toEqual([
      ['Demise toll', 'Death toll'],
      ['final year', 'last year'],
    ]);
  });
  it('leaves capitalised words inside a sentence alone (names and products)', () => {
    expect(spins('The Demise toll rose. A Final year.')).toEqual([]);
    expect(spins('The demise toll rose.').map((x) => x.expected)).toEqual(['death toll']);
  });
  it('Bloom.hasPair answers as has() on the joined pair', () => {
    const b = Bloom.forItems(50, 0.001);
    for (const g of ['death toll', 'last year', 'café crème']) b.add(g);
    expect(b.hasPair('death', 'toll')).toBe(true);
    expect(b.hasPair('café', 'crème')).toBe(true);
    for (const [x, y] of [['death', 'tol'], ['deat', 'htoll'], ['last', 'years'], ['toll', 'death']]) expect(b.hasPair(x, y)).toBe(b.has(`${x} ${y}`));
  });
  it('stays quiet on pairs seen in genuine text and on pairs with no strong original', () => {
    expect(spins('The demise of the party. The final round. A final decision.')).toEqual([]);
  });
});
