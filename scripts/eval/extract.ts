/**
 * npm run eval:extract — main-text extraction on trafilatura's evaluation set
 * (English subset, ../shared/data/boilerplate; see its PROVENANCE.md).
 *
 * Scoring as trafilatura does it: per page, each `with` snippet found in the
 * output is a true positive, each one missing a false negative; each
 * `without` snippet found is a false positive, each one absent a true
 * negative. Substring presence only, after collapsing whitespace runs to one
 * space and trimming on both sides. Precision, recall, F1 and accuracy over
 * all snippets.
 *
 * Extractors, on the same pages in one run:
 *   - ours            extractHtml(html).main
 *   - ours + rules    analyze({ html }).content.main with the bundled rule set: what the API returns
 *   - ours, all text  extractHtml(html).text (no extraction: the baseline)
 *   - readability     @mozilla/readability on a linkedom DOM, textContent
 *                     (a throw or a null result counts as empty output)
 *
 * Pages: the 170 English pages, and the 779 other-language pages split by
 * site (registrable domain) into a tuning half and a test half (FNV-1a of
 * the site, see trafilatura-pages.ts). Each is reported on its own, with
 * the time per page of ours and of Readability. The worst-pages list never
 * shows the test half.
 *
 * Also: F1 on two fixed halves of the pages (FNV-1a hash of the page key,
 * even/odd) so that tuning on one half can be checked on the other; our
 * metadata against the annotated title/author/date/sitename; the worst pages
 * for ours with their failed snippets; timings.
 *
 * The pages and snippets are third-party text for evaluation only. The worst
 * pages list prints snippets to the terminal (for tuning) and nowhere else;
 * the JSON summary (.tmp/eval-extract.json) holds page keys and counts only.
 *
 *   npx tsx scripts/eval/extract.ts [--data DIR] [--worst N] [--worst-group en|other-tuning] [--worst-pipeline]
 *                                   [--no-readability] [--en-only] [--no-test]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { buildSync } from 'esbuild';
import { parseHTML } from 'linkedom';
import { extractHtml } from '../../src/core/extract/index.ts';
import { analyze } from '../../src/core/analyze.ts';
import { compileRuleset } from '../../src/core/rules/compiled.ts';
import type { Ruleset } from '../../src/core/rules/schema.ts';
import { defaultDataDir, loadTrafilaturaPages, type TrafilaturaPage } from './trafilatura-pages.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const dataDir = arg('--data') ?? defaultDataDir();
const WORST = Number(arg('--worst') ?? 15);
/** --worst-group en|other-tuning; --worst-pipeline lists content.main failures instead of the extractor's. */
const WORST_GROUP = arg('--worst-group');
const WORST_PIPELINE = process.argv.includes('--worst-pipeline');
/** For quick tuning runs: no Readability, no other-language pages, or no test half. */
const NO_READABILITY = process.argv.includes('--no-readability');
const SKIP_OTHER = process.argv.includes('--en-only');
const NO_TEST = process.argv.includes('--no-test');

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const lower = (s: string) => norm(s).toLowerCase();

/** 32-bit FNV-1a over the UTF-8 bytes of `s`. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

interface Counts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}
const zero = (): Counts => ({ tp: 0, fn: 0, fp: 0, tn: 0 });
function add(a: Counts, b: Counts) {
  a.tp += b.tp;
  a.fn += b.fn;
  a.fp += b.fp;
  a.tn += b.tn;
}
function metrics(c: Counts) {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const total = c.tp + c.fn + c.fp + c.tn;
  const accuracy = total ? (c.tp + c.tn) / total : 0;
  return { precision, recall, f1, accuracy };
}

interface PageScore extends Counts {
  missing: string[];
  present: string[];
}
function scorePage(page: TrafilaturaPage, output: string): PageScore {
  const out = norm(output);
  const s: PageScore = { ...zero(), missing: [], present: [] };
  for (const w of page.with) {
    if (out.includes(norm(w))) s.tp++;
    else {
      s.fn++;
      s.missing.push(w);
    }
  }
  for (const w of page.without) {
    if (out.includes(norm(w))) {
      s.fp++;
      s.present.push(w);
    } else s.tn++;
  }
  return s;
}

interface Result {
  name: string;
  total: Counts;
  halves: [Counts, Counts];
  pages: Map<string, PageScore>;
}
function newResult(name: string): Result {
  return { name, total: zero(), halves: [zero(), zero()], pages: new Map() };
}
function record(r: Result, page: TrafilaturaPage, half: 0 | 1, output: string) {
  const s = scorePage(page, output);
  r.pages.set(page.key, s);
  add(r.total, s);
  add(r.halves[half], s);
}

// ---------- metadata ----------

type MetaField = 'title' | 'author' | 'date' | 'sitename';
interface MetaTally {
  annotated: number;
  ours: number;
  matched: number;
  /** False when our meta has no such field at all (date until `meta.published` exists). */
  available: boolean;
}

