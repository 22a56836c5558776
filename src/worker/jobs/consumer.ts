/**
 * Scoring a job chunk in the queue consumer.
 *
 * 1. The job's object says whether the chunk is already recorded (a message
 *    delivered again after success): then nothing is done.
 * 2. Each item is scored (URL items through the safe fetcher); an item that
 *    cannot be scored becomes `{id, error: {code, message}}`, so one bad item
 *    never fails its chunk.
 * 3. The chunk's results part is written to R2 under a key of the chunk
 *    (`jobs/<id>/out/<chunk>.ndjson`): a retry overwrites the same part with
 *    the same item ids, so no item is ever in the results twice.
 * 4. The chunk is recorded in the job's object, which counts it once.
 *
 * Anything else that fails (R2, the object) throws: the message is retried
 * with backoff and, after the queue's max_retries, goes to the dead-letter
 * queue, where {@link deadLetterChunk} writes its items as errors.
 */
import { positive } from '../config.ts';
import { maxWordsOf } from '../bound.ts';
import { analyze } from '../../core/analyze.ts';
import { boundReport, WordLimitError, type BoundOptions } from '../../core/bound.ts';
import type { ArticleInput } from '../../core/types.ts';
import { checkWordsEarly, tooManyWords } from '../bound.ts';
import type { Env } from '../env.ts';
import { ApiError } from '../errors.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../middleware/body.ts';
import { checkUrl, fetchPage } from '../fetch-page.ts';
import { activeRules, checkInterval } from '../store/rule-store.ts';
import type { JobItem } from './input.ts';
import { inputKey, outputKey } from './keys.ts';

export function jobStub(env: Env, jobId: string) {
  return env.JOBS.get(env.JOBS.idFromName(jobId));
}


async function readItems(env: Env, jobId: string, chunk: number): Promise<JobItem[] | null> {
  const obj = await env.RESULTS.get(inputKey(jobId, chunk));
  if (!obj) return null;
  return (await obj.text()).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as JobItem);
}

function errorLine(id: string, code: string, message: string): string {
  return JSON.stringify({ id, error: { code, message } });
}

/** One item's result line, and whether it was scored. */
async function scoreItem(env: Env, item: JobItem, bounds: BoundOptions, rules: Awaited<ReturnType<typeof activeRules>>): Promise<{ line: string; ok: boolean }> {
  const maxWords = maxWordsOf(env);
  try {
    let input: ArticleInput;
    if (item.url !== undefined) {
      const allowLoopback = env.ALLOW_LOOPBACK_FETCH === 'true';
      const page = await fetchPage(checkUrl(item.url, allowLoopback), { maxBytes: positive(env.MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES), allowLoopback });
      input = page.contentType === 'text/plain' ? { text: page.html, url: page.url } : { html: page.html, url: page.url };
    } else {
      input = item.html !== undefined ? { html: item.html } : { text: item.text ?? '' };
      if (item.text !== undefined) checkWordsEarly(item.text, maxWords);
    }
    if (item.title !== undefined) input.title = item.title;
    if (item.lang !== undefined) input.lang = item.lang;
    if ((input.html ?? input.text ?? '').trim() === '') throw new ApiError(422, 'empty_text', 'The article text is empty');
    let report;
    try {
      report = analyze(input, rules.compiled, { origin: rules.origin, maxWords });
    } catch (e) {
      if (e instanceof WordLimitError) throw tooManyWords(e);
      throw e;
    }
    if (report.content.text.trim() === '') throw new ApiError(422, 'empty_text', 'The page or HTML holds no text to analyse');
    return { line: `{"id":${JSON.stringify(item.id)},"report":${boundReport(report, bounds).body}}`, ok: true };
  } catch (e) {
    if (e instanceof ApiError) return { line: errorLine(item.id, e.code, e.message), ok: false };
    console.error(JSON.stringify({ msg: 'job item failed', item: item.id, error: String(e), stack: (e as Error)?.stack }));
    return { line: errorLine(item.id, 'internal', 'The item could not be scored'), ok: false };
  }
}

/** Scores one chunk (see the file comment). Throws only on infrastructure failures. */
export async function processChunk(env: Env, jobId: string, chunk: number): Promise<'scored' | 'already-recorded' | 'gone'> {
  const stub = jobStub(env, jobId);
  const state = await stub.begin(chunk);
  if (!state) return 'gone';
  if (state.recorded) return 'already-recorded';
  const items = await readItems(env, jobId, chunk);
  if (!items) return 'gone';
  const rules = await activeRules(env.RULES, checkInterval(env.RULES_CHECK_INTERVAL_MS));
  const lines: string[] = [];
  let done = 0;
  let failed = 0;
  for (const item of items) {
    // Each analysis is synchronous CPU work: yield between items, so requests served by the same
    // isolate (wrangler dev runs the consumer and the HTTP handler together) are not held up by a batch.
    await new Promise((r) => setTimeout(r, 0));
    const r = await scoreItem(env, item, state.bounds, rules);
    lines.push(r.line);
    if (r.ok) done++;
    else failed++;
  }
  await env.RESULTS.put(outputKey(jobId, chunk), `${lines.join('\n')}\n`, { httpMetadata: { contentType: 'application/x-ndjson' } });
  await stub.record(chunk, done, failed);
  return 'scored';
}

/** A chunk that failed every attempt: its items are written as errors (unless it was recorded after all). */
export async function deadLetterChunk(env: Env, jobId: string, chunk: number, attempts: number): Promise<void> {
  const stub = jobStub(env, jobId);
  const state = await stub.begin(chunk);
  if (!state || state.recorded) return;
  const items = await readItems(env, jobId, chunk);
  if (!items) return;
  const message = `Scoring failed on every attempt (${attempts} in the dead-letter queue after the queue's retries)`;
  const lines = items.map((item) => errorLine(item.id, 'dead_lettered', message));
  await env.RESULTS.put(outputKey(jobId, chunk), `${lines.join('\n')}\n`, { httpMetadata: { contentType: 'application/x-ndjson' } });
  await stub.record(chunk, 0, items.length);
}
