/**
 * Bulk scoring (README: "Bulk scoring: jobs").
 *
 * - POST /v1/jobs: `{"items": […]}` (application/json) or NDJSON
 *   (application/x-ndjson), at most JOB_MAX_ITEMS items and JOB_MAX_BYTES
 *   bytes. The items are written to R2 in chunks of JOB_CHUNK_ITEMS, the job's
 *   Durable Object is created, one queue message per chunk is sent, and the
 *   answer is 202 `{id, status, total, items?}` with a Location header.
 *   `?content=` and `?maxFindings=` bound every report of the job as they bound
 *   POST /v1/score.
 * - GET /v1/jobs/:id: `{id, status: queued|running|done, total, done, failed, createdAt, updatedAt, expiresAt}`.
 * - GET /v1/jobs/:id/results: NDJSON, one line per finished item, in the order
 *   sent: `{id, report}` or `{id, error: {code, message}}`. While the job runs
 *   it holds the items finished so far (X-Job-Status says which).
 * - 404 `job_not_found` for an unknown or expired id.
 */
import { positiveInt } from '../config.ts';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { boundOptionsOf } from '../bound.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { readBodyText } from '../middleware/body.ts';
import { jobStub } from '../jobs/consumer.ts';
import { NDJSON_TYPES, parseJsonItems, parseNdjsonItems, type JobItem } from '../jobs/input.ts';
import type { JobMeta, JobView } from '../jobs/job-state.ts';
import { inputKey, JOB_ID_RE, newJobId, outputKey } from '../jobs/keys.ts';
import type { JobChunkMessage } from '../queue/messages.ts';

export const DEFAULT_JOB_MAX_ITEMS = 10_000;
export const DEFAULT_JOB_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_JOB_CHUNK_ITEMS = 20;
export const DEFAULT_JOB_TTL_SECONDS = 7 * 24 * 60 * 60;


export function jobLimits(env: AppEnv['Bindings']) {
  return {
    maxItems: positiveInt(env.JOB_MAX_ITEMS, DEFAULT_JOB_MAX_ITEMS),
    maxBytes: positiveInt(env.JOB_MAX_BYTES, DEFAULT_JOB_MAX_BYTES),
    chunkItems: Math.min(500, positiveInt(env.JOB_CHUNK_ITEMS, DEFAULT_JOB_CHUNK_ITEMS)),
    ttlSeconds: positiveInt(env.JOB_TTL_SECONDS, DEFAULT_JOB_TTL_SECONDS),
  };
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

async function viewOrThrow(c: Context<AppEnv>, id: string): Promise<JobView> {
  if (!JOB_ID_RE.test(id)) throw new ApiError(404, 'job_not_found', `No job "${id.slice(0, 64)}": job ids look like "job-" and 32 hex digits`);
  const view = await jobStub(c.env, id).view();
  if (!view) throw new ApiError(404, 'job_not_found', `No job ${id}: it was never created or it expired`);
  return view;
}

export const jobs = new Hono<AppEnv>();

jobs.post('/', async (c) => {
  const limits = jobLimits(c.env);
  const type = mediaType(c.req.header('content-type'));
  const ndjson = NDJSON_TYPES.includes(type);
  if (!ndjson && type !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', `Content-Type ${type ? `"${type}"` : '(none)'} is not supported: send application/json {"items": […]} or application/x-ndjson (one item a line)`);
  }
  const bounds = boundOptionsOf(c);
  const raw = await readBodyText(c, limits.maxBytes);
  const allowLoopback = c.env.ALLOW_LOOPBACK_FETCH === 'true';
  const items: JobItem[] = ndjson ? parseNdjsonItems(raw, limits.maxItems, allowLoopback) : parseJsonItems(raw, limits.maxItems, allowLoopback);

  const id = newJobId();
  const chunks: JobItem[][] = [];
  for (let i = 0; i < items.length; i += limits.chunkItems) chunks.push(items.slice(i, i + limits.chunkItems));
  // Inputs first, then the job's object, then the messages: a consumer never sees a chunk without its input.
  const puts: Promise<unknown>[] = [];
  for (let n = 0; n < chunks.length; n++) {
    puts.push(c.env.RESULTS.put(inputKey(id, n), chunks[n].map((x) => JSON.stringify(x)).join('\n') + '\n'));
    if (puts.length >= 32) await Promise.all(puts.splice(0));
  }
  await Promise.all(puts);
  const now = new Date();
  const meta: JobMeta = {
    id,
    total: items.length,
    chunks: chunks.length,
    bounds,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + limits.ttlSeconds * 1000).toISOString(),
    started: false,
    recorded: 0,
    done: 0,
    failed: 0,
  };
  const view = await jobStub(c.env, id).init(meta);
  const messages: MessageSendRequest<JobChunkMessage>[] = chunks.map((_, chunk) => ({ body: { kind: 'job-chunk', jobId: id, chunk }, contentType: 'json' }));
  for (let i = 0; i < messages.length; i += 100) await c.env.JOBS_QUEUE.sendBatch(messages.slice(i, i + 100));
  const body: Record<string, unknown> = { id, status: view.status, total: view.total, createdAt: view.createdAt, expiresAt: view.expiresAt, status_url: `/v1/jobs/${id}`, results_url: `/v1/jobs/${id}/results` };
  // The ids as assigned, in order, when the client left some out (small jobs only; the results carry them anyway).
  if (items.length <= 1000) body.items = items.map((x) => x.id);
  return c.json(body, 202, { Location: `/v1/jobs/${id}` });
});

jobs.get('/:id', async (c) => {
  const view = await viewOrThrow(c, c.req.param('id'));
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (view.status !== 'done') headers['Retry-After'] = '1';
  return c.json(view, 200, headers);
});

jobs.get('/:id/results', async (c) => {
  const id = c.req.param('id');
  const view = await viewOrThrow(c, id);
  const chunks = await jobStub(c.env, id).recordedChunks();
  const bucket = c.env.RESULTS;
  let next = 0;
  // One part at a time, in chunk order: memory stays at one part however large the job.
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (next < chunks.length) {
        const obj = await bucket.get(outputKey(id, chunks[next++]));
        if (!obj) continue;
        controller.enqueue(new Uint8Array(await obj.arrayBuffer()));
        return;
      }
      controller.close();
    },
  });
  return c.body(stream, 200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Job-Status': view.status,
    'X-Job-Items': String(view.done + view.failed),
  });
});
