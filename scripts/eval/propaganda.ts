/**
 * npm run eval:propaganda — the propaganda signal against the Propaganda
 * Techniques Corpus (SemEval-2020 Task 11 training set, DEV half only:
 * ../shared/data/propaganda, see its PROVENANCE.md).
 *
 * Each article is analysed as plain text with the compiled rule set
 * (rules/dist/ruleset.bundled.json unless --rules FILE). Predictions are the
 * report's findings with signal `propaganda` and a `technique`; their offsets
 * are UTF-16 indices into `content.text`, which must equal the input text
 * (asserted). Gold offsets are Python `str` indices, i.e. code points: they
 * are converted to UTF-16 indices for the articles with astral characters.
 * Articles are read as UTF-8 without stripping the byte-order mark, which the
 * organisers' offsets count as one character.
 *
 * Metrics, the partial-overlap formulas of Da San Martino et al. (2019) and
 * SemEval-2020 Task 11, micro-averaged over all articles:
 *
 * - span identification (SI): per article, predicted spans merged where they
 *   overlap or touch (S), gold task-1 spans merged likewise (T);
 *   C(s,t,h) = |s ∩ t| / h; P = ΣΣ C(s,t,|s|) / Σ|S|, R = ΣΣ C(s,t,|t|) / Σ|T|,
 *   F1 = 2PR / (P+R);
 * - labelled: the same over (span, technique) pairs, gold from the task-2
 *   files; spans are merged within one technique only and C counts only when
 *   the techniques are equal. Overall and per technique (the 14 names of
 *   techniques-semeval2020task11.txt, in that order), plus a row for
 *   predictions naming another technique (they count in the overall
 *   precision denominator and can never match);
 * - both F1 scores on two fixed halves of the articles (FNV-1a of the article
 *   id `articleNNN`, even/odd), so tuning on one half can be checked on the other;
 * - predictions per 1,000 words; article size in words;
 * - timing after one warm-up pass: mean and p95 per article of the whole
 *   analyze() call and of the propaganda analyzer (report.stats.timings.propaganda);
 * - calibration: share of documents with signals.propaganda.flagged and the
 *   distribution of signals.propaganda.risk on ordinary news (Wikinews
 *   2019–2020, documents of at least 150 words) against the PTC articles, and
 *   the 15 rules that fire most on Wikinews (rule ids only).
 *
 * The articles and their labels are third-party data for evaluation only.
 * The JSON summary (.tmp/eval-propaganda.json) holds counts, scores and rule
 * ids, never article or span text. `--worst N` prints span texts to the
 * terminal for tuning, nowhere else.
 *
 *   npx tsx scripts/eval/propaganda.ts [--data DIR] [--rules FILE] [--worst N]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { analyze } from '../../src/core/analyze.ts';
import type { Finding, Report } from '../../src/core/types.ts';
import { loadRules } from './rules.ts';
import { defaultDataDir } from './trafilatura-pages.ts';
import { dist } from './stats.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const dataDir = resolve(arg('--data') ?? defaultDataDir());
const rulesFile = resolve(arg('--rules') ?? join(repo, 'rules/dist/ruleset.bundled.json'));
const WORST = Number(arg('--worst') ?? 0);
const MIN_WORDS = 150;
const PTC = join(dataDir, 'propaganda');
const WIKINEWS = join(dataDir, 'news/wikinews_en_2019_2020.jsonl.gz');
/** Gold techniques whose missed spans `--worst` lists. */
const WORST_MISSED = ['Loaded_Language', 'Name_Calling,Labeling'];

// ---------- spans and scoring ----------

interface Span {
  start: number;
  end: number;
}

/** Spans sorted and merged where they overlap or touch. */
function merge(spans: Span[]): Span[] {
  const s = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ start: x.start, end: x.end });
  }
  return out;
}

/** Micro-averaged partial-overlap tallies: numerators and denominators of P and R. */
interface Tally {
  pNum: number;
  pDen: number;
  rNum: number;
  rDen: number;
}
const newTally = (): Tally => ({ pNum: 0, pDen: 0, rNum: 0, rDen: 0 });
function addTally(a: Tally, b: Tally) {
  a.pNum += b.pNum;
  a.pDen += b.pDen;
  a.rNum += b.rNum;
  a.rDen += b.rDen;
}

