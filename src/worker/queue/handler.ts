/**
 * The queue consumer (the Worker's `queue()` handler) for JOBS_QUEUE and its
 * dead-letter queue. Each message is handled on its own and then acked, or
 * retried with backoff ({@link backoffSeconds}) when it threw. Past the
 * queue's max_retries a message goes to the dead-letter queue, where job
 * chunks are written as errors and webhook work is logged as lost.
 *
 * The development fault switch (DEV_MODE=true and DEV_FAULT_BATCH_RATE=0…1)
 * fails that share of batches on purpose: such a batch handles half its
 * messages (their results are written) and then retries all of them, the
 * worst case for duplicates.
 */
import type { Env } from '../env.ts';
import { deadLetterChunk, processChunk } from '../jobs/consumer.ts';
import { deadLetterWebhook, handleWebhookMessage } from '../webhooks/queue.ts';
import { backoffSeconds, DEFAULT_MAX_RETRY_DELAY_S, type QueueBody } from './messages.ts';

function log(level: 'log' | 'error' | 'warn', fields: Record<string, unknown>): void {
  console[level](JSON.stringify(fields));
}

export function faultRate(env: Env): number {
  if (env.DEV_MODE !== 'true') return 0;
  const r = Number(env.DEV_FAULT_BATCH_RATE);
  return Number.isFinite(r) && r > 0 ? Math.min(1, r) : 0;
}

async function handle(env: Env, msg: Message<QueueBody>, deadLetter: boolean): Promise<void> {
  const body = msg.body;
  switch (body?.kind) {
    case 'job-chunk':
      if (deadLetter) await deadLetterChunk(env, body.jobId, body.chunk, msg.attempts);
      else await processChunk(env, body.jobId, body.chunk);
      return;
    case 'webhook':
    case 'callback':
      if (deadLetter) await deadLetterWebhook(env, body, msg.attempts);
      else await handleWebhookMessage(env, body);
      return;
    default:
      log('warn', { msg: 'unknown queue message dropped', id: msg.id });
  }
}

/** QUEUE_MAX_RETRY_DELAY_S: the longest backoff (default 60 s; npm start sets 8, see README "Bulk scoring: jobs"). */
export function maxRetryDelay(env: Env): number {
  const n = Number(env.QUEUE_MAX_RETRY_DELAY_S);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 43_200) : DEFAULT_MAX_RETRY_DELAY_S;
}

export async function queue(batch: MessageBatch<QueueBody>, env: Env): Promise<void> {
  const maxDelay = maxRetryDelay(env);
  const deadLetter = batch.queue.endsWith('-dlq');
  const fault = !deadLetter && Math.random() < faultRate(env);
  const messages = fault ? batch.messages.slice(0, Math.ceil(batch.messages.length / 2)) : batch.messages;
  const outcomes = await Promise.all(
    messages.map(async (msg) => {
      try {
        await handle(env, msg, deadLetter);
        return null;
      } catch (e) {
        log('error', { msg: 'queue message failed', queue: batch.queue, kind: msg.body?.kind, attempts: msg.attempts, error: String(e), stack: (e as Error)?.stack });
        return e;
      }
    }),
  );
  if (fault) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    log('warn', { msg: 'injected fault: retrying the whole batch', queue: batch.queue, messages: batch.messages.length, handled: messages.length });
    batch.retryAll({ delaySeconds: backoffSeconds(attempts, maxDelay) });
    return;
  }
  messages.forEach((msg, i) => {
    if (outcomes[i] === null) msg.ack();
    else msg.retry({ delaySeconds: backoffSeconds(msg.attempts, maxDelay) });
  });
}
