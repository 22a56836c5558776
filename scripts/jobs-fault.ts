/**
 * npm run jobs:fault [-- --api http://127.0.0.1:8787] [--items 2000] [--max-seconds 900]
 *
 * The exactly-once check under injected faults. Start the server with the
 * fault switch first:
 *
 *   DEV_FAULT_BATCH_RATE=0.3 npm start        (DEV_MODE=true is set by npm start)
 *
 * then this submits one job of N items (text, HTML, and URL items served by
 * this script on 127.0.0.1), waits for it (bounded), reads the results and
 * checks that every item id is there exactly once, with a report or an error.
 * Exits 1 when an item is missing or duplicated, or the job did not finish.
 * The server's log counts the injected faults ("injected fault").
 */
import { createServer } from 'node:http';
import { GENUINE, SPUN } from '../test/fixtures.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const api = arg('api', process.env.NEWSAUDIT_API ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const n = Math.min(10_000, Number(arg('items', '2000')));
const maxSeconds = Number(arg('max-seconds', '900'));
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(api).hostname)) {
  console.error('jobs:fault runs against a local server (npm start) only');
  process.exit(2);
}

const texts = [...GENUINE, ...SPUN];
const pages = createServer((req, res) => {
  const i = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<html><body><article><h1>Page ${i}</h1><p>${texts[i % texts.length]}</p></article></body></html>`);
});
await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
const port = (pages.address() as { port: number }).port;

const ids: string[] = [];
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  const id = `f${i}`;
  ids.push(id);
  const t = `${texts[i % texts.length]} (Item ${i}.)`;
  const item = i % 10 === 9 ? { id, url: `http://127.0.0.1:${port}/p?n=${i}` } : i % 3 === 0 ? { id, html: `<article><p>${t}</p></article>` } : { id, text: t };
  lines.push(JSON.stringify(item));
}
const t0 = Date.now();
const res = await fetch(`${api}/v1/jobs?content=none`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
if (res.status !== 202) {
  console.error(`POST /v1/jobs answered ${res.status}: ${await res.text()}`);
  process.exit(1);
}
const { id: jobId } = (await res.json()) as { id: string };
console.log(`job ${jobId}: ${n} items submitted in ${Date.now() - t0} ms`);
let view: { status: string; done: number; failed: number; total: number } = { status: 'queued', done: 0, failed: 0, total: n };
let lastPrint = 0;
while (view.status !== 'done' && Date.now() - t0 < maxSeconds * 1000) {
  await new Promise((r) => setTimeout(r, 1000));
  try {
    view = (await (await fetch(`${api}/v1/jobs/${jobId}`, { signal: AbortSignal.timeout(20_000) })).json()) as typeof view;
  } catch (e) {
    console.log(`  status poll failed (${(e as Error).message}); polling again`);
    continue;
  }
  if (Date.now() - lastPrint > 10_000) {
    console.log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${view.status} ${view.done + view.failed}/${view.total}`);
    lastPrint = Date.now();
  }
}
pages.close();
const seconds = (Date.now() - t0) / 1000;
const text = await (await fetch(`${api}/v1/jobs/${jobId}/results`)).text();
const got = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; report?: unknown; error?: { code: string } });
const count = new Map<string, number>();
for (const g of got) count.set(g.id, (count.get(g.id) ?? 0) + 1);
const missing = ids.filter((id) => !count.has(id));
const duplicated = [...count.entries()].filter(([, c]) => c > 1).map(([id]) => id);
const unknown = [...count.keys()].filter((id) => !ids.includes(id));
const errors = new Map<string, number>();
for (const g of got) if (g.error) errors.set(g.error.code, (errors.get(g.error.code) ?? 0) + 1);
console.log(
  [
    `status ${view.status} after ${seconds.toFixed(1)} s: total ${view.total}, done ${view.done}, failed ${view.failed}`,
    `results: ${got.length} lines, ${count.size} distinct ids; missing ${missing.length}, duplicated ${duplicated.length}, unknown ${unknown.length}`,
    `errors by code: ${errors.size ? [...errors.entries()].map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}`,
  ].join('\n'),
);
const ok = view.status === 'done' && missing.length === 0 && duplicated.length === 0 && unknown.length === 0 && got.length === n;
console.log(ok ? 'OK: every item exactly once' : 'FAILED');
process.exit(ok ? 0 : 1);
