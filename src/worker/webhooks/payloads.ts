/**
 * Webhook payloads → one normalised post `{platform, id, title, url, html | text}`.
 *
 * Accepted shapes (fields not listed are ignored):
 * - ghost (post.published, post.updated; page.* too):
 *   `{post: {current: {id, uuid, title, html, plaintext?, url, …}}}` (or `{page: {current: …}}`).
 * - wordpress (WP Webhooks post_create / post_update):
 *   `{post_id, post: {ID, post_title, post_content, guid, post_status, …}, post_permalink, …}`;
 *   the id is post_id or post.ID, the URL post_permalink or post.guid.
 * - sanity (the webhook's GROQ projection, or the whole document):
 *   `{_id, title, body | content (Portable Text blocks, or a string), html?, text?, url?}`.
 * - contentful (Entry publish/save): `{sys: {id, type: 'Entry'}, fields: {title: {<locale>: …}, body: {<locale>: <Rich Text document> | string}, url?}}`;
 *   the first locale of each field is used.
 * - strapi (entry.publish, entry.update, entry.create): `{event, model, entry: {id, documentId?, title, content | body (Markdown or HTML, or v5 blocks), url?}}`.
 * - generic: `{id, title?, html | text, url?}` (exactly one of html and text).
 *
 * Rich text (Portable Text, Contentful Rich Text, Strapi blocks) becomes plain
 * text with one paragraph (block, heading, list item) per line. Strings are
 * taken as HTML when they hold tags, else as Markdown reduced to plain text.
 * A URL is kept only when it is an absolute http(s) URL (generic: else 400).
 */
import { ApiError } from '../errors.ts';
import type { Platform } from './verify.ts';

export interface NormalizedPost {
  platform: Platform;
  /** The post's id on the platform. */
  id: string;
  title?: string;
  url?: string;
  /** Exactly one of html and text. */
  html?: string;
  text?: string;
}

type Obj = Record<string, unknown>;

const MAX_ID = 256;
const MAX_TITLE = 2000;
const MAX_URL = 4096;

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_payload', message);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function idOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const s = str(v)?.trim();
  return s && s.length <= MAX_ID ? s : undefined;
}

function httpUrl(v: unknown): string | undefined {
  const s = str(v)?.trim();
  if (!s || s.length > MAX_URL) return undefined;
  try {
    return /^https?:$/.test(new URL(s).protocol) ? s : undefined;
  } catch {
    return undefined;
  }
}

function title(v: unknown): string | undefined {
  const s = str(v)?.trim();
  return s ? s.slice(0, MAX_TITLE) : undefined;
}

/** The first defined field among `keys`. */
function pick(o: Obj, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

// ---------------------------------------------------------------- rich text

/** Inline node types of Contentful Rich Text, Portable Text and Strapi blocks. */
const INLINE = new Set([
  'text', 'span', 'link', 'hyperlink', 'entry-hyperlink', 'asset-hyperlink', 'resource-hyperlink', 'embedded-entry-inline', 'embedded-resource-inline',
]);

function nodeType(n: Obj): string | undefined {
  const t = n.nodeType ?? n._type ?? n.type;
  return typeof t === 'string' ? t : undefined;
}

function kids(n: Obj): unknown[] | undefined {
  const k = n.content ?? n.children;
  return Array.isArray(k) ? k : undefined;
}

function isInline(n: unknown): boolean {
  if (!isObj(n)) return false;
  const t = nodeType(n);
  return (t !== undefined && INLINE.has(t)) || (typeof n.text === 'string' && kids(n) === undefined && t !== 'block');
}

function inlineText(n: unknown): string {
  if (!isObj(n)) return '';
  if (typeof n.value === 'string') return n.value; // Contentful text node
  if (typeof n.text === 'string') return n.text; // Portable Text span, Strapi text node
  return (kids(n) ?? []).map(inlineText).join('');
}

/**
 * Paragraphs of a rich-text tree: a node holding inline children (a Portable
 * Text block, a Contentful paragraph or heading, a Strapi paragraph) is one
 * paragraph; other nodes (documents, lists, quotes, tables) are walked through.
 * Nodes without text (images, embedded entries, rules) give nothing.
 */
export function richTextParagraphs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) richTextParagraphs(n, out);
    return out;
  }
  if (!isObj(node)) return out;
  const k = kids(node);
  if (isInline(node) || (k && k.some(isInline))) {
    const p = inlineText(node).replace(/\s+/g, ' ').trim();
    if (p) out.push(p);
  } else if (k) {
    richTextParagraphs(k, out);
  }
  return out;
}

