/** Bodies of messages on JOBS_QUEUE (kept small: the items themselves are in R2). */
export interface JobChunkMessage {
  kind: 'job-chunk';
  jobId: string;
  chunk: number;
}

export interface WebhookMessage {
  kind: 'webhook';
  /** The report id; the post waits in R2 at `webhooks/<id>.json`. */
  id: string;
}

export interface CallbackMessage {
  kind: 'callback';
  /** The report id whose stored record is POSTed to WEBHOOK_CALLBACK_URL. */
  id: string;
}

export type QueueBody = JobChunkMessage | WebhookMessage | CallbackMessage;

export const DEFAULT_MAX_RETRY_DELAY_S = 60;

/** Retry delay after a failed attempt: 1, 2, 4, … seconds, at most `max` (attempts counts from 1). */
export function backoffSeconds(attempts: number, max = DEFAULT_MAX_RETRY_DELAY_S): number {
  return Math.min(max, 2 ** Math.max(0, attempts - 1));
}
