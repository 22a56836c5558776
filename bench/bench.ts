/**
 * npm run bench — speed and size of the scorer.
 *
 * 1. CPU time per request (process.cpuUsage around analyze(), the same V8 as
 *    workerd) for 1,000- and 10,000-word articles, with the full rule set.
 * 2. Fresh-isolate cost: a new Node process imports the deployable Worker
 *    bundle (module evaluation, which compiles the bundled rule index) and
 *    serves its first 1,000-word request.
 * 3. Bundle size: `wrangler deploy --dry-run --outdir`, raw and gzipped.
 * 4. The same bundle in workerd (Miniflare): wall time of the first request
 *    on a new runtime and of warm requests, with the rule set served from
 *    local KV, as `wrangler dev` and production serve it.
 * 5. HTML extraction: extractHtml() (bundled and minified by esbuild, as it
 *    ships) against @mozilla/readability on a linkedom DOM, in this
 *    process, over the English pages of trafilatura's
 *    evaluation set (../shared/data/boilerplate; evaluation data, never
 *    shipped), or over synthetic pages built from bench/fixtures/article.txt
 *    when that set is absent.
 *
 * Articles are built from genuine Wikinews text (../shared/data/news) when
 * present, otherwise from bench/fixtures/article.txt.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { Miniflare } from 'miniflare';
import { analyze } from '../src/core/analyze.ts';
import { compileRuleset, withModel } from '../src/core/rules/compiled.ts';
import { lmFileFor, lmKvParts, loadRulesFile } from '../src/node/rules.ts';
import { buildDoc } from '../src/core/doc.ts';
import type { Ruleset } from '../src/core/rules/schema.ts';
import { buildSync } from 'esbuild';
import { loadTrafilaturaPages } from '../scripts/eval/trafilatura-pages.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tmp = `${repo}.tmp/bench/`;
mkdirSync(tmp, { recursive: true });

function corpus(): { text: string; origin: string } {
  const news = `${repo}../shared/data/news/wikinews_en_2019_2020.jsonl.gz`;
  if (existsSync(news)) {
    const lines = gunzipSync(readFileSync(news)).toString('utf8').trim().split('\n');
    const texts = lines.map((l) => (JSON.parse(l) as { text: string }).text);
    return { text: texts.join('\n\n'), origin: `Wikinews (${texts.length} articles)` };
  }
  return { text: readFileSync(`${repo}bench/fixtures/article.txt`, 'utf8'), origin: 'bench/fixtures/article.txt' };
}

/** The first `n` words of the corpus (repeated if short), paragraphs kept, a few spun phrases mixed in. */
function article(source: string, n: number): string {
  const spun = ['Top Minister', 'Protection Secretary', 'White Home', 'demise toll', 'Supreme Courtroom'];
  const out: string[] = [];
  let words = 0;
  let k = 0;
  const paras = source.split(/\n+/).filter((p) => p.trim());
  for (let i = 0; words < n; i = (i + 1) % paras.length) {
    let p = paras[i];
    const w = p.split(/\s+/).length;
    if (words + w > n) p = p.split(/\s+/).slice(0, n - words).join(' ');
    if (i % 7 === 3) p = `${p} The ${spun[k++ % spun.length]} said so.`;
    out.push(p);
    words += p.split(/\s+/).length;
  }
  return out.join('\n');
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function cpuPerRequest(rules: ReturnType<typeof loadRulesFile>, text: string, runs: number) {
  for (let i = 0; i < 10; i++) analyze({ text }, rules, { origin: 'file' });
  const samples: number[] = [];
  const phases: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const r = analyze({ text }, rules, { origin: 'file' });
    const c = process.cpuUsage(c0);
    samples.push((c.user + c.system) / 1000);
    for (const [k, v] of Object.entries(r.stats.timings)) phases[k] = (phases[k] ?? 0) + v / runs;
  }
  return { ...stats(samples), phases };
}

