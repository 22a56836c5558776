/**
 * newsaudit CLI: the same analysis core as the Worker, in Node.
 *
 *   npx newsaudit score FILE...        one JSON report (one file) or JSON Lines (several)
 *   npx newsaudit score -              read the article from stdin
 *   npx newsaudit jobs submit|status|results …   bulk scoring through a running Worker (src/cli/jobs.ts)
 * Options: --html (force HTML), --text (force text), --url URL, --lang CODE,
 *          --rules FILE (compiled rule set; default rules/dist/ruleset.json),
 *          --pretty, --summary (one line per file), --progress / --no-progress
 */
import { readFileSync } from 'node:fs';
import { decodeBody } from '../core/extract/charset.ts';
import { fileURLToPath } from 'node:url';
import { analyze } from '../core/analyze.ts';
import { DEFAULT_RULESET, loadRulesFile } from '../node/rules.ts';
import type { ArticleInput, Report } from '../core/types.ts';
import { jobsMain, JOBS_USAGE } from './jobs.ts';

const USAGE = `usage: newsaudit score [options] FILE... (use - for stdin)
options:
  --html | --text     treat input as HTML or plain text (default: by extension or content)
  --url URL           article URL (publisher credibility)
  --lang CODE         declared language
  --rules FILE        compiled rule set (default: rules/dist/ruleset.json)
  --pretty            indent JSON
  --summary           one line per file: score, band, flagged signals
  --progress          force the progress bar (default: on for several files when stderr is a terminal)
  --no-progress       never show it`;

interface Options {
  files: string[];
  html?: boolean;
  url?: string;
  lang?: string;
  rules?: string;
  pretty: boolean;
  summary: boolean;
  progress?: boolean;
}

export function parseArgs(argv: string[]): Options {
  const o: Options = { files: [], pretty: false, summary: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--html': o.html = true; break;
      case '--text': o.html = false; break;
      case '--url': o.url = value(); break;
      case '--lang': o.lang = value(); break;
      case '--rules': o.rules = value(); break;
      case '--pretty': o.pretty = true; break;
      case '--summary': o.summary = true; break;
      case '--progress': o.progress = true; break;
      case '--no-progress': o.progress = false; break;
      case '-h': case '--help': throw new Error(USAGE);
      default:
        if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
        o.files.push(a);
    }
  }
  if (o.files.length === 0) throw new Error(USAGE);
  return o;
}

function loadRules(path?: string) {
  return loadRulesFile(path ?? DEFAULT_RULESET);
}

function progressBar(done: number, total: number, started: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const elapsed = (Date.now() - started) / 1000;
  const rate = done / Math.max(elapsed, 0.001);
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)} files/s`;
}

function summaryLine(file: string, r: Report): string {
  const flagged = Object.entries(r.signals).filter(([, s]) => s.flagged).map(([k]) => k);
  return `${String(r.score).padStart(3)}  ${r.band.padEnd(16)} ${String(r.findings.length).padStart(4)} findings  ${flagged.length ? `flagged: ${flagged.join(',')}` : '-'}  ${file}`;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'jobs') return jobsMain(argv.slice(1));
  let opts: Options;
  try {
    opts = parseArgs(argv[0] === 'score' ? argv.slice(1) : argv);
    if (argv[0] !== 'score') throw new Error(`${USAGE}\n\n${JOBS_USAGE}`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const rules = loadRules(opts.rules);
  const many = opts.files.length > 1;
  const showProgress = opts.progress ?? (many && !!process.stderr.isTTY);
  const started = Date.now();
  let failures = 0;
  for (let i = 0; i < opts.files.length; i++) {
    const file = opts.files[i];
    let bytes: Uint8Array;
    try {
      bytes = file === '-' ? readFileSync(0) : readFileSync(file);
    } catch (e) {
      process.stderr.write(`${showProgress ? '\n' : ''}${file}: ${(e as Error).message}\n`);
      failures++;
      continue;
    }
    const sniff = new TextDecoder().decode(bytes.subarray(0, 512));
    const isHtml = opts.html ?? (/\.x?html?$/i.test(file) || /^\s*</.test(sniff));
    // The same charset handling as the Worker's text/html and text/plain bodies.
    const decoded = decodeBody(bytes, null, isHtml);
    if (decoded.binary) {
      process.stderr.write(`${showProgress ? '\n' : ''}${file}: looks like binary data, not ${isHtml ? 'HTML' : 'text'}\n`);
      failures++;
      continue;
    }
    const input: ArticleInput = isHtml ? { html: decoded.text } : { text: decoded.text };
    if (opts.url) input.url = opts.url;
    if (opts.lang) input.lang = opts.lang;
    const report = analyze(input, rules, { origin: 'file' });
    if (opts.summary) process.stdout.write(`${summaryLine(file, report)}\n`);
    else {
      const out = many ? { file, ...report } : report;
      process.stdout.write(`${JSON.stringify(out, null, opts.pretty ? 2 : undefined)}\n`);
    }
    if (showProgress) process.stderr.write(progressBar(i + 1, opts.files.length, started));
  }
  if (showProgress) process.stderr.write('\n');
  return failures ? 1 : 0;
}
