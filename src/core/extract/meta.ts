/**
 * Page metadata for credibility and the report: title, byline, published
 * date, canonical URL, site name, language and description, from <meta>,
 * <link rel=canonical>, <html lang>, <time datetime> and JSON-LD
 * (schema.org NewsArticle and friends). The first good value wins; meta
 * tags come before JSON-LD, which comes before <time>.
 */
import type { DocMeta } from '../types.ts';

export interface MetaCollector extends DocMeta {
  /** Raw JSON-LD script bodies, parsed at the end. */
  jsonLd: string[];
  /** First <time datetime> seen. */
  time?: string;
  /** The <title> element (og:title and JSON-LD headlines are preferred: they carry no site suffix). */
  titleTag?: string;
  /** JSON-LD articleBody, when a page gives one (script-rendered pages often have no other copy of the text). */
  articleBody?: string;
}

const PUBLISHED_KEYS = new Set([
  'article:published_time', 'og:published_time', 'datepublished', 'date', 'dc.date', 'dc.date.issued', 'dcterms.date',
  'pubdate', 'publishdate', 'publish-date', 'sailthru.date', 'parsely-pub-date', 'citation_publication_date', 'dc.date.created',
]);
const AUTHOR_KEYS = new Set(['author', 'article:author', 'dc.creator', 'parsely-author', 'sailthru.author', 'byl', 'citation_author']);

/** A date or date-time string kept as given when it parses; null otherwise. */
export function cleanDate(v: string | undefined): string | null {
  if (!v) return null;
  const s = v.trim();
  if (s.length < 8 || s.length > 40) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) return s;
    return null;
  }
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export function collectMeta(meta: MetaCollector, name: string, a: Record<string, string>): void {
  if (name === 'html') {
    if (a.lang && !meta.lang) meta.lang = a.lang.slice(0, 35);
    return;
  }
  if (name === 'time') {
    if (!meta.time && a.datetime) meta.time = a.datetime;
    return;
  }
  if (name === 'link') {
    const rel = a.rel?.toLowerCase().split(/\s+/) ?? [];
    if (rel.includes('canonical') && a.href && !meta.canonical) meta.canonical = a.href;
    return;
  }
  const key = (a.property ?? a.name ?? a.itemprop ?? '').toLowerCase();
  const content = (a.content ?? a.datetime)?.trim();
  if (!key || !content) {
    if (a.charset === undefined && a['http-equiv']?.toLowerCase() === 'content-language' && a.content && !meta.lang) meta.lang = a.content.slice(0, 35);
    return;
  }
  if (key === 'og:site_name' || key === 'application-name') meta.siteName ??= content;
  else if (key === 'og:title' || key === 'twitter:title') meta.title ??= content;
  else if (AUTHOR_KEYS.has(key) && !/^https?:/.test(content)) meta.byline ??= content;
  else if (key === 'og:url') meta.url ??= content;
  else if (key === 'description' || key === 'og:description') meta.description ??= content;
  else if (key === 'og:locale' && !meta.lang) meta.lang = content.replace('_', '-');
  else if (PUBLISHED_KEYS.has(key)) meta.published ??= cleanDate(content) ?? undefined;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function names(v: Json | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) {
    const all = v.map(names).filter((x): x is string => !!x);
    return all.length ? [...new Set(all)].join(', ') : undefined;
  }
  if (typeof v === 'object' && typeof v.name === 'string') return v.name.trim() || undefined;
  return undefined;
}

const ARTICLE_TYPES = /article|posting|report|blog|webpage|newsarticle/i;

/** Finish: JSON-LD fills what the tags did not, then <time>. */
export function finishMeta(meta: MetaCollector): DocMeta {
  for (const raw of meta.jsonLd) {
    let data: Json;
    try {
      data = JSON.parse(raw.trim()) as Json;
    } catch {
      continue;
    }
    const items: Json[] = [];
    const visit = (v: Json, depth: number) => {
      if (depth > 4 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) for (const x of v.slice(0, 50)) visit(x, depth + 1);
      else {
        items.push(v);
        if (Array.isArray(v['@graph'])) visit(v['@graph'], depth + 1);
      }
    };
    visit(data, 0);
    for (const it of items) {
      if (!it || typeof it !== 'object' || Array.isArray(it)) continue;
      const type = names(it['@type'] as Json) ?? '';
      if (!ARTICLE_TYPES.test(type)) {
        if (/organization|newsmediaorganization/i.test(type) && !meta.siteName) meta.siteName = names(it.name);
        continue;
      }
      meta.published ??= cleanDate(typeof it.datePublished === 'string' ? it.datePublished : undefined) ?? undefined;
      meta.byline ??= names(it.author);
      meta.title ??= typeof it.headline === 'string' ? it.headline.trim() : undefined;
      if (typeof it.articleBody === 'string' && it.articleBody.length > (meta.articleBody?.length ?? 0)) meta.articleBody = it.articleBody.slice(0, 500_000);
      if (!meta.siteName) meta.siteName = names(it.publisher);
    }
  }
  if (!meta.published && meta.time) meta.published = cleanDate(meta.time) ?? undefined;
  if (!meta.title && meta.titleTag) meta.title = meta.titleTag;
  const out: DocMeta = {};
  for (const k of ['title', 'url', 'canonical', 'siteName', 'byline', 'published', 'lang', 'description'] as const) {
    const v = meta[k];
    if (typeof v === 'string' && v.trim()) out[k] = v.replace(/\s+/g, ' ').trim().slice(0, 2000);
  }
  return out;
}
