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
import { getDomain } from 'tldts';
import { hashString } from '../../src/core/text/interner.ts';

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
  /** The site the page comes from: its registrable domain ("zeit.de"). */
  site: string;
  /** The page's half by site (see siteHalf): 'tuning' or 'test'. */
  half: 'tuning' | 'test';
}

/** Which half of the evaluation set: the 170 English pages, or the 779 other-language pages. */
export type PageSet = 'en' | 'other';

export interface LoadOptions {
  /** Directory that holds `boilerplate/`. Default: $NEWSAUDIT_DATA, else ../shared/data next to the repo. */
  dataDir?: string;
  /** Called for each annotated page whose HTML file is not in the archive (the page is skipped). */
  onMissing?: (key: string, file: string) => void;
  /** Which pages: 'en' (default, evaldata_en.json) or 'other' (evaldata_other.json). */
  set?: PageSet;
}

/**
 * The site of a page: the registrable domain of its key when the key is a URL (so www.zeit.de and
 * blog.zeit.de are one site, one publisher's templates); for the `hard::name.tld-word.html` keys, of
 * the page's canonical or og:url link, else the leading labels of the name that make a domain.
 * (Registrable domain rather than host name: stricter, and the split every tuning step used.)
 */
export function siteOf(key: string, html: string): string {
  const url = /^x?(https?:\/\/[^\s]+)/.exec(key)?.[1];
  if (url) return getDomain(url) ?? new URL(url).hostname;
  const link =
    /<link[^>]+rel=["']?canonical["']?[^>]*href=["']?(https?:\/\/[^"'\s>]+)/i.exec(html)?.[1] ??
    /<meta[^>]+property=["']?og:url["']?[^>]*content=["']?(https?:\/\/[^"'\s>]+)/i.exec(html)?.[1];
  const fromLink = link ? getDomain(link) : null;
  if (fromLink) return fromLink;
  const name = key.replace(/^[a-z]+::/, '').replace(/\.html?$/, '');
  const labels = name.split(/[-_]/)[0].split('.');
  for (let n = labels.length; n >= 2; n--) {
    const prefix = labels.slice(0, n).join('.');
    if (getDomain(prefix) === prefix) return prefix;
  }
  return name;
}

/**
 * Split by site, not by page, so that no site is in both halves: FNV-1a (the tokenizer's
 * hashString) of the site; even → tuning, odd → test. A site that also has pages in the English
 * set (which is tuned on) is always in the tuning half.
 */
export function siteHalf(site: string, englishSites?: ReadonlySet<string>): 'tuning' | 'test' {
  if (englishSites?.has(site)) return 'tuning';
  return (hashString(site) >>> 0) % 2 === 0 ? 'tuning' : 'test';
}

export function defaultDataDir(): string {
  return process.env.NEWSAUDIT_DATA ?? join(repo, '../shared/data');
}

/** Sites of the English pages, from their keys alone (the `hard::` keys by their names). */
function englishSiteSet(dir: string): Set<string> {
  const entries = JSON.parse(readFileSync(join(dir, 'evaldata_en.json'), 'utf8')) as Record<string, TrafilaturaAnnotation>;
  return new Set(Object.keys(entries).map((k) => siteOf(k, '')));
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
 * All annotated pages of the set (English by default) whose HTML is present, in the order of the
 * annotation file; null when the annotation file or the tarball is absent.
 */
export function loadTrafilaturaPages(opts: LoadOptions = {}): TrafilaturaPage[] | null {
  const dir = join(opts.dataDir ?? defaultDataDir(), 'boilerplate');
  const set = opts.set ?? 'en';
  // The English pages' sites, so that an other-language page of such a site goes to the tuning half.
  const englishSites = set === 'other' ? englishSiteSet(dir) : undefined;
  const index = join(dir, `evaldata_${set}.json`);
  const tarball = join(dir, `trafilatura_eval_html_${set}.tar.gz`);
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
      const html = decodeHtml(buf);
      const site = siteOf(key, html);
      pages.push({ ...e, with: e.with ?? [], without: e.without ?? [], key, html, bytes: buf.length, site, half: siteHalf(site, englishSites) });
    }
    return pages;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