/** Σ C(s,t,|s|), Σ C(s,t,|t|), |S|, |T| for one article (both lists merged, so sorted and disjoint). */
function score(S: Span[], T: Span[]): Tally {
  const t: Tally = { pNum: 0, pDen: S.length, rNum: 0, rDen: T.length };
  let j0 = 0;
  for (const s of S) {
    while (j0 < T.length && T[j0].end <= s.start) j0++;
    for (let j = j0; j < T.length && T[j].start < s.end; j++) {
      const inter = Math.min(s.end, T[j].end) - Math.max(s.start, T[j].start);
      if (inter <= 0) continue;
      t.pNum += inter / (s.end - s.start);
      t.rNum += inter / (T[j].end - T[j].start);
    }
  }
  return t;
}

function prf(t: Tally) {
  const precision = t.pDen ? t.pNum / t.pDen : 0;
  const recall = t.rDen ? t.rNum / t.rDen : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** 32-bit FNV-1a over the UTF-8 bytes of `s` (as in eval-extract). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// ---------- data ----------

interface GoldTc extends Span {
  technique: string;
}
interface Article {
  id: string;
  text: string;
  si: Span[];
  tc: GoldTc[];
  /** The text holds characters outside the BMP: gold offsets were converted from code points. */
  astral: boolean;
  bom: boolean;
}
interface LoadNotes {
  astralArticles: string[];
  bomArticles: string[];
  emptySi: number;
  emptyTc: number;
  missingLabelFiles: number;
  invalidSpans: number;
  siOverlapPairs: number;
  tcDuplicates: number;
  tcSameTechniqueOverlaps: number;
  siTcCoverDiffers: number;
}

/** Map from code-point index (0..n inclusive) to UTF-16 index, or null when the two coincide. */
function codePointToUtf16(text: string): Int32Array | null {
  if (!/[\uD800-\uDBFF]/.test(text)) return null;
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    map.push(i);
    i += ch.length;
  }
  map.push(i);
  return Int32Array.from(map);
}

