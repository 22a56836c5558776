/**
 * The English pages of trafilatura's evaluation set (../shared/data/boilerplate,
 * see its PROVENANCE.md), loaded for scripts/eval/extract.ts and bench/bench.ts.
 *
 * The HTML tarball is unpacked with the system `tar` into a temporary
 * directory, read into memory and the directory removed again. The pages are
 * third-party text for evaluation and tuning only: nothing of them may be
 * copied into the repository or shipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Annotation of one page, as in evaldata_en.json. Empty strings mean "not annotated". */
export interface TrafilaturaAnnotation {
  file: string;
  /** Snippets that must appear in the main text. */
  with: string[];
  /** Snippets that must not appear in the main text (boilerplate). */
  without: string[];
  title?: string;
  /** Usually a string; a list for some multi-author pages. */
  author?: string | string[];
  /** YYYY-MM-DD. */
  date?: string;
  sitename?: string;
  description?: string;
  categories?: unknown;
  tags?: unknown;
  license?: string;
  region?: string;
  comments?: unknown;
}

export interface TrafilaturaPage extends TrafilaturaAnnotation {
  /** Page identifier: usually the URL, `hard::…` for the hard pages. */
  key: string;
  html: string;
  /** Size of the saved file in bytes. */
  bytes: number;
}

export interface LoadOptions {
  /** Directory that holds `boilerplate/`. Default: $NEWSAUDIT_DATA, else ../shared/data next to the repo. */
  dataDir?: string;
  /** Called for each annotated page whose HTML file is not in the archive (the page is skipped). */
  onMissing?: (key: string, file: string) => void;
}

export function defaultDataDir(): string {
  return process.env.NEWSAUDIT_DATA ?? join(repo, '../shared/data');
}

/** Decode a saved page: UTF-8 when valid, otherwise the declared charset, otherwise windows-1252. */
export function decodeHtml(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const head = buf.subarray(0, 4096).toString('latin1');
    const label = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
    if (label) {
      try {
        return new TextDecoder(label).decode(buf);
      } catch {
        // unknown label: fall through
      }
    }
    return new TextDecoder('windows-1252').decode(buf);
  }
}

/**
 * All annotated English pages whose HTML is present, in the order of the
 * annotation file; null when the annotation file or the tarball is absent.
 */
export function loadTrafilaturaPages(opts: LoadOptions = {}): TrafilaturaPage[] | null {
  const dir = join(opts.dataDir ?? defaultDataDir(), 'boilerplate');
  const index = join(dir, 'evaldata_en.json');
  const tarball = join(dir, 'trafilatura_eval_html_en.tar.gz');
  if (!existsSync(index) || !existsSync(tarball)) return null;
  const entries = JSON.parse(readFileSync(index, 'utf8')) as Record<string, TrafilaturaAnnotation>;
  const tmp = mkdtempSync(join(tmpdir(), 'newsaudit-trafilatura-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
    const htmlDir = join(tmp, 'html');
    // File names may contain non-ASCII characters: match NFC-normalised names as a fallback.
    const byNfc = new Map<string, string>();
    if (existsSync(htmlDir)) for (const f of readdirSync(htmlDir)) byNfc.set(f.normalize('NFC'), f);
    const pages: TrafilaturaPage[] = [];
    for (const [key, e] of Object.entries(entries)) {
      let f = join(htmlDir, e.file);
      if (!existsSync(f)) {
        const alt = byNfc.get(e.file.normalize('NFC'));
        if (!alt) {
          opts.onMissing?.(key, e.file);
          continue;
        }
        f = join(htmlDir, alt);
      }
      const buf = readFileSync(f);
      pages.push({ ...e, with: e.with ?? [], without: e.without ?? [], key, html: decodeHtml(buf), bytes: buf.length });
    }
    return pages;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
