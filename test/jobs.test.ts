/**
 * Bulk scoring: POST /v1/jobs through the real queue (the pool runs this
 * Worker's consumer on miniflare's local Queues), R2 parts, the job's Durable
 * Object; bad input; retries and redelivery never duplicating an item; the
 * dead-letter path; expiry.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../src/worker/env.ts';
import { app } from '../src/worker/index.ts';
import { jobStub } from '../src/worker/jobs/consumer.ts';
import type { JobMeta, JobView } from '../src/worker/jobs/job-state.ts';
import { jobPrefix } from '../src/worker/jobs/keys.ts';
import { queue } from '../src/worker/queue/handler.ts';
import { backoffSeconds, type JobChunkMessage, type QueueBody } from '../src/worker/queue/messages.ts';
import { BASE, call, postJson, type ErrorBody } from './helpers.ts';

const TEXT = 'The city council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.';
const HTML = `<article><h1>Bus network</h1><p>${TEXT}</p><p>The regional transport grant pays for it, the mayor said.</p></article>`;

interface Accepted {
  id: string;
  status: string;
  total: number;
  items?: string[];
}
interface Line {
  id: string;
  report?: { score: number; content: { text: string } };
  error?: { code: string; message: string };
}

async function waitDone(id: string, ms = 25_000): Promise<JobView> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await call(`/v1/jobs/${id}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as JobView;
    if (view.status === 'done') return view;
    if (Date.now() > until) throw new Error(`job ${id} not done: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function results(id: string, e?: Env): Promise<{ res: Response; lines: Line[] }> {
  const res = e ? await app.request(`/v1/jobs/${id}/results`, {}, e) : await call(`/v1/jobs/${id}/results`);
  const text = await res.text();
  return { res, lines: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line) };
}

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status, await res.clone().text()).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

/** An env whose queue only records what is sent, so a test drives the consumer itself. */
function capturingEnv(over: Partial<Env> = {}): { e: Env; sent: QueueBody[] } {
  const sent: QueueBody[] = [];
  const fakeQueue = {
    send: async (body: QueueBody) => void sent.push(body),
    sendBatch: async (msgs: Iterable<MessageSendRequest<QueueBody>>) => void [...msgs].forEach((m) => sent.push(m.body)),
  } as unknown as Queue<QueueBody>;
  return { e: { ...env, JOBS_QUEUE: fakeQueue, ...over } as Env, sent };
}

