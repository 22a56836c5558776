/**
 * `newsaudit jobs …` as a user runs it, against a stand-in of the API on
 * loopback (the Worker's side of jobs is tested in test/jobs.test.ts, and
 * against npm start by hand: README "Bulk scoring: jobs"). Checks what the CLI
 * sends (NDJSON items from text, HTML and NDJSON files; the API key), the
 * progress bar with --wait, results to stdout, and errors.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'bin/newsaudit.mjs');

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: repo, env: { ...process.env, NEWSAUDIT_API: '', NEWSAUDIT_API_KEY: '', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

describe('newsaudit jobs', () => {
  let server: Server;
  let api: string;
  const seen: { method: string; url: string; auth?: string; type?: string; body: string }[] = [];
  let polls = 0;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await bodyOf(req);
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, type: req.headers['content-type'], body });
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      if (req.method === 'POST' && req.url!.startsWith('/v1/jobs')) {
        const total = body.split('\n').filter(Boolean).length;
        return json(202, { id: 'job-0123', status: 'queued', total });
      }
      if (req.url === '/v1/jobs/job-0123') {
        polls++;
        return json(200, { id: 'job-0123', status: polls >= 3 ? 'done' : 'running', total: 3, done: Math.min(3, polls), failed: 0 });
      }
      if (req.url === '/v1/jobs/job-0123/results') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-job-status': 'done' });
        return res.end('{"id":"a","report":{"score":80}}\n{"id":"b","report":{"score":70}}\n');
      }
      return json(404, { error: { code: 'job_not_found', message: 'No job' } });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    api = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const dir = mkdtempSync(join(tmpdir(), 'newsaudit-jobs-'));
  const txt = join(dir, 'a.txt');
  const html = join(dir, 'b.html');
  const nd = join(dir, 'more.ndjson');
  writeFileSync(txt, 'The council voted on Tuesday.');
  writeFileSync(html, '<p>The mayor said so.</p>');
  writeFileSync(nd, '{"id":"x1","url":"https://example.com/a"}\n\n{"text":"Another one."}\n');

  it('submit sends the files as NDJSON items with the API key, and prints {id, status, total}', async () => {
    const r = await cli(['jobs', 'submit', txt, html, nd, '--api', api, '--key', 'na_test', '--content', 'none']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ id: 'job-0123', status: 'queued', total: 4 });
    const post = seen.find((s) => s.method === 'POST')!;
    expect(post.url).toBe('/v1/jobs?content=none');
    expect(post.type).toBe('application/x-ndjson');
    expect(post.auth).toBe('Bearer na_test');
    expect(post.body.split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual([
      { id: txt, text: 'The council voted on Tuesday.' },
      { id: html, html: '<p>The mayor said so.</p>' },
      { id: 'x1', url: 'https://example.com/a' },
      { text: 'Another one.' },
    ]);
  });

  it('status --wait shows a progress bar until done; results streams the NDJSON to stdout', async () => {
    polls = 0;
    const s = await cli(['jobs', 'status', 'job-0123', '--wait'], { NEWSAUDIT_API: api });
    expect(s.code, s.err).toBe(0);
    expect(s.err).toMatch(/\[#+-*\] 1\/3 running/);
    expect(s.err).toMatch(/\[#{30}\] 3\/3 done/);
    expect(JSON.parse(s.out)).toMatchObject({ status: 'done', done: 3 });
    const r = await cli(['jobs', 'results', 'job-0123', '--api', api]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).map((l) => JSON.parse(l).id)).toEqual(['a', 'b']);
  });

  it('reports API errors and bad usage', async () => {
    const r = await cli(['jobs', 'status', 'job-nope', '--api', api]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('404 job_not_found');
    expect((await cli(['jobs', 'submit'])).code).toBe(2);
    const down = await cli(['jobs', 'status', 'x', '--api', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.err).toContain('cannot reach');
  });
});