function gold(page: TrafilaturaPage, f: MetaField): string | undefined {
  const v = page[f];
  const s = Array.isArray(v) ? v.join('; ') : typeof v === 'string' ? v : undefined;
  return s && norm(s) ? s : undefined;
}

function metaMatch(f: MetaField, goldValue: string, ours: string | undefined): boolean {
  if (!ours || !norm(ours)) return false;
  const g = lower(goldValue);
  const o = lower(ours);
  if (f === 'title') return o.includes(g) || g.includes(o);
  if (f === 'date') return o.slice(0, 10) === g.slice(0, 10);
  return o === g;
}

// ---------- main ----------

function pct(x: number) {
  return `${(100 * x).toFixed(1)}%`;
}
function trunc(s: string, n = 60) {
  const t = norm(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
function table(rows: string[][], rightFrom = 1): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i >= rightFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')).join('\n');
}

type Group = 'en' | 'other-tuning' | 'other-test';
const GROUPS: Group[] = ['en', 'other-tuning', 'other-test'];
const GROUP_NAME: Record<Group, string> = { en: 'English (170 pages)', 'other-tuning': 'other languages, tuning half', 'other-test': 'other languages, test half' };

/**
 * extractHtml() as it ships: bundled and minified by esbuild, as wrangler bundles the Worker (under tsx
 * our TypeScript runs through a development transform that wraps every function, while Readability
 * runs as plain JS). The same bundling as bench/bench.ts.
 */
async function shippedExtractHtml(): Promise<typeof extractHtml> {
  const dir = join(repo, '.tmp/eval-extract');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'extract.mjs');
  buildSync({ entryPoints: [join(repo, 'src/core/extract/index.ts')], bundle: true, minify: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  return ((await import(out)) as { extractHtml: typeof extractHtml }).extractHtml;
}

async function main() {
  const extractShipped = await shippedExtractHtml();
  const missing: Array<{ key: string; file: string }> = [];
  const tLoad = performance.now();
  const en = loadTrafilaturaPages({ dataDir, set: 'en', onMissing: (key, file) => missing.push({ key, file }) });
  if (!en) {
    console.log(`eval:extract — trafilatura evaluation data not found in ${join(dataDir, 'boilerplate')}: nothing to evaluate.`);
    return;
  }
  const other = SKIP_OTHER ? [] : loadTrafilaturaPages({ dataDir, set: 'other', onMissing: (key, file) => missing.push({ key, file }) }) ?? [];
  const groupOf = (p: TrafilaturaPage, set: 'en' | 'other'): Group => (set === 'en' ? 'en' : p.half === 'tuning' ? 'other-tuning' : 'other-test');
  const tagged = [...en.map((p) => ({ p, g: groupOf(p, 'en') })), ...other.map((p) => ({ p, g: groupOf(p, 'other') }))].filter(
    (x) => !(NO_TEST && x.g === 'other-test'),
  );
  const loadMs = performance.now() - tLoad;
  const pages = tagged.map((x) => x.p);
  const totalBytes = pages.reduce((a, p) => a + p.bytes, 0);

  const ours = newResult('ours, extractor alone (main)');
  // The product's content.main: the extractor's main blocks minus what the boilerplate rules
  // (bundled copy) claim inside them.
  const pipeline = newResult('ours + rules (content.main)');
  const bundled = compileRuleset(JSON.parse(readFileSync(join(repo, 'rules/dist/ruleset.bundled.json'), 'utf8')) as Ruleset);
  let pipelineMs = 0;
  const all = newResult('no extraction (all text)');
  const rdb = newResult('readability+linkedom');
  const byGroup = new Map<Group, Map<string, Counts>>(GROUPS.map((g) => [g, new Map()]));
  const tally = (g: Group, name: string, s: Counts) => {
    const m = byGroup.get(g)!;
    if (!m.has(name)) m.set(name, zero());
    add(m.get(name)!, s);
  };
  const groupMs = new Map<Group, { pages: number; ours: number; rdb: number; ratios: number[] }>(GROUPS.map((g) => [g, { pages: 0, ours: 0, rdb: 0, ratios: [] }]));
  const metaFields: MetaField[] = ['title', 'author', 'date', 'sitename'];
  const meta: Record<MetaField, MetaTally> = Object.fromEntries(
    metaFields.map((f) => [f, { annotated: 0, ours: 0, matched: 0, available: true }]),
  ) as Record<MetaField, MetaTally>;
  let publishedSeen = false;
  const rdbThrew: string[] = [];
  const rdbNull: string[] = [];
  const oursThrew: string[] = [];
  let oursMs = 0;
  let rdbMs = 0;
  const halfSize: [number, number] = [0, 0];
  const halfSnippets: [number, number] = [0, 0];
  const groupOfKey = new Map<string, Group>();

  for (const { p: page, g } of tagged) {
    groupOfKey.set(page.key, g);
    const half = (fnv1a(page.key) % 2) as 0 | 1;
    halfSize[half]++;
    halfSnippets[half] += page.with.length + page.without.length;
    const gm = groupMs.get(g)!;
    gm.pages++;

    let t0 = performance.now();
    let ex: ReturnType<typeof extractHtml> | undefined;
    try {
      ex = extractHtml(page.html);
    } catch (e) {
      oursThrew.push(page.key);
      console.warn(`ours threw on ${page.key}: ${(e as Error).message}`);
    }
    const oMs = performance.now() - t0;
    oursMs += oMs;
    record(ours, page, half, ex?.main ?? '');
    tally(g, ours.name, ours.pages.get(page.key)!);
    record(all, page, half, ex?.text ?? '');
    tally(g, all.name, all.pages.get(page.key)!);
    t0 = performance.now();
    record(pipeline, page, half, analyze({ html: page.html }, bundled, { origin: 'bundled' }).content.main);
    pipelineMs += performance.now() - t0;
    tally(g, pipeline.name, pipeline.pages.get(page.key)!);

    if (!NO_READABILITY) {
      t0 = performance.now();
      let text = '';
      try {
        const { document } = parseHTML(page.html);
        const art = new Readability(document).parse();
        if (!art) rdbNull.push(page.key);
        text = art?.textContent ?? '';
      } catch {
        rdbThrew.push(page.key);
      }
      const rMs = performance.now() - t0;
      rdbMs += rMs;
      record(rdb, page, half, text);
      tally(g, rdb.name, rdb.pages.get(page.key)!);
    }

    const m = (ex?.meta ?? {}) as Record<string, unknown>;
    if ('published' in m) publishedSeen = true;
    const oursMeta: Record<MetaField, string | undefined> = {
      title: typeof m.title === 'string' ? m.title : undefined,
      author: typeof m.byline === 'string' ? m.byline : undefined,
      date: typeof m.published === 'string' ? m.published : undefined,
      sitename: typeof m.siteName === 'string' ? m.siteName : undefined,
    };
    if (g === 'en') {
      for (const f of metaFields) {
        const gv = gold(page, f);
        if (!gv) continue;
        meta[f].annotated++;
        if (oursMeta[f] && norm(oursMeta[f]!)) meta[f].ours++;
        if (metaMatch(f, gv, oursMeta[f])) meta[f].matched++;
      }
    }
  }
  meta.date.available = publishedSeen;

  // Timing pass, page for page. The quality pass above was the warm-up of both extractors. Then per
  // page, in turn: ours as it ships (bundled), the fastest of 3 runs; Readability (linkedom parse +
  // extract), one run.
  // A full garbage collection every 20 pages: the quality pass leaves a large heap of garbage
  // (the whole analysis of every page), and whichever extractor allocates next would pay for sweeping it.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (const { p: page } of tagged) extractShipped(page.html); // warm-up of the bundled copy
  const perPage = new Map<string, { ours: number; rdb: number }>();
  let n = 0;
  for (const { p: page } of tagged) {
    if (n++ % 20 === 0) gc();
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      try {
        extractShipped(page.html);
      } catch {
        // counted above
      }
      best = Math.min(best, performance.now() - t0);
    }
    let rdbTime = NaN;
    if (!NO_READABILITY) {
      const t0 = performance.now();
      try {
        new Readability(parseHTML(page.html).document).parse();
      } catch {
        // counted above
      }
      rdbTime = performance.now() - t0;
    }
    perPage.set(page.key, { ours: best, rdb: rdbTime });
  }
  for (const { p: page, g } of tagged) {
    const t = perPage.get(page.key)!;
    const gm = groupMs.get(g)!;
    gm.ours += t.ours;
    if (!NO_READABILITY) {
      gm.rdb += t.rdb;
      gm.ratios.push(t.rdb / Math.max(t.ours, 1e-3));
    }
  }

  const results = NO_READABILITY ? [pipeline, ours, all] : [pipeline, ours, rdb, all];
  const withCount = pages.reduce((a, p) => a + p.with.length, 0);
  const withoutCount = pages.reduce((a, p) => a + p.without.length, 0);

  console.log(`eval:extract — trafilatura evaluation set (${join(dataDir, 'boilerplate')})`);
  console.log(
    `pages: ${pages.length} (${(totalBytes / 1e6).toFixed(1)} MB HTML), snippets: ${withCount} with + ${withoutCount} without; loaded in ${(loadMs / 1000).toFixed(1)} s`,
  );
  const sites = (g: Group) => new Set(tagged.filter((x) => x.g === g).map((x) => x.p.site)).size;
  console.log(
    `other-language pages split by site (registrable domain; FNV-1a of the site, even: tuning, odd: test; sites with English pages: tuning): ` +
      GROUPS.filter((g) => g !== 'en').map((g) => `${g} ${groupMs.get(g)!.pages} pages / ${sites(g)} sites`).join(', '),
  );
  if (missing.length) console.log(`missing from the archive (skipped): ${missing.length}: ${missing.map((m) => m.file).join(', ')}`);
  for (const g of GROUPS) {
    const gm = groupMs.get(g)!;
    if (!gm.pages) continue;
    console.log(`\n${GROUP_NAME[g]}: ${gm.pages} pages`);
    const rows = [['extractor', 'TP', 'FN', 'FP', 'TN', 'precision', 'recall', 'F1']];
    for (const r of results) {
      const c = byGroup.get(g)!.get(r.name);
      if (!c) continue;
      const m = metrics(c);
      rows.push([r.name, ...[c.tp, c.fn, c.fp, c.tn].map(String), ...[m.precision, m.recall, m.f1].map((x) => x.toFixed(3))]);
    }
    console.log(table(rows));
    if (!NO_READABILITY) {
      const rs = [...gm.ratios].sort((a, b) => a - b);
      const med = rs[Math.floor(rs.length / 2)];
      const slower = rs.filter((x) => x < 10).length;
      console.log(
        `time per page (timing pass): ours ${(gm.ours / gm.pages).toFixed(2)} ms, readability+linkedom ${(gm.rdb / gm.pages).toFixed(2)} ms (${(gm.rdb / gm.ours).toFixed(1)}× overall; page for page median ${med.toFixed(1)}×, under 10× on ${slower} of ${rs.length} pages)`,
      );
    } else console.log(`time per page: ours ${(gm.ours / gm.pages).toFixed(2)} ms`);
  }

  console.log(`\nAll pages together:`);
  const rows = [['extractor', 'pages', 'TP', 'FN', 'FP', 'TN', 'precision', 'recall', 'F1', 'accuracy']];
  for (const r of results) {
    const m = metrics(r.total);
    rows.push([r.name, String(r.pages.size), ...[r.total.tp, r.total.fn, r.total.fp, r.total.tn].map(String), ...[m.precision, m.recall, m.f1, m.accuracy].map((x) => x.toFixed(3))]);
  }
  console.log(table(rows));

  if (rdbThrew.length || rdbNull.length || oursThrew.length) {
    console.log('');
    if (oursThrew.length) console.log(`ours threw on ${oursThrew.length} pages (counted as empty output): ${oursThrew.join(', ')}`);
    if (rdbThrew.length) console.log(`readability threw on ${rdbThrew.length} pages (counted as empty output): ${rdbThrew.join(', ')}`);
    if (rdbNull.length) console.log(`readability returned null on ${rdbNull.length} pages (empty output)`);
  }

  console.log('\nMetadata, ours, English pages (annotated pages only; case-insensitive, whitespace-normalised; title: containment either way; date: YYYY-MM-DD of meta.published):');
  const mrows = [['field', 'annotated', 'ours set', 'matched', 'share']];
  for (const f of metaFields) {
    const t = meta[f];
    if (!t.available) mrows.push([f, String(t.annotated), 'n/a', 'n/a', 'n/a (no meta.published)']);
    else mrows.push([f, String(t.annotated), String(t.ours), String(t.matched), t.annotated ? pct(t.matched / t.annotated) : 'n/a']);
  }
  console.log(table(mrows));

  // The worst pages list prints evaluation snippets (third-party text) to the
  // terminal only, for tuning. It is never written to a file.
  // Pages of the test half are never listed: reading their failures would be tuning on them.
  const worstOf = WORST_PIPELINE ? pipeline : ours;
  const worst = [...worstOf.pages.entries()]
    .filter(([k, s]) => s.fn + s.fp > 0 && groupOfKey.get(k) !== 'other-test' && (!WORST_GROUP || groupOfKey.get(k) === WORST_GROUP))
    .sort((a, b) => b[1].fn + b[1].fp - (a[1].fn + a[1].fp) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, WORST);
  console.log(`\nWorst ${worst.length} pages for ${worstOf.name} (by FN+FP; English and other-tuning only):`);
  for (const [key, s] of worst) {
    console.log(`  ${key}  FN ${s.fn}, FP ${s.fp} (of ${s.tp + s.fn} with, ${s.fp + s.tn} without)`);
    for (const x of s.missing) console.log(`      missing: ${trunc(x)}`);
    for (const x of s.present) console.log(`      present: ${trunc(x)}`);
  }

  console.log(`\nTimings of the quality pass (one pass over ${pages.length} pages, no warm-up; the per-set times above are the timing pass):`);
  console.log(`  ours (extractHtml)            ${oursMs.toFixed(0)} ms total, ${(oursMs / pages.length).toFixed(2)} ms/page`);
  console.log(`  ours + rules (whole analyze)  ${pipelineMs.toFixed(0)} ms total, ${(pipelineMs / pages.length).toFixed(2)} ms/page`);
  if (!NO_READABILITY) console.log(`  readability+linkedom          ${rdbMs.toFixed(0)} ms total, ${(rdbMs / pages.length).toFixed(2)} ms/page`);

  const summary = {
    generated: new Date().toISOString(),
    data: 'trafilatura evaluation set: English pages (evaldata_en.json) and other-language pages (evaldata_other.json) split by site',
    groups: Object.fromEntries(
      GROUPS.map((g) => {
        const gm = groupMs.get(g)!;
        return [
          g,
          {
            pages: gm.pages,
            msPerPage: { ours: gm.pages ? gm.ours / gm.pages : null, readabilityLinkedom: gm.pages && !NO_READABILITY ? gm.rdb / gm.pages : null },
            extractors: Object.fromEntries([...byGroup.get(g)!.entries()].map(([n, c]) => [n, { ...c, ...metrics(c) }])),
          },
        ];
      }),
    ),
    pages: pages.length,
    htmlBytes: totalBytes,
    snippets: { with: withCount, without: withoutCount },
    missing: missing.map((m) => m.key),
    extractors: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          pages: r.pages.size,
          ...r.total,
          ...metrics(r.total),
          halves: { even: { ...r.halves[0], f1: metrics(r.halves[0]).f1 }, odd: { ...r.halves[1], f1: metrics(r.halves[1]).f1 } },
        },
      ]),
    ),
    halves: { even: halfSize[0], odd: halfSize[1] },
    failures: { oursThrew, readabilityThrew: rdbThrew, readabilityNull: rdbNull },
    metadata: Object.fromEntries(
      metaFields.map((f) => {
        const t = meta[f];
        return [f, t.available ? { annotated: t.annotated, ours: t.ours, matched: t.matched, share: t.annotated ? t.matched / t.annotated : null } : { annotated: t.annotated, share: 'n/a' }];
      }),
    ),
    // Keys and counts only: no page text and no snippets.
    worst: worst.map(([key, s]) => ({ key, tp: s.tp, fn: s.fn, fp: s.fp, tn: s.tn })),
    timingsMs: { ours: oursMs, readabilityLinkedom: rdbMs },
  };
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  // Per-page counts of the extractor and of content.main (keys and counts only), to compare two runs.
  const dump = arg('--dump');
  if (dump) {
    const rows = [...ours.pages.entries()].map(([k, s]) => {
      const q = pipeline.pages.get(k)!;
      return `${groupOfKey.get(k)}\t${k}\t${s.fn}\t${s.fp}\t${q.fn}\t${q.fp}`;
    });
    writeFileSync(dump, `${rows.join('\n')}\n`);
  }
  writeFileSync(join(repo, '.tmp/eval-extract.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log('\nwrote .tmp/eval-extract.json');
}

await main();
