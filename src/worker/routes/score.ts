/** POST /v1/score: JSON {text|html, url?, title?, lang?}, or a text/plain or text/html body. */
import { Hono } from 'hono';
import { z } from 'zod';
import { analyze } from '../../core/analyze.ts';
import type { ArticleInput } from '../../core/types.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { bodyLimitOf, readBodyBytes, readBodyText } from '../middleware/body.ts';
import { checkUrl, fetchPage } from '../fetch-page.ts';
import { decodeBody } from '../../core/extract/charset.ts';
import { activeRules, checkInterval } from '../store/rule-store.ts';
import { boundReport, WordLimitError } from '../../core/bound.ts';
import type { Report } from '../../core/types.ts';
import type { Context } from 'hono';
import { boundOptionsOf, checkWordsEarly, maxWordsOf, tooManyWords } from '../bound.ts';

/** analyze() with the configured word limit: 413 too_many_words past it. */
function analyzeBounded(c: Context<AppEnv>, input: ArticleInput, rules: Awaited<ReturnType<typeof activeRules>>): Report {
  try {
    return analyze(input, rules.compiled, { origin: rules.origin, maxWords: maxWordsOf(c.env) });
  } catch (e) {
    if (e instanceof WordLimitError) throw tooManyWords(e);
    throw e;
  }
}

const optionalString = (name: string, max: number) =>
  z.string({ error: `${name} must be a string` }).max(max, `${name} is longer than ${max} characters`).optional();

export const scoreRequestSchema = z
  .object({
    text: z.string({ error: 'text must be a string' }).optional(),
    html: z.string({ error: 'html must be a string' }).optional(),
    url: optionalString('url', 4096),
    title: optionalString('title', 2000),
    lang: optionalString('lang', 35),
  })
  .passthrough();

function httpUrl(s: string): boolean {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
}

export function parseJsonInput(raw: string): ArticleInput {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new ApiError(400, 'malformed_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ApiError(400, 'invalid_request', 'The JSON body must be an object such as {"text": "…"}');
  }
  const r = scoreRequestSchema.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ApiError(400, 'invalid_request', first.message, r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const { text, html, url, title, lang } = r.data;
  if (text === undefined && html === undefined) {
    throw new ApiError(400, 'missing_text', 'Send the article as "text" (plain text) or "html"');
  }
  if (text !== undefined && html !== undefined) {
    throw new ApiError(400, 'invalid_request', 'Send either "text" or "html", not both');
  }
  const input: ArticleInput = html !== undefined ? { html } : { text };
  if (url !== undefined) {
    if (!httpUrl(url)) throw new ApiError(400, 'invalid_url', 'url must be an absolute http(s) URL');
    input.url = url;
  }
  if (title !== undefined) input.title = title;
  if (lang !== undefined) input.lang = lang;
  return input;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

async function sha256hex(s: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const score = new Hono<AppEnv>().post('/', async (c) => {
  const type = mediaType(c.req.header('content-type'));
  let input: ArticleInput;
  if (type === 'application/json' || type.endsWith('+json')) {
    input = parseJsonInput(await readBodyText(c));
  } else if (type === 'text/plain' || type === 'text/html' || type === 'application/xhtml+xml') {
    const html = type !== 'text/plain';
    const decoded = decodeBody(await readBodyBytes(c), c.req.header('content-type'), html);
    if (decoded.binary) {
      throw new ApiError(400, 'binary_body', `The body looks like binary data, not ${html ? 'HTML' : 'text'}: send the page's HTML or the article's text`);
    }
    input = html ? { html: decoded.text } : { text: decoded.text };
  } else {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Content-Type ${type ? `"${type}"` : '(none)'} is not supported: use application/json, text/plain or text/html`,
    );
  }
  if (type !== 'application/json' && !type.endsWith('+json')) {
    const url = c.req.query('url');
    if (url !== undefined) {
      if (!httpUrl(url)) throw new ApiError(400, 'invalid_url', 'url must be an absolute http(s) URL');
      input.url = url;
    }
    const lang = c.req.query('lang');
    if (lang) input.lang = lang.slice(0, 35);
  }
  const source = input.html ?? input.text ?? '';
  if (source.trim().length === 0) throw new ApiError(400, 'empty_text', 'The article text is empty');
  const bounds = boundOptionsOf(c);
  if (input.text !== undefined) checkWordsEarly(input.text, maxWordsOf(c.env));
  const rules = await activeRules(c.env.RULES, checkInterval(c.env.RULES_CHECK_INTERVAL_MS));
  const report = analyzeBounded(c, input, rules);
  c.set('timings', report.stats.timings);
  if (report.content.text.trim().length === 0) {
    throw new ApiError(400, 'empty_text', 'The HTML holds no text to analyse');
  }
  return c.body(boundReport(report, bounds).body, 200, { 'Content-Type': 'application/json' });
});

/**
 * GET /v1/score?url=… — fetch the page (see fetch-page.ts for the safety
 * rules), extract and score it. Reports are cached in REPORTS per URL and
 * rule-set version (URL_CACHE_TTL seconds, default 3600) and served with an
 * ETag; If-None-Match answers 304.
 */
score.get('/', async (c) => {
  const raw = c.req.query('url');
  if (!raw) throw new ApiError(400, 'missing_url', 'Give the page to score as ?url=https://…');
  const allowLoopback = c.env.ALLOW_LOOPBACK_FETCH === 'true';
  const url = checkUrl(raw, allowLoopback);
  const bounds = boundOptionsOf(c);
  const rules = await activeRules(c.env.RULES, checkInterval(c.env.RULES_CHECK_INTERVAL_MS));
  const key = `url:${await sha256hex(url.toString())}:${rules.compiled.version}`;
  const ttl = Math.max(60, Number(c.env.URL_CACHE_TTL) || 3600);
  const cached = c.env.REPORTS ? await c.env.REPORTS.get<{ report: Report }>(key, 'json') : null;
  const headers = (etag: string, hit: boolean) => ({ ETag: etag, 'Cache-Control': 'private, max-age=300', 'X-Cache': hit ? 'hit' : 'miss', 'Content-Type': 'application/json' });
  // The cache holds the whole report; each answer is bounded as asked, and its ETag is that answer's.
  const answer = async (report: Report, hit: boolean) => {
    const body = boundReport(report, bounds).body;
    const etag = `"${(await sha256hex(body)).slice(0, 32)}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers(etag, hit));
    return c.body(body, 200, headers(etag, hit));
  };
  if (cached) return answer(cached.report, true);
  const page = await fetchPage(url, { maxBytes: bodyLimitOf(c), allowLoopback });
  const input: ArticleInput = page.contentType === 'text/plain' ? { text: page.html, url: page.url } : { html: page.html, url: page.url };
  if ((input.html ?? input.text ?? '').trim().length === 0) throw new ApiError(422, 'empty_page', 'The page holds no text');
  const report = analyzeBounded(c, input, rules);
  c.set('timings', report.stats.timings);
  if (report.content.text.trim().length === 0) throw new ApiError(422, 'empty_page', 'The page holds no text to analyse');
  if (c.env.REPORTS) c.executionCtx.waitUntil(c.env.REPORTS.put(key, JSON.stringify({ report }), { expirationTtl: ttl }).catch(() => undefined));
  return answer(report, false);
});