function bundle(): { dir: string; file: string; raw: number; gzip: number } {
  const dir = `${tmp}bundle`;
  rmSync(dir, { recursive: true, force: true }); // a stale data module of an earlier build would be counted too
  execFileSync(process.execPath, [`${repo}node_modules/wrangler/bin/wrangler.js`, 'deploy', '--dry-run', '--outdir', dir], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  let raw = 0;
  let gz = 0;
  // Every module uploaded: the scripts and the data modules (the bundled rule pack).
  for (const f of readdirSync(dir).filter((x) => !x.endsWith('.map') && statSync(`${dir}/${x}`).isFile())) {
    const buf = readFileSync(`${dir}/${f}`);
    raw += statSync(`${dir}/${f}`).size;
    gz += gzipSync(buf).length;
  }
  return { dir, file: `${dir}/${js.includes('index.js') ? 'index.js' : js[0]}`, raw, gzip: gz };
}

/** Run a measuring script `runs` times, each in a fresh Node process; each prints one JSON line. */
function runFresh(args: string[], runs: number, what: string): Array<Record<string, number | string>> {
  const rows: Array<Record<string, number | string>> = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: repo });
    if (r.status !== 0) throw new Error(`${what} run failed: ${r.stderr.slice(-1500)}`);
    rows.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  return rows;
}

/**
 * The Worker bundled for Node by esbuild: what the fresh-process measures import. The rule pack is
 * read from its file at import, as a Worker gets its data module (bytes, nothing to decode). esbuild
 * plugins need its async API, so the build runs in a child process.
 */
function nodeBundle(): string {
  const out = `${tmp}worker-node.mjs`;
  const script = `${tmp}build-node.mjs`;
  const load = `(a) => ({ contents: "import { readFileSync } from 'node:fs'; const b = readFileSync(" + JSON.stringify(a.path) + "); export default b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);", loader: 'js' })`;
  writeFileSync(
    script,
    `import { build } from ${JSON.stringify(`${repo}node_modules/esbuild/lib/main.js`)};
await build({ entryPoints: [${JSON.stringify(`${repo}src/worker/index.ts`)}], bundle: true, minify: true, format: 'esm', platform: 'node', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], outfile: ${JSON.stringify(out)}, logLevel: 'error',
  plugins: [{ name: 'pack-data-module', setup(b) { b.onLoad({ filter: /\\.pack$/ }, ${load}); } },
    // Node has no cloudflare:workers: the Durable Object classes (jobs, rate counters) only need a base class to be defined; no request here reaches them.
    { name: 'cloudflare-stub', setup(b) { b.onResolve({ filter: /^cloudflare:workers$/ }, (a) => ({ path: a.path, namespace: 'cf-stub' })); b.onLoad({ filter: /.*/, namespace: 'cf-stub' }, () => ({ contents: 'export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }', loader: 'js' })); } }] });`,
  );
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
  return out;
}

/**
 * A fresh process imports the Worker and serves two requests. With `kv`, the RULES binding is a
 * stand-in over files read before the clock starts (KV reads are I/O in a Worker, not CPU): the
 * full rule set's pack and its language model, as a Worker reads them from KV.
 */
