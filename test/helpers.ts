import { env, exports } from 'cloudflare:workers';
import { invalidateRuleCache } from '../src/worker/store/rule-store.ts';
import type { Report } from '../src/core/types.ts';

export const BASE = 'http://newsaudit.test';

export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function score(body: unknown): Promise<Report> {
  const res = await postJson('/v1/score', body);
  if (res.status !== 200) throw new Error(`score: ${res.status} ${await res.text()}`);
  return (await res.json()) as Report;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Every finding's offsets are valid UTF-16 indices into content.text and never split a surrogate pair. */
export function assertOffsetsValid(r: Report): void {
  const t = r.content.text;
  const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
  for (const f of r.findings) {
    if (!(Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.end <= t.length && f.start < f.end)) {
      throw new Error(`bad offsets ${f.start}-${f.end} (length ${t.length}) for ${f.rule}`);
    }
    if (t.slice(f.start, f.end) !== f.text) throw new Error(`text mismatch for ${f.rule}: ${JSON.stringify(f.text)}`);
    if (isLow(t.charCodeAt(f.start)) && isHigh(t.charCodeAt(f.start - 1))) throw new Error(`start splits a surrogate pair (${f.rule})`);
    if (isHigh(t.charCodeAt(f.end - 1)) && isLow(t.charCodeAt(f.end))) throw new Error(`end splits a surrogate pair (${f.rule})`);
  }
  for (const s of r.sources) {
    if (s.evidence && !(s.evidence.start >= 0 && s.evidence.end <= t.length && s.evidence.start < s.evidence.end)) {
      throw new Error(`bad source evidence ${JSON.stringify(s)}`);
    }
  }
}

/** Empty the RULES namespace and the isolate's rule cache. */
export async function clearKv(): Promise<void> {
  const list = await env.RULES.list();
  await Promise.all(list.keys.map((k) => env.RULES.delete(k.name)));
  invalidateRuleCache();
}
