/**
 * npm run load [-- --api http://127.0.0.1:8787] [--requests 10000] [--concurrency 32] [--max-seconds 600] [--pid PID]
 *
 * A bounded load run against `npm start`, on loopback only: N mixed requests
 * (POST /v1/score with text 50 %, with HTML 25 %, GET /v1/score?url= 15 % of
 * pages served by this script on 127.0.0.1, POST /v1/jobs of 5 items 10 %),
 * C at a time, stopping at N requests or after --max-seconds. Prints p50/p90/p99
 * latency per kind and overall, answers by status, and the server's memory
 * (RSS of the process listening on the port and its children, from /proc)
 * before and after. Then it waits (bounded) for the jobs it submitted to finish.
 * GET ?url= needs ALLOW_LOOPBACK_FETCH=true, which npm start sets.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { GENUINE, SPUN } from '../test/fixtures.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const api = arg('api', process.env.NEWSAUDIT_API ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const total = Math.min(100_000, Number(arg('requests', '10000')));
const concurrency = Math.min(256, Number(arg('concurrency', '32')));
const maxSeconds = Math.min(3600, Number(arg('max-seconds', '600')));
const host = new URL(api).hostname;
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
  console.error(`Refusing to load ${host}: npm run load runs against a local server (npm start) on loopback only.`);
  process.exit(2);
}

/**
 * RSS in MiB of the server: the process listening on the port and, when its parent is wrangler
 * (node), that parent and all its descendants (wrangler dev runs node, esbuild and two workerd
 * processes: the proxy listening on the port and the Worker's runtime).
 */
function serverMemory(port: string): { pids: number[]; rssMiB: number; parts: string } | null {
  let pid = Number(arg('pid', '0'));
  if (!pid) {
    try {
      const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
      pid = Number(/pid=(\d+)/.exec(out)?.[1] ?? 0);
    } catch {
      return null;
    }
  }
  if (!pid) return null;
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  const parentOf = (p: number) => {
    try {
      return Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  const cmd = (p: number) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      return '';
    }
  };
  const ppid = parentOf(pid);
  if (ppid && /wrangler/.test(cmd(ppid))) pid = ppid;
  const pids: number[] = [];
  const walk = (p: number) => {
    pids.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  let kb = 0;
  const parts: string[] = [];
  for (const p of pids) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const k = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      kb += k;
      parts.push(`${/^Name:\s+(\S+)/m.exec(status)?.[1]} ${Math.round(k / 1024)}`);
    } catch {
      /* gone */
    }
  }
  return { pids, rssMiB: Math.round(kb / 102.4) / 10, parts: parts.join(' + ') };
}

const texts = [...GENUINE, ...SPUN];
const html = (i: number) => `<!doctype html><html lang="en"><head><title>Load page ${i}</title></head><body><nav><a href="/">Home</a></nav><article><h1>Load page ${i}</h1><p>${texts[i % texts.length]}</p><p>${texts[(i + 3) % texts.length]}</p></article><footer>Example Gazette</footer></body></html>`;

// Pages for GET /v1/score?url= on loopback.
const pages = createServer((req, res) => {
  const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html(n));
});
await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
const pagesPort = (pages.address() as { port: number }).port;

type Kind = 'text' | 'html' | 'url' | 'job';
function kindOf(i: number): Kind {
  const r = i % 20;
  return r < 10 ? 'text' : r < 15 ? 'html' : r < 18 ? 'url' : 'job';
}