function coldStart(bundleFile: string, text: string, runs: number, kv?: { version: string; pack: string; lm?: { label: string; file: string; parts: number[] } }) {
  const textFile = `${tmp}cold-article.txt`;
  writeFileSync(textFile, text);
  const script = `${tmp}cold.mjs`;
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
const text = readFileSync(${JSON.stringify(textFile)}, 'utf8');
const kvSpec = ${JSON.stringify(kv ?? null)};
const values = new Map();
if (kvSpec) {
  const ab = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  values.set('ruleset:active', kvSpec.version);
  values.set('rulepack:' + kvSpec.version, ab(readFileSync(kvSpec.pack)));
  if (kvSpec.lm) {
    const all = readFileSync(kvSpec.lm.file);
    let at = 0;
    kvSpec.lm.parts.forEach((len, i) => { values.set('lm:' + kvSpec.lm.label + ':' + i, ab(all.subarray(at, at + len))); at += len; });
  }
}
const env = kvSpec ? { RULES: { get: async (k, type) => { const v = values.get(k); return v === undefined ? null : v; } }, RULES_CHECK_INTERVAL_MS: '60000' } : {};
const ctx = { waitUntil() {}, passThroughOnException() {} };
const c0 = process.cpuUsage();
const t0 = performance.now();
const mod = await import(${JSON.stringify(bundleFile)});
const c1 = process.cpuUsage(c0);
const t1 = performance.now();
const res = await mod.default.fetch(new Request('http://bench/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text }), env, ctx);
const body = await res.json();
const c2 = process.cpuUsage(c0);
const t2 = performance.now();
const c3s = process.cpuUsage();
const res2 = await mod.default.fetch(new Request('http://bench/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text }), env, ctx);
await res2.json();
const c3 = process.cpuUsage(c3s);
console.log(JSON.stringify({ status: res.status, origin: body.ruleset?.origin, version: body.ruleset?.version, importCpu: (c1.user + c1.system) / 1000, firstRequestCpu: (c2.user + c2.system - c1.user - c1.system) / 1000, totalCpu: (c2.user + c2.system) / 1000, secondRequestCpu: (c3.user + c3.system) / 1000, importWall: t1 - t0, firstWall: t2 - t1 }));`,
  );
  const rows = runFresh([script], runs, 'cold start');
  const med = (k: string) => stats(rows.map((r) => Number(r[k]))).p50;
  return { status: rows[0].status, origin: rows[0].origin, version: rows[0].version, importCpu: med('importCpu'), firstRequestCpu: med('firstRequestCpu'), totalCpu: med('totalCpu'), secondRequestCpu: med('secondRequestCpu') };
}

/** The naive alternative: one case-insensitive, word-bounded regular expression per listed phrase. */
function naiveScan(rs: Ruleset, text: string, budgetMs: number) {
  const phrases: string[] = [];
  for (const r of rs.rules) {
    const keys = r.kind === 'substitution' ? Object.keys(r.swap) : r.kind === 'existence' ? r.tokens : [];
    for (const k of keys) if (!/[{}|<>?*]/.test(k)) phrases.push(k);
  }
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  // Compile and run one regex at a time (keeping 60,000 compiled regexes exhausts the heap).
  let hits = 0;
  let done = 0;
  const t1 = performance.now();
  for (const p of phrases) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${esc(p)}(?![\\p{L}\\p{N}])`, 'giu');
    while (re.exec(text)) hits++;
    done++;
    if (performance.now() - t1 > budgetMs) break;
  }
  const scanMs = performance.now() - t1;
  return { phrases: phrases.length, done, scanMs, projectedMs: (scanMs * phrases.length) / Math.max(done, 1), hits };
}

/** Language-model pack in a fresh process: open the parts in place (header, sampled checksum, typed views) and build the model. */
function lmLoad(lmFile: string, runs: number) {
  const script = `${tmp}lmload.ts`;
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
import { openLmPack } from ${JSON.stringify(`${repo}src/core/lm/pack.ts`)};
import { LanguageModel } from ${JSON.stringify(`${repo}src/core/lm/model.ts`)};
const buf = readFileSync(${JSON.stringify(lmFile)});
const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const m0 = process.memoryUsage();
const c0 = process.cpuUsage();
const lm = new LanguageModel(openLmPack(ab));
const c1 = process.cpuUsage(c0);
const m1 = process.memoryUsage();
const ms = (c) => (c.user + c.system) / 1000;
console.log(JSON.stringify({ open: ms(c1), bytes: buf.byteLength, heap: (m1.heapUsed - m0.heapUsed) + (m1.arrayBuffers - m0.arrayBuffers), label: lm.label }));`,
  );
  const rows = runFresh(['--import', 'tsx', script], runs, 'lm load');
  const med = (k: string) => stats(rows.map((x) => Number(x[k]))).p50;
  return { open: med('open'), bytes: Number(rows[0].bytes), heap: med('heap') };
}

/**
 * Loading the full set in a fresh process, both ways: the rule pack opened in place (what the Worker
 * does), and the JSON path (parse, schema validation, index build) of a version stored without a pack.
 */
function kvLoad(rsFile: string, packFile: string, runs: number) {
  const script = `${tmp}kvload.ts`;
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
import { compileRuleset } from ${JSON.stringify(`${repo}src/core/rules/compiled.ts`)};
import { openRulePack } from ${JSON.stringify(`${repo}src/core/rules/pack.ts`)};
import { rulesetSchema } from ${JSON.stringify(`${repo}src/core/rules/schema.ts`)};
const raw = readFileSync(${JSON.stringify(rsFile)}, 'utf8');
const pack = new Uint8Array(readFileSync(${JSON.stringify(packFile)}));
const ms = (c) => (c.user + c.system) / 1000;
const p0 = process.cpuUsage();
openRulePack(pack);
const packOpen = ms(process.cpuUsage(p0));
const c0 = process.cpuUsage();
const data = JSON.parse(raw);
const c1 = process.cpuUsage(c0);
const r = rulesetSchema.safeParse(data);
const c2 = process.cpuUsage(c0);
compileRuleset(r.data);
const c3 = process.cpuUsage(c0);
console.log(JSON.stringify({ packOpen, parse: ms(c1), validate: ms(c2) - ms(c1), compile: ms(c3) - ms(c2), total: ms(c3) }));`,
  );
  const rows = runFresh(['--import', 'tsx', script], runs, 'kv load');
  const med = (k: string) => stats(rows.map((x) => Number(x[k]))).p50;
  return { packOpen: med('packOpen'), parse: med('parse'), validate: med('validate'), compile: med('compile'), total: med('total') };
}

async function workerd(bundleFile: string, rulesetJson: string, version: string, texts: Record<string, string>) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: bundleFile,
    // The bundled rule pack is a data module, as wrangler uploads it.
    modulesRules: [{ type: 'Data', include: ['**/*.pack'] }],
    compatibilityDate: '2026-04-20',
    kvNamespaces: ['RULES'],
    bindings: { RULES_CHECK_INTERVAL_MS: '60000' },
  });
  try {
    const kv = await mf.getKVNamespace('RULES');
    for (const p of lmKvParts(JSON.parse(rulesetJson) as Ruleset) ?? []) await kv.put(p.key, p.bytes.slice().buffer);
    await kv.put(`rulepack:${version}`, new Uint8Array(readFileSync(`${repo}rules/dist/ruleset.pack`)).buffer);
    await kv.put(`ruleset:v:${version}`, rulesetJson);
    await kv.put('ruleset:active', version);
    const post = async (text: string) => {
      const t0 = performance.now();
      const res = await mf.dispatchFetch('http://bench/v1/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
      const body = (await res.json()) as { ruleset?: { origin: string } };
      return { ms: performance.now() - t0, status: res.status, origin: body.ruleset?.origin };
    };
    const first = await post(texts['1000']);
    const warm: Record<string, ReturnType<typeof stats>> = {};
    const echoWarm: Record<string, ReturnType<typeof stats>> = {};
    // The echo Worker on the same runtime: it reads the body and answers it back as JSON. What a request costs
    // with no analysis (the HTTP hop, body reading, a JSON answer of the same text), measured interleaved.
    const echo = new Miniflare({
      modules: true,
      script: `export default { async fetch(req) { const text = await req.text(); return new Response(JSON.stringify({ text }), { headers: { 'content-type': 'application/json' } }); } };`,
      compatibilityDate: '2026-04-20',
    });
    try {
      const postEcho = async (text: string) => {
        const t0 = performance.now();
        const res = await echo.dispatchFetch('http://bench/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
        await res.json();
        return performance.now() - t0;
      };
      for (const [k, text] of Object.entries(texts)) {
        for (let i = 0; i < 5; i++) {
          await post(text);
          await postEcho(text);
        }
        const xs: number[] = [];
        const es: number[] = [];
        // One request at a time, alternating, so that both see the same machine.
        for (let i = 0; i < (k === '1000' ? 100 : 30); i++) {
          xs.push((await post(text)).ms);
          es.push(await postEcho(text));
        }
        warm[k] = stats(xs);
        echoWarm[k] = stats(es);
      }
    } finally {
      await echo.dispose();
    }
    return { first, warm, echoWarm };
  } finally {
    await mf.dispose();
  }
}

/** Pages for the extraction bench: trafilatura's English evaluation pages, else synthetic pages from the fixture. */
function htmlPages(): { pages: Array<{ html: string; bytes: number }>; origin: string } {
  const data = loadTrafilaturaPages();
  if (data?.length) {
    const pages = data.map((p) => ({ html: p.html, bytes: Buffer.byteLength(p.html) }));
    return { pages, origin: `trafilatura evaluation set, English subset (${pages.length} pages)` };
  }
  const paras = readFileSync(`${repo}bench/fixtures/article.txt`, 'utf8').split(/\n+/).filter((p) => p.trim());
  const esc = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const links = (n: number, what: string) => Array.from({ length: n }, (_, i) => `<li><a href="/${what}/${i}">${what} ${i + 1}</a></li>`).join('');
  const pages: Array<{ html: string; bytes: number }> = [];
  for (let k = 0; k < 20; k++) {
    const body = Array.from({ length: 4 + 2 * k }, (_, i) => `<p>${esc(paras[(i + k) % paras.length])}</p>`).join('\n');
    const comments = Array.from({ length: 5 }, (_, i) => `<li class="comment"><span class="author">Reader ${i + 1}</span><p>${esc(paras[(i + k + 1) % paras.length].slice(0, 120))}</p><a href="#reply">Reply</a></li>`).join('');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council approves transport budget ${k} | Example News</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Doe"><link rel="canonical" href="https://news.example/transport-${k}">
<style>body{font-family:sans-serif}.nav{display:flex}</style><script>window.dataLayer=[];function track(){return 1}</script></head>
<body><header><div class="logo"><a href="/">Example News</a></div><nav class="nav"><ul>${links(15, 'section')}</ul></nav></header>
<main><article><h1>Council approves transport budget ${k}</h1><div class="byline">By Jane Doe · 12 March 2024</div>
${body}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div></article>
<aside class="related"><h2>Related stories</h2><ul>${links(6, 'story')}</ul></aside>
<section class="comments"><h2>5 comments</h2><ol>${comments}</ol><form><textarea name="c"></textarea><button>Post comment</button></form></section></main>
<footer><ul>${links(10, 'about')}</ul><p>© 2024 Example News. All rights reserved. Privacy policy · Cookie settings</p></footer></body></html>`;
    pages.push({ html, bytes: Buffer.byteLength(html) });
  }
  return { pages, origin: `synthetic: ${pages.length} pages from bench/fixtures/article.txt in typical markup (nav, article, aside, comments, footer); trafilatura evaluation data not found` };
}

/**
 * extractHtml() as it ships: bundled and minified by esbuild, as wrangler bundles the Worker (under
 * tsx, our TypeScript would run through its development transform while Readability runs as plain JS).
 */
interface ShippedCore {
  extractHtml: (html: string) => { main: string };
  analyze: typeof analyze;
  compileRuleset: typeof compileRuleset;
}

async function shippedCore(): Promise<ShippedCore> {
  const entry = `${tmp}core-entry.ts`;
  writeFileSync(
    entry,
    `export { extractHtml } from ${JSON.stringify(`${repo}src/core/extract/index.ts`)};\n` +
      `export { analyze } from ${JSON.stringify(`${repo}src/core/analyze.ts`)};\n` +
      `export { compileRuleset } from ${JSON.stringify(`${repo}src/core/rules/compiled.ts`)};\n`,
  );
  const out = `${tmp}core.mjs`;
  buildSync({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  return (await import(out)) as ShippedCore;
}

/** CPU per request for whole pages: analyze({html}) with the full rule set, warm, three passes. */
function htmlRequests(pages: Array<{ html: string }>, core: ShippedCore) {
  const rules = core.compileRuleset(JSON.parse(readFileSync(`${repo}rules/dist/ruleset.json`, 'utf8')) as Ruleset);
  for (const p of pages) core.analyze({ html: p.html }, rules, { origin: 'file' });
  const xs: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (const p of pages) {
      const c0 = process.cpuUsage();
      core.analyze({ html: p.html }, rules, { origin: 'file' });
      const c = process.cpuUsage(c0);
      xs.push((c.user + c.system) / 1000);
    }
  }
  return stats(xs);
}

/** extractHtml() vs linkedom + Readability over all pages: each gets a warm-up pass, then 3 measured passes. */
function htmlExtraction(pages: Array<{ html: string; bytes: number }>, extractHtml: (html: string) => { main: string }) {
  let sink = 0;
  let threw = 0;
  let parseMs = 0;
  const ours = (html: string) => {
    sink += extractHtml(html).main.length;
  };
  const readability = (html: string) => {
    try {
      const t = performance.now();
      const { document } = parseHTML(html);
      parseMs += performance.now() - t;
      sink += new Readability(document).parse()?.textContent?.length ?? 0;
    } catch {
      threw++;
    }
  };
  const pass = (fn: (html: string) => void) => {
    const per = new Array<number>(pages.length);
    const t0 = performance.now();
    for (let i = 0; i < pages.length; i++) {
      const t = performance.now();
      fn(pages[i].html);
      per[i] = performance.now() - t;
    }
    return { total: performance.now() - t0, per };
  };
  const runs = { ours: [] as Array<ReturnType<typeof pass>>, readability: [] as Array<ReturnType<typeof pass>> };
  // Each extractor: a warm-up pass, then three passes back to back, so one's garbage (linkedom
  // builds a DOM of every page) is not collected on the other's clock.
  pass(ours);
  for (let r = 0; r < 3; r++) runs.ours.push(pass(ours));
  pass(readability);
  const warmThrew = threw;
  threw = 0;
  parseMs = 0;
  for (let r = 0; r < 3; r++) runs.readability.push(pass(readability));
  const bytes = pages.reduce((a, p) => a + p.bytes, 0);
  const summarise = (rs: Array<ReturnType<typeof pass>>) => {
    const total = stats(rs.map((r) => r.total)).p50;
    const perPage = pages.map((_, i) => stats(rs.map((r) => r.per[i])).p50);
    const s = stats(perPage);
    return { total, mean: s.mean, p95: s.p95, max: s.max, mbps: bytes / 1e6 / (total / 1000) };
  };
  return { ours: summarise(runs.ours), readability: summarise(runs.readability), bytes, parseMs: parseMs / 3, threw: warmThrew, sink };
}

async function main() {
  const rsJson = readFileSync(`${repo}rules/dist/ruleset.json`, 'utf8');
  const rs = JSON.parse(rsJson) as Ruleset;
  const t0 = performance.now();
  const rules = loadRulesFile(`${repo}rules/dist/ruleset.json`);
  const compileMs = performance.now() - t0;
  /** The baseline: the same rule set without the language model (listed phrases, frames, pairs). */
  const baseline = withModel(rules, null);
  const { text: src, origin } = corpus();
  console.log(`newsaudit bench — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`);
  console.log(`rules: ${rs.version}, ${rs.rules.length} rules, ${rules.trie.size} phrases, ${rs.outlets.length} outlets; ruleset JSON ${(rsJson.length / 1024).toFixed(1)} KiB; index build ${fmt(compileMs)} (first build in this process)`);
  console.log(`text: ${origin}\n`);
  console.log(`CPU time per request (analyze(), in-process, after warm-up), with the language model ${rules.lm?.label ?? '(missing)'} and without it (baseline):`);
  for (const [n, runs] of [[1000, 300], [10000, 60]] as const) {
    const text = article(src, n);
    for (const [name, rr] of [['with model', rules], ['baseline', baseline]] as const) {
      const s = cpuPerRequest(rr, text, runs);
      const phases = Object.entries(s.phases).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      console.log(`  ${String(n).padStart(6)} words, ${name.padEnd(10)}: mean ${fmt(s.mean)}, p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}, max ${fmt(s.max)}  (${runs} runs)`);
      console.log(`                phases (ms, wall): ${phases}`);
    }
  }
  if (rules.lm) {
    const l = lmLoad(lmFileFor(`${repo}rules/dist/ruleset.json`), 7);
    console.log(`\nLanguage-model pack: ${(l.bytes / 1048576).toFixed(1)} MiB; open in a fresh process (median of 7): ${fmt(l.open)} CPU, ${(l.heap / 1048576).toFixed(2)} MiB allocated besides the pack's own bytes`);
  }
  if (process.argv.includes('--cpu')) return;
  if (process.argv.includes('--cold')) return coldSection(rs, src);
  const naiveText = article(src, 10000);
  const trieT0 = performance.now();
  for (let i = 0; i < 20; i++) {
    const d = buildDoc({ text: naiveText });
    rules.trie.scan(d.tokens, d.types, () => {});
  }
  const trieMs = (performance.now() - trieT0) / 20;
  const naive = naiveScan(rs, naiveText, 10000);
  console.log(`\nMatcher vs naive (10,000 words, ${naive.phrases} plain listed phrases):`);
  console.log(`  one-pass token trie (tokenize + scan, all ${rules.trie.size} sequences incl. patterns): ${fmt(trieMs)} per text`);
  console.log(`  one regex per phrase (compile + scan): ${naive.done < naive.phrases ? `${naive.done} of ${naive.phrases} regexes took ${fmt(naive.scanMs)}, projected ${fmt(naive.projectedMs)}` : fmt(naive.scanMs)} per text (${naive.hits} hits)`);
  const gz = gzipSync(Buffer.from(rsJson)).length;
  const packFile = `${repo}rules/dist/ruleset.pack`;
  const packBytes = statSync(packFile).size;
  const kv = kvLoad(`${repo}rules/dist/ruleset.json`, packFile, 5);
  console.log(`\nRule set in KV: pack ${(packBytes / 1024).toFixed(1)} KiB (what isolates read); JSON source ${(rsJson.length / 1024).toFixed(1)} KiB (${(gz / 1024).toFixed(1)} KiB gzipped); KV limit per value 25 MiB`);
  console.log(`  open the pack in a fresh process (median of 5): ${fmt(kv.packOpen)} CPU`);
  console.log(`  the JSON path instead (a version stored without a pack): JSON.parse ${fmt(kv.parse)}, validation ${fmt(kv.validate)}, index build ${fmt(kv.compile)}, total ${fmt(kv.total)} CPU`);
  const b = bundle();
  console.log(`\nWorker bundle (wrangler deploy --dry-run, scripts and data modules): ${(b.raw / 1024).toFixed(1)} KiB raw, ${(b.gzip / 1024).toFixed(1)} KiB gzipped (free plan limit 3 MiB, our budget 1 MiB)`);
  coldSection(rs, src);
  const w = await workerd(b.file, rsJson, rs.version, { '1000': article(src, 1000), '10000': article(src, 10000) });
  console.log(`\nworkerd (Miniflare, same bundle, full rules and model from local KV), wall time including the local HTTP hop, one request at a time, beside an echo Worker on the same runtime:`);
  console.log(`  first request on a new runtime: ${fmt(w.first.ms)} (status ${w.first.status}, rules origin ${w.first.origin})`);
  for (const [k, st] of Object.entries(w.warm)) {
    const e = w.echoWarm[k];
    console.log(`  ${String(k).padStart(6)} words warm: p50 ${fmt(st.p50)}, p95 ${fmt(st.p95)}, mean ${fmt(st.mean)}; echo Worker p50 ${fmt(e.p50)}, p95 ${fmt(e.p95)}; ratio of p50s ${(st.p50 / e.p50).toFixed(2)}× (targets 1.5× at 1,000 words, 2.5× at 10,000)`);
  }
  await htmlSection();
}

