/**
 * The body of POST /v1/jobs: `{"items": [item, …]}` (application/json) or one
 * item per line (application/x-ndjson, application/jsonl). An item is
 * `{id?, text | html | url, title?, lang?}` (exactly one of text, html, url).
 *
 * Every bad input is a 4xx naming the item (its index, and for NDJSON its line):
 * 400 `empty_job`, 413 `too_many_items`, 400 `malformed_json`, 400 `malformed_ndjson`,
 * 400 `invalid_item`, 400 `blocked_url` / `invalid_url`, 400 `duplicate_item_id`.
 * Items without an id get `item-<n>` (n counts from 1 in the order sent).
 */
import { ApiError } from '../errors.ts';
import { checkUrl } from '../fetch-page.ts';

export interface JobItem {
  id: string;
  text?: string;
  html?: string;
  url?: string;
  title?: string;
  lang?: string;
}

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines'];
const MAX_ID = 256;
const MAX_TITLE = 2000;
const MAX_LANG = 35;

function where(index: number, line?: number): string {
  return line !== undefined ? `Item ${index + 1} (line ${line})` : `Item ${index + 1}`;
}

function details(index: number, line?: number): Record<string, number> {
  return line !== undefined ? { index, line } : { index };
}

/** One item, checked; `line` is its NDJSON line number (1-based) when the body was NDJSON. */
export function checkItem(raw: unknown, index: number, allowLoopback: boolean, line?: number): JobItem {
  const bad = (msg: string) => new ApiError(400, 'invalid_item', `${where(index, line)}: ${msg}`, details(index, line));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('must be an object such as {"text": "…"}');
  const o = raw as Record<string, unknown>;
  const kinds = (['text', 'html', 'url'] as const).filter((k) => o[k] !== undefined && o[k] !== null);
  if (kinds.length !== 1) throw bad(kinds.length === 0 ? 'send the article as "text", "html" or "url"' : `send only one of "text", "html" and "url" (got ${kinds.join(', ')})`);
  const kind = kinds[0];
  const value = o[kind];
  if (typeof value !== 'string') throw bad(`${kind} must be a string`);
  if (value.trim() === '') throw bad(`${kind} is empty`);
  const item: JobItem = { id: '' };
  if (o.id !== undefined && o.id !== null) {
    const id = typeof o.id === 'number' && Number.isFinite(o.id) ? String(o.id) : o.id;
    if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_ID) throw bad(`id must be a non-empty string of at most ${MAX_ID} characters`);
    item.id = id;
  } else {
    item.id = `item-${index + 1}`;
  }
  if (kind === 'url') {
    try {
      item.url = checkUrl(value, allowLoopback).toString();
    } catch (e) {
      if (e instanceof ApiError) throw new ApiError(e.status, e.code, `${where(index, line)}: ${e.message}`, details(index, line));
      throw e;
    }
  } else item[kind] = value;
  for (const [k, max] of [['title', MAX_TITLE], ['lang', MAX_LANG]] as const) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw bad(`${k} must be a string`);
    if (v.length > max) throw bad(`${k} is longer than ${max} characters`);
    item[k] = v;
  }
  return item;
}

function tooMany(count: number | string, limit: number): ApiError {
  return new ApiError(413, 'too_many_items', `The job has ${count} items; the limit is ${limit.toLocaleString('en-US')} items a job`, { limit });
}

/** Items of a JSON body `{"items": […]}`. */
export function parseJsonItems(raw: string, maxItems: number, allowLoopback: boolean): JobItem[] {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new ApiError(400, 'malformed_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Array.isArray((data as { items?: unknown }).items)) {
    throw new ApiError(400, 'invalid_request', 'The JSON body must be an object {"items": [{"text": "…"}, …]}, or send NDJSON (Content-Type: application/x-ndjson)');
  }
  const list = (data as { items: unknown[] }).items;
  if (list.length === 0) throw new ApiError(400, 'empty_job', 'The job has no items');
  if (list.length > maxItems) throw tooMany(list.length.toLocaleString('en-US'), maxItems);
  return unique(list.map((x, i) => checkItem(x, i, allowLoopback)));
}

/** Items of an NDJSON body: one JSON object per line; blank lines are skipped. */
export function parseNdjsonItems(raw: string, maxItems: number, allowLoopback: boolean): JobItem[] {
  const items: JobItem[] = [];
  const lines = raw.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const text = lines[n].replace(/\r$/, '');
    if (text.trim() === '') continue;
    if (items.length >= maxItems) throw tooMany(`more than ${maxItems.toLocaleString('en-US')}`, maxItems);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ApiError(400, 'malformed_ndjson', `Line ${n + 1} is not valid JSON: ${(e as Error).message}`, { line: n + 1 });
    }
    items.push(checkItem(value, items.length, allowLoopback, n + 1));
  }
  if (items.length === 0) throw new ApiError(400, 'empty_job', 'The job has no items');
  return unique(items);
}

function unique(items: JobItem[]): JobItem[] {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      throw new ApiError(400, 'duplicate_item_id', `Items ${first + 1} and ${i + 1} have the same id "${item.id.slice(0, 64)}": ids must be unique in a job (items without one get "item-<n>")`, { id: item.id, index: i });
    }
    seen.set(item.id, i);
  });
  return items;
}
