/**
 * Webhook work in the queue consumer (the same queue, retries and dead-letter
 * queue as jobs):
 *
 * - `webhook` messages: the accepted post waits in R2 (`webhooks/<id>.json`);
 *   it is scored and stored as `report:<id>`, the pending marker and the post
 *   are deleted, and with WEBHOOK_CALLBACK_URL a `callback` message is sent.
 *   A failure throws: the message is retried with backoff. A report already
 *   stored (a redelivered message) is not scored again.
 * - `callback` messages: the stored record (without its `callback` field) is
 *   POSTed, signed, to WEBHOOK_CALLBACK_URL; each attempt is appended to the
 *   record's `callback.attempts`. A failed attempt throws, so the message is
 *   retried with backoff; in the dead-letter queue the callback is marked
 *   `failed`. A callback already delivered is not sent again.
 */
import type { Env } from '../env.ts';
import type { CallbackMessage, WebhookMessage } from '../queue/messages.ts';
import type { NormalizedPost } from './payloads.ts';
import { exists, log, pendingKey, postKey, REPORT_TTL_S, reportKey, scoreRecord, sendCallback, type WebhookRecord } from './store.ts';

export interface QueuedPost {
  post: NormalizedPost;
  receivedAt: string;
}

/** The route's side: the post goes to R2, a message to the queue. */
export async function enqueueDelivery(env: Env, id: string, queued: QueuedPost): Promise<void> {
  await env.RESULTS.put(postKey(id), JSON.stringify(queued));
  await env.JOBS_QUEUE.send({ kind: 'webhook', id }, { contentType: 'json' });
}

/** The record as sent to the callback URL: without the callback's own bookkeeping. */
export function callbackBody(record: WebhookRecord): string {
  const { callback: _omit, ...rest } = record;
  return JSON.stringify(rest);
}

async function scoreDelivery(env: Env, id: string): Promise<void> {
  const obj = await env.RESULTS.get(postKey(id));
  if (!obj) return; // done already (a redelivered message), or expired
  const { post, receivedAt } = (await obj.json()) as QueuedPost;
  const started = Date.now();
  if (!(await exists(env.REPORTS, reportKey(id)))) {
    const record = await scoreRecord(env, post, id, receivedAt);
    if (env.WEBHOOK_CALLBACK_URL) record.callback = { url: env.WEBHOOK_CALLBACK_URL, status: 'pending', attempts: [] };
    await env.REPORTS.put(reportKey(id), JSON.stringify(record), { expirationTtl: REPORT_TTL_S });
    log('log', { msg: 'webhook scored', id, platform: post.platform, postId: post.id, score: record.report.score, band: record.report.band, ms: Date.now() - started });
  }
  if (env.WEBHOOK_CALLBACK_URL) await env.JOBS_QUEUE.send({ kind: 'callback', id }, { contentType: 'json' });
  await env.REPORTS.delete(pendingKey(id)).catch((e) => log('warn', { msg: 'webhook pending marker not deleted', id, error: String(e) }));
  await env.RESULTS.delete(postKey(id));
}

async function deliverCallback(env: Env, id: string): Promise<void> {
  if (!env.WEBHOOK_CALLBACK_URL) return;
  const record = await env.REPORTS.get<WebhookRecord>(reportKey(id), 'json');
  if (!record || record.callback?.status === 'delivered') return;
  const attempt = await sendCallback(env, id, callbackBody(record));
  const callback = record.callback ?? { url: env.WEBHOOK_CALLBACK_URL, status: 'pending', attempts: [] };
  callback.attempts.push(attempt);
  callback.status = attempt.ok ? 'delivered' : 'pending';
  record.callback = callback;
  await env.REPORTS.put(reportKey(id), JSON.stringify(record), { expirationTtl: REPORT_TTL_S });
  if (!attempt.ok) throw new Error(`callback attempt ${callback.attempts.length} failed: ${attempt.error ?? `status ${attempt.status}`}`);
}

export async function handleWebhookMessage(env: Env, body: WebhookMessage | CallbackMessage): Promise<void> {
  if (body.kind === 'webhook') await scoreDelivery(env, body.id);
  else await deliverCallback(env, body.id);
}

/** Webhook work that failed every attempt. */
export async function deadLetterWebhook(env: Env, body: WebhookMessage | CallbackMessage, attempts: number): Promise<void> {
  if (body.kind === 'webhook') {
    log('error', { msg: 'webhook scoring failed on every attempt', id: body.id, attempts });
    await env.REPORTS.delete(pendingKey(body.id)).catch(() => {});
    await env.RESULTS.delete(postKey(body.id)).catch(() => {});
    return;
  }
  const record = await env.REPORTS.get<WebhookRecord>(reportKey(body.id), 'json');
  log('error', { msg: 'webhook callback given up', id: body.id, attempts: record?.callback?.attempts.length ?? attempts });
  if (record?.callback && record.callback.status !== 'delivered') {
    record.callback.status = 'failed';
    await env.REPORTS.put(reportKey(body.id), JSON.stringify(record), { expirationTtl: REPORT_TTL_S });
  }
}