async function submit(e: Env, items: unknown[], query = ''): Promise<Accepted> {
  const res = await app.request(`/v1/jobs${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) }, e);
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as Accepted;
}

let seq = 0;
function batchOf(msgs: JobChunkMessage[], attempts = 1, queueName = 'newsaudit-jobs') {
  return createMessageBatch<QueueBody>(queueName, msgs.map((body) => ({ id: `m${++seq}`, timestamp: new Date(), attempts, body })));
}

describe('POST /v1/jobs end to end (local Queues, R2, Durable Object)', () => {
  it('scores text, HTML and URL items; failed items carry an error; results stream as NDJSON in order', async () => {
    const res = await postJson('/v1/jobs', {
      items: [
        { id: 'a', text: TEXT },
        { html: HTML, title: 'Bus network' },
        { id: 'page', url: 'http://pages.test/article' },
        { id: 'img', url: 'http://pages.test/image' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toMatch(/^\/v1\/jobs\/job-[0-9a-f]{32}$/);
    const accepted = (await res.json()) as Accepted;
    expect(accepted).toMatchObject({ status: 'queued', total: 4, items: ['a', 'item-2', 'page', 'img'] });
    const view = await waitDone(accepted.id);
    expect(view).toMatchObject({ id: accepted.id, status: 'done', total: 4, done: 3, failed: 1 });
    expect(Date.parse(view.updatedAt)).toBeGreaterThanOrEqual(Date.parse(view.createdAt));
    const { res: r, lines } = await results(accepted.id);
    expect(r.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    expect(r.headers.get('x-job-status')).toBe('done');
    expect(lines.map((l) => l.id)).toEqual(['a', 'item-2', 'page', 'img']);
    expect(lines[0].report!.content.text).toContain('twelve routes');
    expect(lines[2].report!.content.text).toContain('Council expands bus network');
    expect(lines[3].error).toMatchObject({ code: 'not_html' });
  });

  it('takes NDJSON, and a job of many chunks finishes with every item once', async () => {
    const n = 45;
    const body = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `n${i}`, text: `${TEXT} Item ${i}.` })).join('\n');
    const res = await call('/v1/jobs?content=none', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as Accepted;
    expect((await waitDone(id)).done).toBe(n);
    const { lines } = await results(id);
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: n }, (_, i) => `n${i}`));
    // ?content=none on the POST bounds every report of the job.
    expect(lines[0].report!.content.text).toBeUndefined();
  });
});

describe('bad job input', () => {
  const post = (body: string, type = 'application/json', path = '/v1/jobs') => call(path, { method: 'POST', headers: { 'content-type': type }, body });
  it('an empty job (JSON or NDJSON) is 400 empty_job', async () => {
    await expectError(await post(JSON.stringify({ items: [] })), 400, 'empty_job');
    await expectError(await post('\n\n', 'application/x-ndjson'), 400, 'empty_job');
  });
  it('too many items is 413 too_many_items; too many bytes 413 payload_too_large', async () => {
    const e = { ...env, JOB_MAX_ITEMS: '3', JOB_MAX_BYTES: '1000' } as Env;
    const items = Array.from({ length: 4 }, () => ({ text: 'x y z' }));
    const res = await app.request('/v1/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) }, e);
    const body = await expectError(res, 413, 'too_many_items');
    expect(body.error.message).toContain('limit is 3');
    const nd = await app.request('/v1/jobs', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: items.map((x) => JSON.stringify(x)).join('\n') }, e);
    await expectError(nd, 413, 'too_many_items');
    const big = await app.request('/v1/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [{ text: 'word '.repeat(300) }] }) }, e);
    await expectError(big, 413, 'payload_too_large');
  });
  it('a malformed NDJSON line is reported by its line number', async () => {
    const body = [JSON.stringify({ text: TEXT }), '', JSON.stringify({ text: TEXT }), '{"text": "unterminated'].join('\n');
    const err = await expectError(await post(body, 'application/x-ndjson'), 400, 'malformed_ndjson');
    expect(err.error.message).toMatch(/^Line 4 /);
    expect(err.error.details).toEqual({ line: 4 });
  });
  it('an invalid item names its index (and line); blocked URLs and duplicate ids are refused', async () => {
    const a = await expectError(await post(JSON.stringify({ items: [{ text: TEXT }, { text: TEXT, html: HTML }] })), 400, 'invalid_item');
    expect(a.error.message).toMatch(/^Item 2: /);
    const b = await expectError(await post([JSON.stringify({ text: TEXT }), JSON.stringify({ title: 'no text' })].join('\n'), 'application/x-ndjson'), 400, 'invalid_item');
    expect(b.error.details).toEqual({ index: 1, line: 2 });
    await expectError(await post(JSON.stringify({ items: [{ url: 'http://169.254.169.254/latest' }] })), 400, 'blocked_url');
    await expectError(await post(JSON.stringify({ items: [{ id: 'x', text: TEXT }, { id: 'x', text: TEXT }] })), 400, 'duplicate_item_id');
    await expectError(await post(JSON.stringify({ items: [{ text: '   ' }] })), 400, 'invalid_item');
  });
  it('bad JSON, a body without items, and other media types are clear 4xx', async () => {
    await expectError(await post('{"items": ['), 400, 'malformed_json');
    await expectError(await post(JSON.stringify([{ text: TEXT }])), 400, 'invalid_request');
    await expectError(await post(TEXT, 'text/plain'), 415, 'unsupported_media_type');
    await expectError(await call('/v1/jobs', { method: 'GET' }), 405, 'method_not_allowed');
  });
  it('an unknown or malformed job id is 404 job_not_found', async () => {
    await expectError(await call(`/v1/jobs/job-${'0'.repeat(32)}`), 404, 'job_not_found');
    await expectError(await call(`/v1/jobs/job-${'0'.repeat(32)}/results`), 404, 'job_not_found');
    await expectError(await call('/v1/jobs/nope'), 404, 'job_not_found');
  });
});

describe('retries and redelivery (the consumer driven by hand)', () => {
  it('a chunk delivered again, or a batch retried after half its work, never duplicates an item', async () => {
    const { e, sent } = capturingEnv({ JOB_CHUNK_ITEMS: '2' });
    const items = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, text: `${TEXT} Number ${i}.` }));
    const { id } = await submit(e, items, '?content=none');
    const msgs = sent as JobChunkMessage[];
    expect(msgs.map((m) => m.chunk)).toEqual([0, 1, 2, 3]);

    // The fault switch: every batch fails after half its messages, and is retried whole with backoff.
    const faulty = { ...e, DEV_MODE: 'true', DEV_FAULT_BATCH_RATE: '1' } as Env;
    const b1 = batchOf(msgs);
    const r1 = await getQueueResult(b1, createExecutionContext());
    await queue(b1, faulty);
    const after1 = await getQueueResult(b1, createExecutionContext());
    expect(after1.retryBatch.retry).toBe(true);
    expect(r1.explicitAcks).toEqual([]);
    const half = (await jobStub(env, id).view())!;
    expect(half).toMatchObject({ status: 'running', done: 4 });

    // Without the switch the switch is ignored unless DEV_MODE=true.
    const b2 = batchOf(msgs, 2);
    await queue(b2, { ...e, DEV_FAULT_BATCH_RATE: '1' } as Env);
    const r2 = await getQueueResult(b2, createExecutionContext());
    expect(r2.retryBatch.retry).toBe(false);
    expect(r2.explicitAcks.length).toBe(4);
    // And once more, as if the queue delivered everything again.
    await queue(batchOf(msgs, 3), e);

    const view = (await jobStub(env, id).view())!;
    expect(view).toMatchObject({ status: 'done', total: 7, done: 7, failed: 0 });
    const { lines } = await results(id, e);
    expect(lines.map((l) => l.id)).toEqual(items.map((x) => x.id));
  });

  it('a message that throws is retried with backoff; in the dead-letter queue its items become errors, once', async () => {
    const { e, sent } = capturingEnv({ JOB_CHUNK_ITEMS: '3' });
    const { id } = await submit(e, [{ id: 'd1', text: TEXT }, { id: 'd2', text: TEXT }, { id: 'd3', text: TEXT }, { id: 'd4', text: TEXT }]);
    const msgs = sent as JobChunkMessage[];
    // R2 failing for the job's inputs: the message is retried (2^(attempts-1) s later, at most 60 s).
    const broken = { ...e, RESULTS: { get: async () => { throw new Error('R2 down'); } } } as unknown as Env;
    const b = batchOf([msgs[0]], 3);
    await queue(b, broken);
    const r = await getQueueResult(b, createExecutionContext());
    expect(r.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual([b.messages[0].id]);
    expect(r.explicitAcks).toEqual([]);
    expect([1, 2, 3, 4, 7, 8].map((n) => backoffSeconds(n))).toEqual([1, 2, 4, 8, 60, 60]);
    expect([1, 4, 5, 9].map((n) => backoffSeconds(n, 8))).toEqual([1, 8, 8, 8]);

    await queue(batchOf([msgs[1]]), e);
    // Chunk 0 ends in the dead-letter queue, twice (delivered again): its items are errors, once each.
    await queue(batchOf([msgs[0]], 9, 'newsaudit-jobs-dlq'), e);
    await queue(batchOf([msgs[0]], 9, 'newsaudit-jobs-dlq'), e);
    // A chunk that did get scored is not overwritten by a late dead letter.
    await queue(batchOf([msgs[1]], 9, 'newsaudit-jobs-dlq'), e);
    expect(await jobStub(env, id).view()).toMatchObject({ status: 'done', done: 1, failed: 3 });
    const { lines } = await results(id, e);
    expect(lines.map((l) => [l.id, l.error?.code ?? 'ok'])).toEqual([['d1', 'dead_lettered'], ['d2', 'dead_lettered'], ['d3', 'dead_lettered'], ['d4', 'ok']]);
  });
});

describe('expiry', () => {
  it('at expiresAt the alarm deletes the results and the job answers 404', async () => {
    const { e, sent } = capturingEnv();
    const { id } = await submit(e, [{ text: TEXT }]);
    await queue(batchOf(sent as JobChunkMessage[]), e);
    expect((await env.RESULTS.list({ prefix: jobPrefix(id) })).objects.length).toBe(2);
    const stub = jobStub(env, id);
    await runInDurableObject(stub, async (_obj, state) => {
      const meta = (await state.storage.get<JobMeta>('meta'))!;
      expect(Date.parse(meta.expiresAt) - Date.parse(meta.createdAt)).toBe(604_800_000);
      await state.storage.put('meta', { ...meta, expiresAt: new Date(Date.now() - 1000).toISOString() });
    });
    // Past expiresAt the job is gone at once, even before the alarm has run.
    await expectError(await app.request(`/v1/jobs/${id}`, {}, e), 404, 'job_not_found');
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await env.RESULTS.list({ prefix: jobPrefix(id) })).objects.length).toBe(0);
    await expectError(await app.request(`/v1/jobs/${id}/results`, {}, e), 404, 'job_not_found');
  });
});

void BASE;
