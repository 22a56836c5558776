/**
 * npm run eval:credibility — how far the shipped outlet ratings
 * (rules/credibility/outlets.json) cover, and agree with, labelled outlet
 * lists that are evaluation data only (../shared/data/sources; never shipped):
 *
 * - Lasser et al.'s cleaned domain list (4,767 domains labelled reliable or
 *   unreliable, compiled from Media Bias/Fact Check, BuzzFeed, PolitiFact,
 *   the Columbia Journalism Review, Zimdars, Grinberg et al. and others);
 * - Media Bias/Fact Check's 2021 labels: "questionable sources",
 *   "conspiracy/pseudoscience" and "satire" count as unreliable, "least
 *   biased", "left center bias", "center right bias" and "pro science" as
 *   reliable; "left bias" and "right bias" say nothing about reliability and
 *   are left out.
 *
 * Coverage: the share of labelled domains that the pack has (at all, and
 * with a rating). Agreement: rating ≥ 0.5 read as reliable, against the
 * label; with the area under the ROC curve (the chance that a reliable
 * outlet is rated above an unreliable one) and a split by source list.
 *
 * Caveat printed with the figures: the shipped rating is Lin et al.'s pc1,
 * which was fitted on several rating services including Media Bias/Fact
 * Check, so agreement with MBFC-derived labels is partly circular. The rows
 * from other compilers are the fairer test.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { getDomain } from 'tldts';
import { parseCsv } from '../build/outlets.ts';
import { analyze } from '../../src/core/analyze.ts';
import { compileRuleset } from '../../src/core/rules/compiled.ts';
import type { Ruleset } from '../../src/core/rules/schema.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = join(repo, '../shared/data/sources');

interface Outlet {
  domain: string;
  rating?: number;
  label?: string;
  euvsdisinfo?: number;
}

/** Rows of a CSV file as records keyed by the header (the reader of scripts/build/outlets.ts). */
function csv(text: string): Array<Record<string, string>> {
  const [head, ...body] = parseCsv(text).filter((r) => r.some((x) => x !== ''));
  return body.map((r) => Object.fromEntries(head.map((h, k) => [h.trim(), (r[k] ?? '').trim()])));
}

function domainOf(raw: string): string | null {
  const m = /\(([^()]+\.[a-z]{2,})\)\s*$/i.exec(raw);
  const host = (m ? m[1] : raw).trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return getDomain(host) ?? null;
}

interface Labelled {
  domain: string;
  reliable: boolean;
  list: string;
}