// ---------------------------------------------------------------- strings

const BLOCK_TAG = /<(p|div|h[1-6]|ul|ol|li|blockquote|figure|section|article|table|pre|br|hr)\b[^>]*>/i;
const ANY_TAG = /<\/?[a-z][a-z0-9-]*\b[^>]*>/i;

function escapeHtml(s: string): string {
  return s.replace(/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/gi, '&amp;');
}

/**
 * Markdown → plain text, one paragraph per line: headings, list items and
 * quote lines keep their own line; other consecutive lines are joined; markers,
 * emphasis, code ticks, images and link targets are dropped.
 */
export function markdownToText(md: string): string {
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(para.join(' '));
    para = [];
  };
  for (const raw of md.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw) || /^\s*=+\s*$/.test(raw) || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(raw) || /^\s*\|?\s*:?-{3,}/.test(raw)) {
      flush();
      continue;
    }
    if (raw.trim() === '') {
      flush();
      continue;
    }
    const structural = /^\s{0,3}(#{1,6}\s|>|([-*+]|\d+[.)])\s)/.test(raw);
    let line = raw
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/\s+#+\s*$/, '')
      .replace(/^\s*(>\s?)+/, '')
      .replace(/^\s*([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?/, '')
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[^*\w])\*(?=\S)(.+?)(?<=\S)\*(?!\*)/g, '$1$2')
      .replace(/(^|\W)_(?=\S)(.+?)(?<=\S)_(?=\W|$)/g, '$1$2')
      .replace(/~~(.+?)~~/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (/^\|.*\|$/.test(line)) line = line.slice(1, -1).split('|').map((c) => c.trim()).filter(Boolean).join(' ');
    if (structural) {
      flush();
      if (line) out.push(line);
    } else if (line) {
      para.push(line);
    }
  }
  flush();
  return out.join('\n');
}

/**
 * A body string: HTML when it holds tags (inline-only HTML, such as classic
 * WordPress content, gets a <p> per blank-line-separated chunk), else Markdown.
 */