function requestFor(i: number): { kind: Kind; url: string; init: RequestInit } {
  const kind = kindOf(i);
  const t = `${texts[i % texts.length]} (Request ${i}.)`;
  switch (kind) {
    case 'text':
      return { kind, url: `${api}/v1/score`, init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: t } };
    case 'html':
      return { kind, url: `${api}/v1/score`, init: { method: 'POST', headers: { 'content-type': 'text/html' }, body: html(i) } };
    case 'url':
      return { kind, url: `${api}/v1/score?url=${encodeURIComponent(`http://127.0.0.1:${pagesPort}/a?n=${i}`)}`, init: {} };
    case 'job': {
      const items = Array.from({ length: 5 }, (_, k) => JSON.stringify({ id: `r${i}-${k}`, text: `${texts[(i + k) % texts.length]} (Item ${k}.)` })).join('\n');
      return { kind, url: `${api}/v1/jobs?content=none`, init: { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: items } };
    }
  }
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

const port = new URL(api).port || '80';
try {
  const h = await fetch(`${api}/v1/health`);
  if (!h.ok) throw new Error(`health answered ${h.status}`);
} catch (e) {
  console.error(`${api} is not answering (${(e as Error).message}): start it with npm start`);
  process.exit(1);
}
const before = serverMemory(port);
const latencies: Record<string, number[]> = { text: [], html: [], url: [], job: [] };
const statuses = new Map<string, number>();
const jobIds: string[] = [];
const deadline = Date.now() + maxSeconds * 1000;
let next = 0;
let sent = 0;
const t0 = performance.now();

async function worker(): Promise<void> {
  while (next < total && Date.now() < deadline) {
    const i = next++;
    const { kind, url, init } = requestFor(i);
    const start = performance.now();
    let status: string;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      status = String(res.status);
      const body = await res.text();
      if (kind === 'job' && res.status === 202) jobIds.push((JSON.parse(body) as { id: string }).id);
    } catch (e) {
      status = (e as Error).name === 'TimeoutError' ? 'timeout' : 'network';
    }
    latencies[kind].push(performance.now() - start);
    statuses.set(`${kind} ${status}`, (statuses.get(`${kind} ${status}`) ?? 0) + 1);
    sent++;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - t0) / 1000;
const afterLoad = serverMemory(port);

// The jobs: wait (at most 5 minutes) for all of them to finish.
const jobsStart = Date.now();
let unfinished = [...jobIds];
let items = 0;
while (unfinished.length && Date.now() - jobsStart < 300_000) {
  const still: string[] = [];
  for (const id of unfinished) {
    const v = (await (await fetch(`${api}/v1/jobs/${id}`)).json()) as { status: string; done: number; failed: number };
    if (v.status !== 'done') still.push(id);
    else items += v.done + v.failed;
  }
  unfinished = still;
  if (unfinished.length) await new Promise((r) => setTimeout(r, 1000));
}
const after = serverMemory(port);
pages.close();

const all = Object.values(latencies).flat().sort((a, b) => a - b);
const lines: string[] = [];
lines.push(`npm run load: ${sent} requests (of ${total}) at ${concurrency} concurrent against ${api} in ${seconds.toFixed(1)} s = ${(sent / seconds).toFixed(1)} req/s; machine: ${cpus().length} x ${cpus()[0]?.model.trim()}`);
lines.push(`latency ms      p50      p90      p99      max     n`);
for (const [k, v] of [...Object.entries(latencies), ['all', all] as const]) {
  const s = [...v].sort((a, b) => a - b);
  lines.push(`  ${k.padEnd(8)} ${String(pct(s, 50)).padStart(8)} ${String(pct(s, 90)).padStart(8)} ${String(pct(s, 99)).padStart(8)} ${String(Math.round(s[s.length - 1] ?? NaN)).padStart(8)} ${String(s.length).padStart(5)}`);
}
lines.push(`answers by kind and status: ${[...statuses.entries()].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
const errors = [...statuses.entries()].filter(([k]) => !/ (200|202)$/.test(k));
lines.push(`errors: ${errors.length ? errors.map(([k, n]) => `${k}: ${n}`).join(', ') : 'none'}`);
lines.push(`jobs: ${jobIds.length} submitted, ${jobIds.length - unfinished.length} done (${items} items) ${((Date.now() - jobsStart) / 1000).toFixed(1)} s after the load${unfinished.length ? `, ${unfinished.length} NOT done after 5 minutes` : ''}`);
const mem = (m: typeof before) => (m ? `${m.rssMiB} MiB (${m.parts})` : 'unknown (no ss or /proc)');
lines.push(`server memory (RSS): before ${mem(before)}; after the load ${mem(afterLoad)}; after the jobs ${mem(after)}`);
console.log(lines.join('\n'));
process.exit(errors.length || unfinished.length ? 1 : 0);