/** Fresh isolates: the bundled core set, and the full set read from KV (`npm run bench -- --cold` runs this section alone). */
function coldSection(rs: Ruleset, src: string) {
  const packFile = `${repo}rules/dist/ruleset.pack`;
  const nb = nodeBundle();
  const lmManifest = rs.models?.lm;
  const coldRuns: Array<[string, Parameters<typeof coldStart>[3]]> = [
    ['bundled core set', undefined],
    ['full set from KV (pack + language model)', { version: rs.version, pack: packFile, ...(lmManifest ? { lm: { label: lmManifest.label, file: lmFileFor(`${repo}rules/dist/ruleset.json`), parts: lmManifest.parts } } : {}) }],
  ];
  console.log(`\nFresh isolate (new process imports the Worker, then POST /v1/score with 1,000 words; median of 7):`);
  for (const [name, spec] of coldRuns) {
    const cold = coldStart(nb, article(src, 1000), 7, spec);
    console.log(`  ${name}: start-up (module evaluation, incl. opening the bundled pack) ${fmt(cold.importCpu)} CPU — outside request CPU time`);
    console.log(`    first request ${fmt(cold.firstRequestCpu)} CPU (cold JIT${spec ? ', opening the KV pack and the model' : ''}); second request ${fmt(cold.secondRequestCpu)} CPU (status ${cold.status}, rules ${cold.origin} ${cold.version})`);
  }
}

