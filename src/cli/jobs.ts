/**
 * newsaudit jobs: bulk scoring through a running Worker (POST /v1/jobs).
 *
 *   newsaudit jobs submit FILE... [--wait] [--content full|main|none]   one item per text or HTML file,
 *                                                                       one per line of an .ndjson/.jsonl file
 *   newsaudit jobs status ID
 *   newsaudit jobs results ID > out.ndjson
 * Options: --api URL (default $NEWSAUDIT_API or http://127.0.0.1:8787, i.e. npm start),
 *          --key KEY (default $NEWSAUDIT_API_KEY), --wait (poll with a progress bar on stderr until done;
 *          with submit, then print the results), --no-progress.
 */
import { readFileSync } from 'node:fs';

export const JOBS_USAGE = `usage: newsaudit jobs submit FILE... [--wait] [--content full|main|none]
       newsaudit jobs status ID [--wait]
       newsaudit jobs results ID > out.ndjson
options:
  --api URL        the Worker (default $NEWSAUDIT_API or http://127.0.0.1:8787)
  --key KEY        API key (default $NEWSAUDIT_API_KEY), sent as Authorization: Bearer KEY
  --wait           poll until the job is done, with a progress bar on stderr (submit: then print the results)
  --content MODE   full | main | none: the echoed texts in each report (default full)
  --no-progress    no progress bar
files: .ndjson / .jsonl hold one item a line ({"id"?, "text"|"html"|"url", "title"?, "lang"?});
       .html / .htm files are HTML; anything else is plain text. A file's item id is its path.`;

interface JobsOptions {
  cmd: string;
  args: string[];
  api: string;
  key?: string;
  wait: boolean;
  content?: string;
  progress: boolean;
}

interface JobView {
  id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
}

export function parseJobsArgs(argv: string[]): JobsOptions {
  const o: JobsOptions = { cmd: argv[0] ?? '', args: [], api: process.env.NEWSAUDIT_API ?? 'http://127.0.0.1:8787', key: process.env.NEWSAUDIT_API_KEY, wait: false, progress: true };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--api': o.api = value(); break;
      case '--key': o.key = value(); break;
      case '--wait': o.wait = true; break;
      case '--content': o.content = value(); break;
      case '--no-progress': o.progress = false; break;
      case '-h': case '--help': throw new Error(JOBS_USAGE);
      default:
        if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${JOBS_USAGE}`);
        o.args.push(a);
    }
  }
  const need = o.cmd === 'submit' ? o.args.length >= 1 : ['status', 'results'].includes(o.cmd) && o.args.length === 1;
  if (!need) throw new Error(JOBS_USAGE);
  o.api = o.api.replace(/\/+$/, '');
  return o;
}

/** The NDJSON body of a job from files. */
export function itemsOf(files: string[]): string {
  const lines: string[] = [];
  for (const file of files) {
    const raw = readFileSync(file, 'utf8');
    if (/\.(ndjson|jsonl)$/i.test(file)) {
      for (const line of raw.split('\n')) if (line.trim() !== '') lines.push(line.replace(/\r$/, ''));
    } else if (/\.x?html?$/i.test(file)) {
      lines.push(JSON.stringify({ id: file, html: raw }));
    } else {
      lines.push(JSON.stringify({ id: file, text: raw }));
    }
  }
  return `${lines.join('\n')}\n`;
}

class HttpError extends Error {}

async function request(o: JobsOptions, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (o.key) headers.set('authorization', `Bearer ${o.key}`);
  let res: Response;
  try {
    res = await fetch(`${o.api}${path}`, { ...init, headers });
  } catch (e) {
    throw new HttpError(`cannot reach ${o.api}: ${(e as Error).message} (is npm start running? --api URL)`);
  }
  if (!res.ok) {
    const text = await res.text();
    let msg = text;
    try {
      const body = JSON.parse(text) as { error?: { code: string; message: string } };
      if (body.error) msg = `${body.error.code}: ${body.error.message}`;
    } catch {
      /* not JSON */
    }
    throw new HttpError(`${res.status} ${msg}`);
  }
  return res;
}

function bar(v: JobView, started: number): string {
  const width = 30;
  const finished = v.done + v.failed;
  const filled = v.total ? Math.round((finished / v.total) * width) : 0;
  const rate = finished / Math.max((Date.now() - started) / 1000, 0.001);
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${v.total} ${v.status}${v.failed ? ` (${v.failed} failed)` : ''} ${rate.toFixed(1)} items/s`;
}

async function status(o: JobsOptions, id: string, timeoutMs?: number): Promise<JobView> {
  const init = timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {};
  return (await (await request(o, `/v1/jobs/${encodeURIComponent(id)}`, init)).json()) as JobView;
}

async function waitDone(o: JobsOptions, id: string): Promise<JobView> {
  const started = Date.now();
  const show = o.progress;
  for (;;) {
    let v: JobView;
    try {
      v = await status(o, id, 20_000);
    } catch (e) {
      // A poll that got no answer in time (the server busy): poll again.
      if (e instanceof HttpError && /aborted|timeout/i.test(e.message)) continue;
      // Over the client's quota: wait as told, then poll again.
      if (e instanceof HttpError && e.message.startsWith('429')) {
        await new Promise((r) => setTimeout(r, 2000));
        continue;
      }
      throw e;
    }
    if (show) process.stderr.write(bar(v, started));
    if (v.status === 'done') {
      if (show) process.stderr.write('\n');
      return v;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function results(o: JobsOptions, id: string): Promise<void> {
  const res = await request(o, `/v1/jobs/${encodeURIComponent(id)}/results`);
  if (res.headers.get('x-job-status') !== 'done') process.stderr.write(`job ${id} is ${res.headers.get('x-job-status')}: these are the items finished so far\n`);
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!process.stdout.write(value)) await new Promise((r) => process.stdout.once('drain', r));
  }
}

export async function jobsMain(argv: string[]): Promise<number> {
  let o: JobsOptions;
  try {
    o = parseJobsArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  try {
    if (o.cmd === 'submit') {
      let body: string;
      try {
        body = itemsOf(o.args);
      } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        return 1;
      }
      const q = o.content ? `?content=${encodeURIComponent(o.content)}` : '';
      const res = await request(o, `/v1/jobs${q}`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
      const accepted = (await res.json()) as { id: string; status: string; total: number };
      if (!o.wait) {
        process.stdout.write(`${JSON.stringify({ id: accepted.id, status: accepted.status, total: accepted.total })}\n`);
        return 0;
      }
      process.stderr.write(`job ${accepted.id}: ${accepted.total} items\n`);
      const v = await waitDone(o, accepted.id);
      await results(o, accepted.id);
      return v.failed ? 1 : 0;
    }
    const id = o.args[0];
    if (o.cmd === 'status') {
      const v = o.wait ? await waitDone(o, id) : await status(o, id);
      process.stdout.write(`${JSON.stringify(v)}\n`);
      return 0;
    }
    await results(o, id);
    return 0;
  } catch (e) {
    if (e instanceof HttpError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