function auc(pos: number[], neg: number[]): number {
  // Mann-Whitney U over all pairs, ties counting half.
  const all = [...pos.map((x) => [x, 1] as const), ...neg.map((x) => [x, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const avg = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function table(head: string[], rows: Array<Array<string | number>>): string {
  const all = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...all.slice(1).map(line)].join('\n');
}

function main() {
  const lasserFile = join(dataDir, 'lasser_domain_list_clean.csv');
  const mbfcFile = join(dataDir, 'lasser_media_bias_fact_check_2021-05-17.csv');
  if (!existsSync(lasserFile) && !existsSync(mbfcFile)) {
    console.log(`eval:credibility — labelled outlet lists not found in ${dataDir}: nothing to evaluate.`);
    return;
  }
  const pack = JSON.parse(readFileSync(join(repo, 'rules/credibility/outlets.json'), 'utf8')) as { outlets: Outlet[] };
  const byDomain = new Map(pack.outlets.map((o) => [o.domain, o]));

  const sample: Labelled[] = [];
  if (existsSync(lasserFile)) {
    for (const r of csv(readFileSync(lasserFile, 'utf8'))) {
      const d = domainOf(r.url);
      if (d && (r.type === 'reliable' || r.type === 'unreliable')) sample.push({ domain: d, reliable: r.type === 'reliable', list: `lasser:${r.source}` });
    }
  }
  const MBFC: Record<string, boolean> = {
    'questionable sources': false, 'conspiracy/pseudoscience': false, satire: false,
    'least biased': true, 'left center bias': true, 'center right bias': true, 'pro science': true,
  };
  if (existsSync(mbfcFile)) {
    for (const r of csv(readFileSync(mbfcFile, 'utf8'))) {
      const d = domainOf(r.url);
      if (d && r.label in MBFC) sample.push({ domain: d, reliable: MBFC[r.label], list: 'mbfc-2021' });
    }
  }

  const evaluate = (rows: Labelled[]) => {
    const seen = new Map<string, Labelled>();
    let conflicts = 0;
    for (const r of rows) {
      const prev = seen.get(r.domain);
      if (prev && prev.reliable !== r.reliable) conflicts++;
      if (!prev) seen.set(r.domain, r);
    }
    const uniq = [...seen.values()];
    let inPack = 0;
    let rated = 0;
    let agree = 0;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const pos: number[] = [];
    const neg: number[] = [];
    let euFlagged = 0;
    for (const r of uniq) {
      const o = byDomain.get(r.domain);
      if (!o) continue;
      inPack++;
      if ((o.euvsdisinfo ?? 0) >= 3) euFlagged++;
      if (o.rating === undefined) continue;
      rated++;
      const saysReliable = o.rating >= 0.5;
      if (saysReliable === r.reliable) agree++;
      // Positive class: unreliable.
      if (!saysReliable && !r.reliable) tp++;
      if (!saysReliable && r.reliable) fp++;
      if (saysReliable && !r.reliable) fn++;
      (r.reliable ? pos : neg).push(o.rating);
    }
    return {
      domains: uniq.length,
      reliable: uniq.filter((r) => r.reliable).length,
      conflicts,
      inPack,
      rated,
      agree,
      unreliablePrecision: tp / Math.max(1, tp + fp),
      unreliableRecall: tp / Math.max(1, tp + fn),
      auc: pos.length && neg.length ? auc(pos, neg) : NaN,
      euFlagged,
    };
  };

  const groups: Array<[string, Labelled[]]> = [['all lists', sample]];
  const lists = [...new Set(sample.map((s) => s.list))].sort();
  const mbfcDerived = sample.filter((s) => s.list === 'mbfc-2021' || s.list === 'lasser:media_bias_fact_check');
  const others = sample.filter((s) => !(s.list === 'mbfc-2021' || s.list === 'lasser:media_bias_fact_check'));
  groups.push(['MBFC-derived rows', mbfcDerived], ['other compilers', others]);
  for (const l of lists) groups.push([l, sample.filter((s) => s.list === l)]);

  const rows = groups.map(([name, g]) => {
    const e = evaluate(g);
    return {
      name,
      e,
      row: [name, e.domains, `${e.reliable}/${e.domains - e.reliable}`, pct(e.inPack / e.domains), pct(e.rated / e.domains), e.rated ? pct(e.agree / e.rated) : 'n/a', e.rated ? pct(e.unreliablePrecision) : 'n/a', e.rated ? pct(e.unreliableRecall) : 'n/a', Number.isFinite(e.auc) ? e.auc.toFixed(3) : 'n/a'],
    };
  });
  console.log('eval:credibility — shipped outlet ratings (rules/credibility/outlets.json) against labelled lists (evaluation only)');
  console.log(`pack: ${pack.outlets.length} outlets, ${pack.outlets.filter((o) => o.rating !== undefined).length} with a rating\n`);
  console.log(
    table(
      ['labelled set', 'domains', 'reliable/unrel.', 'in pack', 'rated', 'agreement', 'unrel. precision', 'unrel. recall', 'AUC'],
      rows.map((r) => r.row),
    ),
  );
  const all = rows[0].e;
  console.log(`\nAgreement reads rating ≥ 0.5 as reliable; "unrel." columns treat "unreliable" as the class to find. Domains labelled both ways by different lists: ${all.conflicts} (the first label read is kept).`);
  console.log(`EUvsDisinfo (a separate signal, not part of the rating): ${all.euFlagged} labelled domains in the pack have 3 or more cases.`);
  console.log('Caveat: the shipped rating is Lin et al.\'s pc1, fitted on several rating services including Media Bias/Fact Check, so agreement on MBFC-derived rows is partly circular; the "other compilers" row is the fairer test.');
  // Coverage on publishers met in the wild: the sites of trafilatura's English evaluation pages (their URLs only).
  const trafFile = join(repo, '../shared/data/boilerplate/evaldata_en.json');
  let wild: { sites: number; inPack: number; rated: number } | null = null;
  if (existsSync(trafFile)) {
    const sites = new Set<string>();
    for (const key of Object.keys(JSON.parse(readFileSync(trafFile, 'utf8')) as Record<string, unknown>)) {
      if (!/^https?:/.test(key)) continue;
      const d = getDomain(key);
      if (d) sites.add(d);
    }
    const inPack = [...sites].filter((d) => byDomain.has(d)).length;
    const rated = [...sites].filter((d) => byDomain.get(d)?.rating !== undefined).length;
    wild = { sites: sites.size, inPack, rated };
    console.log(`
Coverage in the wild: of the ${sites.size} sites behind trafilatura's English evaluation pages (news, blogs, documentation, recipes), ${inPack} (${pct(inPack / sites.size)}) are in the pack and ${rated} (${pct(rated / sites.size)}) have a rating. The labelled lists above share their domain universe with the lists the pack was built from, so their coverage overstates what a random page meets.`);
  }
  // Language: how often the reported code is right on 20-word windows of genuine English news.
  const newsFile = join(repo, '../shared/data/news/wikinews_en_2019_2020.jsonl.gz');
  let language: { windows: number; eng: number; byWords: Record<string, { windows: number; eng: number }> } | null = null;
  if (existsSync(newsFile)) {
    const rules = compileRuleset(JSON.parse(readFileSync(join(repo, 'rules/dist/ruleset.bundled.json'), 'utf8')) as Ruleset);
    const texts = gunzipSync(readFileSync(newsFile)).toString('utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
    language = { windows: 0, eng: 0, byWords: {} };
    for (const n of [10, 20, 40]) {
      let windows = 0;
      let eng = 0;
      for (const t of texts) {
        const words = t.split(/\s+/).filter(Boolean);
        for (let k = 0; k + n <= words.length && k < 10 * n; k += n) {
          windows++;
          if (analyze({ text: words.slice(k, k + n).join(' ') }, rules, { origin: 'file' }).language.code === 'eng') eng++;
        }
      }
      language.byWords[String(n)] = { windows, eng };
      if (n === 20) Object.assign(language, { windows, eng });
    }
    console.log(`\nLanguage (franc, as the report gives it) on windows of genuine English news (Wikinews 2019–2020, up to 10 windows per article):`);
    for (const [n, v] of Object.entries(language.byWords)) console.log(`  ${n.padStart(2)} words: ${pct(v.eng / v.windows)} read as English (${v.eng} of ${v.windows})`);
  }
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  writeFileSync(
    join(repo, '.tmp/eval-credibility.json'),
    `${JSON.stringify({ generated: new Date().toISOString(), pack: pack.outlets.length, groups: rows.map((r) => ({ name: r.name, ...r.e })), wild, language }, null, 2)}\n`,
  );
  console.log('Wrote .tmp/eval-credibility.json');
}

main();
