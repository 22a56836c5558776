/** The CLI in Node: same core, same report; stdin; several files with a progress bar; bad usage. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'bin/newsaudit.mjs');

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('newsaudit CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsaudit-cli-'));
  const a = join(dir, 'a.txt');
  const b = join(dir, 'b.html');
  writeFileSync(a, 'The Top Minister met the Protection Secretary on Monday to discuss the budget.\nLeave a Reply');
  writeFileSync(b, '<html><head><title>B</title></head><body><p>The White Home said on Monday that talks would continue next week.</p></body></html>');

  it('prints the v1 report for one file', () => {
    const r = cli(['score', a]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.findings.filter((f: { signal: string }) => f.signal === 'spin').map((f: { expected: string }) => f.expected)).toEqual(['Prime Minister', 'Defense Secretary']);
    expect(report.ruleset.origin).toBe('file');
    expect(report.content.main).not.toContain('Leave a Reply');
  });

  it('reads stdin with -', () => {
    const r = cli(['score', '-'], 'The Top Minister spoke.');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).findings[0].expected).toBe('Prime Minister');
  });

  it('scores several files as JSON Lines, HTML by extension, with a progress bar on demand', () => {
    const r = cli(['score', '--progress', a, b]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([a, b]);
    expect(lines[1].content.title).toBe('B');
    expect(lines[1].findings[0].expected).toBe('White House');
    expect(r.err).toMatch(/\[#+\] 2\/2/);
  });

  it('--summary prints one line per file', () => {
    const r = cli(['score', '--summary', '--no-progress', a, b]);
    expect(r.out.trim().split('\n')).toHaveLength(2);
    expect(r.out).toMatch(/flagged: .*spin/);
  });

  it('exits 2 with usage on bad arguments and 1 on a missing file', () => {
    expect(cli([]).code).toBe(2);
    expect(cli(['score']).err).toMatch(/usage: newsaudit score/);
    expect(cli(['score', '--bogus', a]).code).toBe(2);
    const missing = cli(['score', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.txt/);
  });
});