/** HTML extraction, ours against linkedom + Readability (`npm run bench -- --html` runs this section alone). */
async function htmlSection() {
  const hp = htmlPages();
  const core = await shippedCore();
  const hx = htmlExtraction(hp.pages, core.extractHtml);
  console.log(`\nHTML extraction (in-process, same pages, each: warm-up pass then median of 3 passes over all pages; ours bundled by esbuild as it ships):`);
  console.log(`  pages: ${hp.origin}, ${(hx.bytes / 1e6).toFixed(1)} MB`);
  for (const [name, r] of [['extractHtml()', hx.ours], ['linkedom + Readability', hx.readability]] as const) {
    console.log(`  ${name.padEnd(22)} total ${fmt(r.total)}; per page mean ${fmt(r.mean)}, p95 ${fmt(r.p95)}, max ${fmt(r.max)}; ${r.mbps.toFixed(1)} MB/s`);
  }
  console.log(`  of which linkedom parseHTML ${fmt(hx.parseMs)} per pass; Readability threw on ${hx.threw} of ${hp.pages.length} pages`);
  console.log(`  speed ratio (Readability time / ours): ${(hx.readability.total / hx.ours.total).toFixed(1)}×`);
  const hr = htmlRequests(hp.pages, core);
  console.log(`  whole request, analyze({html}) with the full rule set (CPU, ${hp.pages.length} pages × 3): mean ${fmt(hr.mean)}, p50 ${fmt(hr.p50)}, p95 ${fmt(hr.p95)}, max ${fmt(hr.max)}`);
}

if (process.argv.includes('--html')) await htmlSection();
else await main();