function loadPtc(): { articles: Article[]; techniques: string[]; notes: LoadNotes } | null {
  const artDir = join(PTC, 'train-articles');
  const siDir = join(PTC, 'train-labels-task1-span-identification');
  const tcDir = join(PTC, 'train-labels-task2-technique-classification');
  const techFile = join(PTC, 'techniques-semeval2020task11.txt');
  if (![artDir, siDir, tcDir, techFile].every(existsSync)) return null;
  const techniques = readFileSync(techFile, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const notes: LoadNotes = {
    astralArticles: [],
    bomArticles: [],
    emptySi: 0,
    emptyTc: 0,
    missingLabelFiles: 0,
    invalidSpans: 0,
    siOverlapPairs: 0,
    tcDuplicates: 0,
    tcSameTechniqueOverlaps: 0,
    siTcCoverDiffers: 0,
  };
  const readLines = (f: string): string[][] | null => {
    if (!existsSync(f)) return null;
    return readFileSync(f, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim()).map((l) => l.split('\t'));
  };
  const articles: Article[] = [];
  for (const file of readdirSync(artDir).filter((f) => /^article\d+\.txt$/.test(f)).sort()) {
    const id = file.replace(/\.txt$/, '');
    // Buffer#toString keeps a leading U+FEFF, as Python's 'utf-8' codec does: the offsets count it.
    const text = readFileSync(join(artDir, file)).toString('utf8');
    const map = codePointToUtf16(text);
    const cpLength = map ? map.length - 1 : text.length;
    const conv = (n: number) => (map ? map[n] : n);
    const valid = (a: number, b: number) => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < b && b <= cpLength;
    const siRows = readLines(join(siDir, `${id}.task1-SI.labels`));
    const tcRows = readLines(join(tcDir, `${id}.task2-TC.labels`));
    if (!siRows || !tcRows) notes.missingLabelFiles++;
    const si: Span[] = [];
    for (const r of siRows ?? []) {
      const a = Number(r[1]);
      const b = Number(r[2]);
      if (!valid(a, b)) notes.invalidSpans++;
      else si.push({ start: conv(a), end: conv(b) });
    }
    const tc: GoldTc[] = [];
    for (const r of tcRows ?? []) {
      const a = Number(r[2]);
      const b = Number(r[3]);
      if (!valid(a, b)) notes.invalidSpans++;
      else tc.push({ technique: r[1], start: conv(a), end: conv(b) });
    }
    if (siRows && siRows.length === 0) notes.emptySi++;
    if (tcRows && tcRows.length === 0) notes.emptyTc++;
    if (map) notes.astralArticles.push(id);
    if (text.charCodeAt(0) === 0xfeff) notes.bomArticles.push(id);
    // Data checks, reported (nothing is dropped for them).
    const sortedSi = [...si].sort((x, y) => x.start - y.start);
    for (let i = 1; i < sortedSi.length; i++) if (sortedSi[i].start < sortedSi[i - 1].end) notes.siOverlapPairs++;
    const unique = new Map<string, GoldTc>();
    for (const g of tc) {
      const k = `${g.technique}\t${g.start}\t${g.end}`;
      if (unique.has(k)) notes.tcDuplicates++;
      unique.set(k, g);
    }
    const byTech = new Map<string, Span[]>();
    for (const g of unique.values()) byTech.set(g.technique, [...(byTech.get(g.technique) ?? []), g]);
    for (const list of byTech.values()) {
      list.sort((x, y) => x.start - y.start);
      for (let i = 1; i < list.length; i++) if (list[i].start < list[i - 1].end) notes.tcSameTechniqueOverlaps++;
    }
    const key = (l: Span[]) => merge(l).map((s) => `${s.start}-${s.end}`).join(',');
    if (key(si) !== key(tc)) notes.siTcCoverDiffers++;
    articles.push({ id, text, si, tc, astral: !!map, bom: text.charCodeAt(0) === 0xfeff });
  }
  return { articles, techniques, notes };
}

function loadWikinews(): string[] | null {
  if (!existsSync(WIKINEWS)) return null;
  return gunzipSync(readFileSync(WIKINEWS))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}


// ---------- statistics and output ----------

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const round4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : null);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function table(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ');
  return [line(cells[0]), w.map((n) => '-'.repeat(n)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

// ---------- evaluation ----------

type Prediction = Span & { technique: string; rule: string; text: string };

const predictionsOf = (r: Report): Prediction[] =>
  r.findings
    .filter((f): f is Finding & { technique: string } => f.signal === 'propaganda' && typeof f.technique === 'string' && f.technique.length > 0)
    .map((f) => ({ start: f.start, end: f.end, technique: f.technique, rule: f.rule, text: f.text }));

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

function main(): number {
  const t0 = performance.now();
  const ptc = loadPtc();
  if (!ptc) {
    console.log(`eval:propaganda — PTC data not found in ${PTC} (train-articles/, train-labels-task1-span-identification/, train-labels-task2-technique-classification/, techniques-semeval2020task11.txt): nothing to evaluate. Pass --data DIR or set NEWSAUDIT_DATA.`);
    return 0;
  }
  if (!existsSync(rulesFile)) {
    console.log(`eval:propaganda — rule set ${rulesFile} not found (run npm run rules:build): nothing to evaluate.`);
    return 0;
  }
  const { articles, techniques, notes } = ptc;
  if (!Number.isInteger(WORST) || WORST < 0) throw new Error(`--worst wants a whole number ≥ 0, got ${arg('--worst')}`);
  const rules = loadRules(rulesFile);
  const wiki = loadWikinews();
  const tLoad = performance.now();

  // Warm-up pass (JIT, caches), then the measured pass whose reports are scored.
  for (const a of articles) analyze({ text: a.text }, rules, { origin: 'file' });
  const totalMs: number[] = [];
  const propMs: number[] = [];
  const reports: Report[] = [];
  for (const a of articles) {
    const s = performance.now();
    const r = analyze({ text: a.text }, rules, { origin: 'file' });
    totalMs.push(performance.now() - s);
    propMs.push(r.stats.timings.propaganda ?? NaN);
    if (r.content.text !== a.text) throw new Error(`content.text differs from the input for ${a.id}: finding offsets would not line up`);
    reports.push(r);
  }
  const tEval = performance.now();

  const known = new Set(techniques);
  const si = newTally();
  const everySentence = newTally();
  const lab = newTally();
  const halves = [
    { si: newTally(), lab: newTally(), articles: 0 },
    { si: newTally(), lab: newTally(), articles: 0 },
  ];
  const perTech = new Map<string, Tally & { findings: number }>(techniques.map((t) => [t, { ...newTally(), findings: 0 }]));
  /** Predictions naming a technique outside the 14: technique → findings, merged spans. */
  const unknownTech = new Map<string, { findings: number; spans: number }>();
  let noTechnique = 0;
  let predFindings = 0;
  let goldSiRaw = 0;
  let goldSiMerged = 0;
  let goldTcRaw = 0;
  let predMergedSi = 0;
  let words = 0;
  let wsWords = 0;
  const ptcByRule = new Map<string, { findings: number; onGold: number }>();
  const fp = new Map<string, number>();
  const missed = new Map<string, number>();

  articles.forEach((a, i) => {
    const r = reports[i];
    const preds = predictionsOf(r);
    noTechnique += r.findings.filter((f) => f.signal === 'propaganda' && !f.technique).length;
    predFindings += preds.length;
    words += r.stats.words;
    wsWords += a.text.split(/\s+/).filter(Boolean).length;
    goldSiRaw += a.si.length;
    goldTcRaw += a.tc.length;
    const half = halves[fnv1a(a.id) % 2];
    half.articles++;

    // SI
    const S = merge(preds);
    const T = merge(a.si);
    predMergedSi += S.length;
    goldSiMerged += T.length;
    const sSi = score(S, T);
    addTally(si, sSi);
    // Baseline: every sentence of the article as a predicted span (the metric rewards long spans).
    const sentences: Span[] = [];
    for (const m of a.text.matchAll(/[^\n.!?]+[.!?]*/g)) {
      const lead = m[0].length - m[0].trimStart().length;
      const t = m[0].trim();
      if (t) sentences.push({ start: m.index! + lead, end: m.index! + lead + t.length });
    }
    addTally(everySentence, score(merge(sentences), T));
    addTally(half.si, sSi);

    // Labelled, per technique.
    const techs = new Set([...preds.map((p) => p.technique), ...a.tc.map((g) => g.technique)]);
    for (const tech of techs) {
      const Sl = merge(preds.filter((p) => p.technique === tech));
      const Tl = merge(a.tc.filter((g) => g.technique === tech));
      const sl = score(Sl, Tl);
      addTally(lab, sl);
      addTally(half.lab, sl);
      const row = perTech.get(tech);
      if (row) {
        addTally(row, sl);
        row.findings += preds.filter((p) => p.technique === tech).length;
      } else if (!known.has(tech) && Sl.length) {
        const u = unknownTech.get(tech) ?? { findings: 0, spans: 0 };
        u.findings += preds.filter((p) => p.technique === tech).length;
        u.spans += Sl.length;
        unknownTech.set(tech, u);
      }
    }

    // Per rule on PTC: findings and how many overlap any gold span.
    const goldAll = [...a.si, ...a.tc];
    for (const p of preds) {
      const e = ptcByRule.get(p.rule) ?? { findings: 0, onGold: 0 };
      e.findings++;
      const hit = goldAll.some((g) => overlaps(p, g));
      if (hit) e.onGold++;
      ptcByRule.set(p.rule, e);
      if (WORST > 0 && !hit) {
        const k = `${norm(p.text).toLowerCase()}\t${p.rule}\t${p.technique}`;
        fp.set(k, (fp.get(k) ?? 0) + 1);
      }
    }
    if (WORST > 0) {
      for (const g of a.tc) {
        if (!WORST_MISSED.includes(g.technique) || preds.some((p) => overlaps(p, g))) continue;
        const k = `${norm(a.text.slice(g.start, g.end)).toLowerCase()}\t${g.technique}`;
        missed.set(k, (missed.get(k) ?? 0) + 1);
      }
    }
  });

  // ---------- calibration ----------
  const ptcCal = reports.filter((r) => r.stats.words >= MIN_WORDS);
  const wikiCal: Report[] = [];
  let wikiShort = 0;
  const wikiByRule = new Map<string, { findings: number; docs: number }>();
  if (wiki) {
    for (const text of wiki) {
      const r = analyze({ text }, rules, { origin: 'file' });
      if (r.stats.words < MIN_WORDS) {
        wikiShort++;
        continue;
      }
      wikiCal.push(r);
      const seenRules = new Set<string>();
      for (const f of r.findings) {
        if (f.signal !== 'propaganda') continue;
        const e = wikiByRule.get(f.rule) ?? { findings: 0, docs: 0 };
        e.findings++;
        if (!seenRules.has(f.rule)) e.docs++;
        seenRules.add(f.rule);
        wikiByRule.set(f.rule, e);
      }
    }
  }
  const propFindings = (r: Report) => r.findings.filter((f) => f.signal === 'propaganda').length;
  const calRow = (docs: Report[]) => {
    const w = docs.reduce((s, r) => s + r.stats.words, 0);
    const n = docs.reduce((s, r) => s + propFindings(r), 0);
    return {
      docs: docs.length,
      flagged: docs.filter((r) => r.signals.propaganda.flagged).length,
      flaggedShare: docs.length ? docs.filter((r) => r.signals.propaganda.flagged).length / docs.length : NaN,
      findingsPer1000Words: w ? (n * 1000) / w : NaN,
      risk: dist(docs.map((r) => r.signals.propaganda.risk)),
    };
  };
  const calib = { wikinews: wiki ? calRow(wikiCal) : null, ptc: calRow(ptcCal) };
  const topWiki = [...wikiByRule].sort((a, b) => b[1].findings - a[1].findings || (a[0] < b[0] ? -1 : 1)).slice(0, 15);

  // ---------- report ----------
  const tEnd = performance.now();
  const rs = rules.source;
  const pcfg = rs.scoring.signals.propaganda;
  const rulesRel = relative(repo, rulesFile) || rulesFile;
  const siM = prf(si);
  const labM = prf(lab);
  const dTotal = dist(totalMs);
  const dProp = dist(propMs);
  const out: string[] = [];
  out.push(
    `eval:propaganda — rule set ${rules.version} (${rulesRel}; propaganda flagAt ${pcfg.flagAt}, halfRiskDensity ${pcfg.halfRiskDensity})`,
    `PTC: SemEval-2020 Task 11 training set, DEV half (${PTC}); loaded in ${((tLoad - t0) / 1000).toFixed(1)} s`,
    `articles ${articles.length} (${notes.emptyTc} with no gold span), words ${words} (tokenizer; ${wsWords} whitespace-separated), mean ${(words / articles.length).toFixed(0)} words per article`,
    `gold: ${goldSiRaw} SI spans (${goldSiMerged} after merging overlaps: ${notes.siOverlapPairs} overlapping pairs), ${goldTcRaw} technique spans (${notes.tcDuplicates} exact duplicate, ${notes.tcSameTechniqueOverlaps} same-technique overlaps)`,
    `predicted: ${predFindings} findings with a technique (${predMergedSi} SI spans after merging), ${f3((predFindings * 1000) / words)} per 1,000 words` +
      (noTechnique ? `; ${noTechnique} propaganda findings without a technique were ignored` : ''),
    `offsets: code points in the data; ${notes.astralArticles.length} articles hold astral characters (${notes.astralArticles.join(', ') || 'none'}): gold offsets converted to UTF-16. ` +
      `${notes.bomArticles.length} articles start with a byte-order mark (${notes.bomArticles.join(', ') || 'none'}), kept: the gold offsets count it.`,
  );
  if (notes.invalidSpans || notes.missingLabelFiles || notes.siTcCoverDiffers) {
    out.push(`data warnings: ${notes.invalidSpans} gold spans out of range (skipped), ${notes.missingLabelFiles} articles without label files, ${notes.siTcCoverDiffers} articles whose SI and TC spans cover different characters`);
  }
  out.push(
    '',
    'Span identification and labelled (partial overlap, micro-averaged)',
    table(
      ['task', 'pred spans', 'gold spans', 'precision', 'recall', 'F1'],
      [
        ['SI (no technique)', si.pDen, si.rDen, f3(siM.precision), f3(siM.recall), f3(siM.f1)],
        ['SI baseline: every sentence', everySentence.pDen, everySentence.rDen, f3(prf(everySentence).precision), f3(prf(everySentence).recall), f3(prf(everySentence).f1)],
        ['labelled (technique must match)', lab.pDen, lab.rDen, f3(labM.precision), f3(labM.recall), f3(labM.f1)],
      ],
    ),
    '',
    'Per technique (labelled; spans merged within the technique)',
    table(
      ['technique', 'findings', 'pred spans', 'gold spans', 'precision', 'recall', 'F1'],
      [
        ...techniques.map((t) => {
          const row = perTech.get(t)!;
          const m = prf(row);
          return [t, row.findings, row.pDen, row.rDen, f3(m.precision), f3(m.recall), f3(m.f1)];
        }),
        [
          unknownTech.size ? `(other: ${[...unknownTech.keys()].join(', ')})` : '(other technique names)',
          [...unknownTech.values()].reduce((s, u) => s + u.findings, 0),
          [...unknownTech.values()].reduce((s, u) => s + u.spans, 0),
          0,
          unknownTech.size ? f3(0) : '-',
          '-',
          '-',
        ],
      ],
    ),
    '',
    `F1 by half (FNV-1a of the article id): even ${halves[0].articles} articles, odd ${halves[1].articles}`,
    table(
      ['half', 'articles', 'gold SI', 'SI F1', 'gold TC', 'labelled F1'],
      halves.map((h, i) => [i ? 'odd' : 'even', h.articles, h.si.rDen, f3(prf(h.si).f1), h.lab.rDen, f3(prf(h.lab).f1)]),
    ),
    '',
    `Timing per article (ms; ${articles.length} articles, after one warm-up pass)`,
    table(
      ['measure', 'mean', 'p50', 'p95', 'max'],
      [
        ['analyze() whole call', f3(mean(totalMs)), f3(dTotal.p50), f3(dTotal.p95), f3(dTotal.max)],
        ['propaganda analyzer', f3(mean(propMs)), f3(dProp.p50), f3(dProp.p95), f3(dProp.max)],
      ],
    ),
    '',
    `Calibration: signals.propaganda on documents of ≥ ${MIN_WORDS} words (flagged = risk ≥ ${pcfg.flagAt})`,
  );
  if (!calib.wikinews) out.push(`  Wikinews not found at ${WIKINEWS}: skipped`);
  out.push(
    table(
      ['set', 'docs', 'flagged', 'share', 'findings/1k', 'risk p50', 'p90', 'p95', 'max'],
      [
        ...(calib.wikinews ? [['Wikinews 2019–2020', calib.wikinews] as const] : []),
        ['PTC DEV articles', calib.ptc] as const,
      ].map(([name, c]) => [name, c.docs, c.flagged, pct(c.flaggedShare), f3(c.findingsPer1000Words), c.risk.p50, c.risk.p90, c.risk.p95, c.risk.max]),
    ),
  );
  if (calib.wikinews) {
    out.push(
      `(Wikinews: ${wiki!.length} documents, ${wikiShort} under ${MIN_WORDS} words left out; PTC: ${articles.length - ptcCal.length} under ${MIN_WORDS} words left out)`,
      '',
      'Rules firing most on Wikinews (propaganda findings; PTC columns: the same rule on the PTC articles, and the share of its findings that overlap a gold span)',
      table(
        ['rule', 'wikinews findings', 'wikinews docs', 'PTC findings', 'PTC on gold'],
        topWiki.map(([rule, e]) => {
          const p = ptcByRule.get(rule);
          return [rule, e.findings, e.docs, p?.findings ?? 0, p ? pct(p.onGold / p.findings) : 'n/a'];
        }),
      ),
    );
  }

  // --worst prints evaluation data (PTC article and span text) to the terminal only, for tuning.
  // Never write it to a file and never paste it into rule packs: write the product's own rules.
  if (WORST > 0) {
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, WORST);
    out.push('', `Most frequent false-positive predictions (overlap no gold span of any technique; text · rule · technique) — evaluation data, terminal only:`);
    for (const [k, n] of top(fp)) out.push(`  ${String(n).padStart(4)}  ${k.split('\t').join('  ·  ')}`);
    out.push('', `Most frequent missed gold ${WORST_MISSED.join(' / ')} spans (no prediction overlaps; text · technique) — evaluation data, terminal only:`);
    for (const [k, n] of top(missed)) out.push(`  ${String(n).padStart(4)}  ${k.split('\t').join('  ·  ')}`);
  }

  out.push('', `Time: load ${((tLoad - t0) / 1000).toFixed(1)} s, PTC (warm-up + measured pass) ${((tEval - tLoad) / 1000).toFixed(1)} s, scoring and calibration ${((tEnd - tEval) / 1000).toFixed(1)} s.`);

  // Counts, scores and rule ids only: no article text and no span text.
  const scores = (t: Tally) => {
    const m = prf(t);
    return { predSpans: t.pDen, goldSpans: t.rDen, precision: round4(m.precision), recall: round4(m.recall), f1: round4(m.f1) };
  };
  const json = {
    generated: new Date().toISOString(),
    script: 'scripts/eval/propaganda.ts',
    ruleset: { version: rules.version, file: rulesRel, flagAt: pcfg.flagAt, halfRiskDensity: pcfg.halfRiskDensity },
    data: 'SemEval-2020 Task 11 training set (PTC v2), DEV half; evaluation only',
    articles: articles.length,
    articlesWithoutGold: notes.emptyTc,
    words,
    whitespaceWords: wsWords,
    meanWordsPerArticle: round4(words / articles.length),
    gold: { siSpans: goldSiRaw, siSpansMerged: goldSiMerged, siOverlappingPairs: notes.siOverlapPairs, tcSpans: goldTcRaw, tcExactDuplicates: notes.tcDuplicates, tcSameTechniqueOverlaps: notes.tcSameTechniqueOverlaps },
    offsets: {
      note: 'Gold offsets are code points (Python str indices) and count a leading BOM; converted to UTF-16 for articles with astral characters.',
      astralArticles: notes.astralArticles,
      bomArticles: notes.bomArticles,
      invalidGoldSpans: notes.invalidSpans,
      siTcCoverDiffers: notes.siTcCoverDiffers,
    },
    predictions: { findings: predFindings, siSpansMerged: predMergedSi, per1000Words: round4((predFindings * 1000) / words), withoutTechnique: noTechnique },
    si: scores(si),
    labelled: scores(lab),
    perTechnique: Object.fromEntries(techniques.map((t) => [t, { findings: perTech.get(t)!.findings, ...scores(perTech.get(t)!) }])),
    otherTechniques: Object.fromEntries(unknownTech),
    halves: Object.fromEntries(halves.map((h, i) => [i ? 'odd' : 'even', { articles: h.articles, si: scores(h.si), labelled: scores(h.lab) }])),
    timingMs: {
      warmUp: true,
      analyze: { mean: round4(mean(totalMs)), p50: round4(dTotal.p50), p95: round4(dTotal.p95), max: round4(dTotal.max) },
      propaganda: { mean: round4(mean(propMs)), p50: round4(dProp.p50), p95: round4(dProp.p95), max: round4(dProp.max) },
    },
    calibration: {
      minWords: MIN_WORDS,
      wikinews: calib.wikinews ? { ...calib.wikinews, flaggedShare: round4(calib.wikinews.flaggedShare), findingsPer1000Words: round4(calib.wikinews.findingsPer1000Words), total: wiki!.length, tooShort: wikiShort } : null,
      ptc: { ...calib.ptc, flaggedShare: round4(calib.ptc.flaggedShare), findingsPer1000Words: round4(calib.ptc.findingsPer1000Words) },
    },
    topRulesWikinews: topWiki.map(([rule, e]) => ({ rule, ...e, ptcFindings: ptcByRule.get(rule)?.findings ?? 0, ptcOnGold: ptcByRule.get(rule)?.onGold ?? 0 })),
    rulesOnPtc: Object.fromEntries([...ptcByRule].sort((a, b) => b[1].findings - a[1].findings)),
    seconds: Math.round((tEnd - t0) / 100) / 10,
  };
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  writeFileSync(join(repo, '.tmp/eval-propaganda.json'), `${JSON.stringify(json, null, 2)}\n`);
  out.push('Wrote .tmp/eval-propaganda.json');
  console.log(out.join('\n'));
  return 0;
}

process.exitCode = main();
