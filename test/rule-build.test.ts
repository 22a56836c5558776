/** A broken pack fails the build with a message naming the file and the entry. */
import { describe, expect, it } from 'vitest';
import { buildRuleset, RuleBuildError, type SourceFile } from '../src/core/rules/build.ts';
import { SCORING } from './fixtures.ts';

const ok = (s: string) => `pack: ${s}\nrules:\n  - { id: ok, kind: existence, message: m, tokens: [zzqq] }\n`;

function files(extra: SourceFile[]): SourceFile[] {
  const base: SourceFile[] = [{ path: 'scoring.yaml', text: SCORING }];
  for (const s of ['spin', 'boilerplate', 'propaganda', 'credibility']) base.push({ path: `${s}/ok.yaml`, text: ok(s) });
  return [...base, ...extra];
}

function problems(extra: SourceFile[]): string[] {
  try {
    buildRuleset(files(extra));
  } catch (e) {
    expect(e).toBeInstanceOf(RuleBuildError);
    return (e as RuleBuildError).problems;
  }
  throw new Error('build did not fail');
}

describe('rule build errors', () => {
  it('builds a valid set with a stable, content-derived version', () => {
    const a = buildRuleset(files([]), { versionPrefix: 't' });
    const b = buildRuleset(files([]), { versionPrefix: 't' });
    expect(a.version).toMatch(/^t-[0-9a-f]{12}$/);
    expect(b.version).toBe(a.version);
    const c = buildRuleset(files([{ path: 'spin/x.yaml', text: ok('spin').replace('id: ok', 'id: other') }]), { versionPrefix: 't' });
    expect(c.version).not.toBe(a.version);
  });
  it('unknown kind, with file and rule id', () => {
    const p = problems([{ path: 'spin/bad.yaml', text: 'pack: spin\nrules:\n  - { id: r1, kind: regex, message: m, pattern: "a+" }\n' }]);
    expect(p.join('\n')).toMatch(/spin\/bad\.yaml: rules\[0\].*\(rule "r1"\)/);
  });
  it('missing message and bad level', () => {
    const p = problems([{ path: 'spin/bad.yaml', text: 'pack: spin\nrules:\n  - { id: r2, kind: existence, level: fatal, tokens: [a] }\n' }]);
    expect(p.some((x) => x.includes('spin/bad.yaml') && x.includes('rules[0].message') && x.includes('"r2"'))).toBe(true);
    expect(p.some((x) => x.includes('rules[0].level'))).toBe(true);
  });
  it('a technique name must be one of the 14 PTC names, spelled as there', () => {
    const p = problems([{ path: 'propaganda/bad.yaml', text: 'pack: propaganda\nrules:\n  - { id: t1, kind: existence, technique: Loaded Language, message: m, tokens: [a] }\n' }]);
    expect(p.join('\n')).toMatch(/propaganda\/bad\.yaml: rules\[0\]\.technique \(rule "t1"\): technique must be one of: Appeal_to_Authority/);
  });
  it('unknown fields are refused (typos do not pass silently)', () => {
    const p = problems([{ path: 'spin/bad.yaml', text: 'pack: spin\nrules:\n  - { id: r3, kind: existence, message: m, token: [a] }\n' }]);
    expect(p.join('\n')).toMatch(/spin\/bad\.yaml/);
  });
  it('bad pattern syntax names the phrase', () => {
    const p = problems([{ path: 'spin/bad.yaml', text: 'pack: spin\nrules:\n  - { id: r4, kind: pattern, message: m, patterns: ["<nope> minister"] }\n' }]);
    expect(p.join('\n')).toMatch(/spin\/bad\.yaml: rule spin\.r4: phrase "<nope> minister": unknown class <nope>/);
  });
  it('patterns that expand too far or match only classes', () => {
    const p = problems([
      { path: 'spin/bad.yaml', text: `pack: spin\nrules:\n  - { id: r5, kind: pattern, message: m, patterns: ["${Array(9).fill('a|b').join(' ')}", "<num> <word>"] }\n` },
    ]);
    expect(p.join('\n')).toMatch(/more than 256 sequences/);
    expect(p.join('\n')).toMatch(/at least one literal word/);
  });
  it('duplicate ids, pack/folder mismatch, YAML syntax errors', () => {
    const p = problems([
      { path: 'spin/dup.yaml', text: ok('spin') },
      { path: 'spin/wrong.yaml', text: ok('propaganda').replace('id: ok', 'id: w') },
      { path: 'boilerplate/broken.yaml', text: 'pack: boilerplate\nrules: [\n' },
    ]);
    const all = p.join('\n');
    expect(all).toMatch(/spin\/(dup|ok)\.yaml: rule "ok": id spin\.ok already defined in spin\/(dup|ok)\.yaml/);
    expect(all).toMatch(/spin\/wrong\.yaml: pack "propaganda" is in folder "spin\/"/);
    expect(all).toMatch(/boilerplate\/broken\.yaml: cannot parse/);
  });
  it('examples that do not behave fail the build', () => {
    const p = problems([
      {
        path: 'spin/ex.yaml',
        text: 'pack: spin\nrules:\n  - id: ex\n    kind: substitution\n    message: m\n    swap: { top minister: prime minister }\n    examples: { match: ["The Prime Minister."], nomatch: ["The Top Minister."] }\n',
      },
    ]);
    expect(p.join('\n')).toMatch(/spin\/ex\.yaml: rule "ex": example does not match: "The Prime Minister\."/);
    expect(p.join('\n')).toMatch(/spin\/ex\.yaml: rule "ex": nomatch example matches: "The Top Minister\."/);
  });
  it('missing scoring file and missing packs', () => {
    try {
      buildRuleset([{ path: 'spin/ok.yaml', text: ok('spin') }]);
      throw new Error('no failure');
    } catch (e) {
      const all = (e as RuleBuildError).problems.join('\n');
      expect(all).toMatch(/scoring\.yaml: missing/);
      expect(all).toMatch(/propaganda\/: no rule pack/);
    }
  });
});
