/**
 * Webhook reports in the REPORTS namespace; the scoring and the callback run in the
 * queue consumer (webhooks/queue.ts).
 *
 * Keys:
 * - `report:<id>`  the stored record `{id, platform, postId, title, url, receivedAt, report}`
 *                  (`report` is the unchanged analyze() report), kept {@link REPORT_TTL_S} s (30 days);
 * - `pending:<id>` `{id, platform, postId, receivedAt}` while the delivery is being scored,
 *                  kept {@link PENDING_TTL_S} s at most (an hour: the queue's retries with backoff fit in it),
 *                  so a delivery whose scoring died does not block a retry for long.
 *
 * The id is deterministic: `<platform>-<first 24 hex digits of SHA-256 of
 * the JSON array [platform, post id, title, url, "html" | "text", body]>`, so
 * a retried delivery of the same content maps to the same id and is not scored
 * again, while an edit of the post (new content) gets a new report.
 * KV is eventually consistent: two deliveries of the same content arriving in
 * different locations within about a minute may both be scored; they write the same id.
 */
import { boundReport } from '../../core/bound.ts';
import { configuredBounds, maxWordsOf } from '../bound.ts';
import { analyze } from '../../core/analyze.ts';
import type { ArticleInput, Report } from '../../core/types.ts';
import type { Env } from '../env.ts';
import { activeRules, checkInterval } from '../store/rule-store.ts';
import { newsauditSignature, sha256Hex } from './crypto.ts';
import type { NormalizedPost } from './payloads.ts';
import { PLATFORMS, type Platform } from './verify.ts';

export const REPORT_TTL_S = 30 * 24 * 60 * 60;
export const PENDING_TTL_S = 60 * 60;
export const REPORT_ID_HEX = 24;
export const REPORT_ID_RE = new RegExp(`^(${PLATFORMS.join('|')})-[0-9a-f]{${REPORT_ID_HEX}}$`);

export const reportKey = (id: string) => `report:${id}`;
export const pendingKey = (id: string) => `pending:${id}`;

export interface WebhookRecord {
  id: string;
  platform: Platform;
  postId: string;
  title: string | null;
  url: string | null;
  /** When the (first) delivery of this content was received, ISO 8601. */
  receivedAt: string;
  report: Report;
  /** With WEBHOOK_CALLBACK_URL: each attempt to POST the record there. */
  callback?: CallbackState;
}

export interface CallbackAttempt {
  at: string;
  ok: boolean;
  status?: number;
  error?: string;
  ms: number;
}

export interface CallbackState {
  url: string;
  /** pending (attempts left), delivered, or failed (every attempt failed). */
  status: 'pending' | 'delivered' | 'failed';
  attempts: CallbackAttempt[];
}

/** The post of an accepted delivery, waiting in R2 for the queue consumer. */
export const postKey = (id: string) => `webhooks/${id}.json`;

export interface PendingMarker {
  id: string;
  platform: Platform;
  postId: string;
  receivedAt: string;
}

export function isReportId(s: string): boolean {
  return REPORT_ID_RE.test(s);
}

export async function reportIdOf(post: NormalizedPost): Promise<string> {
  const kind = post.html !== undefined ? 'html' : 'text';
  const key = JSON.stringify([post.platform, post.id, post.title ?? '', post.url ?? '', kind, post.html ?? post.text ?? '']);
  return `${post.platform}-${(await sha256Hex(key)).slice(0, REPORT_ID_HEX)}`;
}

/** Whether a key exists, without reading its value (a stored report may be large). */
export async function exists(kv: KVNamespace, key: string): Promise<boolean> {
  const stream = await kv.get(key, 'stream');
  if (stream === null) return false;
  await stream.cancel().catch(() => {});
  return true;
}

export type DeliveryState = 'new' | 'done' | 'pending';

export async function deliveryState(kv: KVNamespace, id: string): Promise<DeliveryState> {
  if (await exists(kv, reportKey(id))) return 'done';
  if (await exists(kv, pendingKey(id))) return 'pending';
  return 'new';
}

export async function markPending(kv: KVNamespace, marker: PendingMarker): Promise<void> {
  await kv.put(pendingKey(marker.id), JSON.stringify(marker), { expirationTtl: PENDING_TTL_S });
}

export function log(level: 'log' | 'error' | 'warn', fields: Record<string, unknown>): void {
  console[level](JSON.stringify(fields));
}

/** Scores the post into a stored record (the same bounds as an answer of POST /v1/score). Throws when it cannot. */
export async function scoreRecord(env: Env, post: NormalizedPost, id: string, receivedAt: string): Promise<WebhookRecord> {
  const rules = await activeRules(env.RULES, checkInterval(env.RULES_CHECK_INTERVAL_MS));
  const input: ArticleInput = post.html !== undefined ? { html: post.html } : { text: post.text ?? '' };
  if (post.url !== undefined) input.url = post.url;
  if (post.title !== undefined) input.title = post.title;
  const maxWords = maxWordsOf(env);
  const report = boundReport(analyze(input, rules.compiled, { origin: rules.origin, maxWords }), configuredBounds(env)).report;
  return { id, platform: post.platform, postId: post.id, title: post.title ?? null, url: post.url ?? null, receivedAt, report };
}

/**
 * POSTs `body` to WEBHOOK_CALLBACK_URL, signed like the generic webhook:
 * `X-Newsaudit-Signature: t=<unix ms>,v1=<hex HMAC-SHA256(WEBHOOK_CALLBACK_SECRET, "<t>.<body>")>`.
 * Without WEBHOOK_CALLBACK_SECRET the callback is sent unsigned (and a warning logged).
 * Returns the attempt (the status, or the error of a network failure or the 10 s timeout).
 */
export async function sendCallback(env: Env, id: string, body: string): Promise<CallbackAttempt> {
  const url = env.WEBHOOK_CALLBACK_URL!;
  const at = new Date().toISOString();
  const t0 = Date.now();
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'newsaudit-webhooks' };
    if (env.WEBHOOK_CALLBACK_SECRET) {
      headers['x-newsaudit-signature'] = await newsauditSignature(env.WEBHOOK_CALLBACK_SECRET, body);
    } else {
      log('warn', { msg: 'webhook callback unsigned: WEBHOOK_CALLBACK_SECRET is not set', id });
    }
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    // Free the connection; the answer's body is not used.
    await res.body?.cancel().catch(() => {});
    if (!res.ok) log('error', { msg: 'webhook callback failed', id, status: res.status });
    else log('log', { msg: 'webhook callback sent', id, status: res.status });
    return { at, ok: res.ok, status: res.status, ms: Date.now() - t0 };
  } catch (e) {
    log('error', { msg: 'webhook callback failed', id, error: String(e) });
    return { at, ok: false, error: String(e).slice(0, 300), ms: Date.now() - t0 };
  }
}