function fromString(s: string): { html: string } | { text: string } {
  if (BLOCK_TAG.test(s)) return { html: s };
  if (ANY_TAG.test(s)) {
    const paras = s.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    return { html: paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') };
  }
  return { text: markdownToText(s) };
}

/** A body field: a string, or rich text (array of blocks or a document). */
function fromBody(v: unknown): { html: string } | { text: string } | undefined {
  if (typeof v === 'string') return v.trim() ? fromString(v) : undefined;
  if (Array.isArray(v) || isObj(v)) {
    const paras = richTextParagraphs(v);
    return paras.length ? { text: paras.join('\n') } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------- platforms

function ghostPost(d: Obj): Omit<NormalizedPost, 'platform'> {
  const wrapper = isObj(d.post) ? d.post : isObj(d.page) ? d.page : undefined;
  const p = wrapper && isObj(wrapper.current) ? wrapper.current : undefined;
  if (!p || Object.keys(p).length === 0) {
    throw invalid('The Ghost payload has no post.current: subscribe the webhook to "Post published" or "Post updated" (deleted posts have nothing to score)');
  }
  const id = idOf(p.id) ?? idOf(p.uuid);
  if (!id) throw invalid('The Ghost post has no id');
  const body = str(p.html) !== undefined ? { html: p.html as string } : str(p.plaintext) !== undefined ? { text: p.plaintext as string } : undefined;
  if (!body) throw invalid('The Ghost post has no html or plaintext');
  return { id, title: title(p.title), url: httpUrl(p.url), ...body };
}

function wordpressPost(d: Obj): Omit<NormalizedPost, 'platform'> {
  const p = isObj(d.post) ? d.post : undefined;
  if (!p) throw invalid('The WP Webhooks payload has no "post" object: use the post_create or post_update trigger with JSON as the request format');
  const id = idOf(d.post_id) ?? idOf(p.ID);
  if (!id) throw invalid('The WordPress post has no post_id or post.ID');
  const content = p.post_content;
  if (typeof content !== 'string' || content.trim() === '') throw invalid('The WordPress post has no post_content');
  const guid = isObj(p.guid) ? p.guid.rendered : p.guid;
  const body = fromString(content);
  return { id, title: title(p.post_title ?? d.post_title), url: httpUrl(d.post_permalink) ?? httpUrl(guid), ...body };
}

function sanityPost(d: Obj): Omit<NormalizedPost, 'platform'> {
  const id = idOf(d._id) ?? idOf(d.id);
  if (!id) throw invalid('The Sanity payload has no _id: include _id in the webhook projection, e.g. {_id, title, body, "url": …}');
  const body = str(d.html) !== undefined ? { html: d.html as string } : fromBody(pick(d, 'body', 'content', 'text'));
  if (!body) throw invalid('The Sanity document has no body (Portable Text), content, html or text: include one in the webhook projection');
  return { id, title: title(pick(d, 'title', 'headline', 'name')), url: httpUrl(d.url), ...body };
}

/** The value of a localised Contentful field in its first locale. */
function firstLocale(v: unknown): unknown {
  if (!isObj(v)) return undefined;
  const k = Object.keys(v)[0];
  return k === undefined ? undefined : v[k];
}

function contentfulPost(d: Obj): Omit<NormalizedPost, 'platform'> {
  const sys = isObj(d.sys) ? d.sys : undefined;
  if (!sys || !isObj(d.fields)) {
    throw invalid('The Contentful payload has no sys and fields: subscribe the webhook to Entry publish (or save) and keep the default payload');
  }
  if (sys.type !== 'Entry') throw invalid(`The Contentful payload is a ${String(sys.type)}, not an Entry`);
  const id = idOf(sys.id);
  if (!id) throw invalid('The Contentful entry has no sys.id');
  const fields = d.fields;
  const f = (name: string) => firstLocale(fields[name]);
  let body = fromBody(f('body') ?? f('content') ?? f('text') ?? f('html'));
  if (!body) {
    // Any Rich Text field.
    for (const name of Object.keys(fields)) {
      const v = f(name);
      if (isObj(v) && v.nodeType === 'document') body = fromBody(v);
      if (body) break;
    }
  }
  if (!body) throw invalid('The Contentful entry has no body, content or Rich Text field');
  return { id, title: title(f('title') ?? f('headline') ?? f('name')), url: httpUrl(f('url')), ...body };
}

function strapiPost(d: Obj): Omit<NormalizedPost, 'platform'> {
  const e = isObj(d.entry) ? d.entry : undefined;
  if (!e) throw invalid(`The Strapi payload has no "entry"${typeof d.event === 'string' ? ` (event ${d.event})` : ''}: subscribe the webhook to Entry publish`);
  const id = idOf(e.documentId) ?? idOf(e.id);
  if (!id) throw invalid('The Strapi entry has no id');
  const body = fromBody(pick(e, 'content', 'body', 'text', 'html'));
  if (!body) throw invalid('The Strapi entry has no content or body field');
  return { id, title: title(pick(e, 'title', 'headline', 'name')), url: httpUrl(pick(e, 'url', 'permalink')), ...body };
}

function genericPost(d: Obj): Omit<NormalizedPost, 'platform'> {
  const id = idOf(d.id);
  if (!id) throw invalid('The payload needs an "id" (a string of at most 256 characters, or a number)');
  for (const k of ['title', 'html', 'text', 'url'] as const) {
    if (d[k] !== undefined && typeof d[k] !== 'string') throw invalid(`"${k}" must be a string`);
  }
  if (d.html !== undefined && d.text !== undefined) throw invalid('Send either "html" or "text", not both');
  const body = str(d.html) !== undefined ? { html: d.html as string } : str(d.text) !== undefined ? { text: d.text as string } : undefined;
  if (!body) throw invalid('The payload needs the article as "html" or "text"');
  let url: string | undefined;
  if (d.url !== undefined) {
    url = httpUrl(d.url);
    if (!url) throw invalid('"url" must be an absolute http(s) URL');
  }
  return { id, title: title(d.title), url, ...body };
}

const PARSERS: Record<Platform, (d: Obj) => Omit<NormalizedPost, 'platform'>> = {
  ghost: ghostPost,
  wordpress: wordpressPost,
  sanity: sanityPost,
  contentful: contentfulPost,
  strapi: strapiPost,
  generic: genericPost,
};

/** Parses the raw body (UTF-8 JSON) of a verified delivery. 400 `invalid_payload` when it holds no post. */
export function parsePayload(platform: Platform, body: Uint8Array): NormalizedPost {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(body));
  } catch (e) {
    throw invalid(`The payload is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObj(data)) throw invalid('The payload must be a JSON object');
  const p = PARSERS[platform](data);
  const source = p.html ?? p.text ?? '';
  if (source.trim() === '') throw invalid('The post has no text to score');
  const post: NormalizedPost = { platform, id: p.id };
  if (p.title !== undefined) post.title = p.title;
  if (p.url !== undefined) post.url = p.url;
  if (p.html !== undefined) post.html = p.html;
  else post.text = p.text;
  return post;
}
