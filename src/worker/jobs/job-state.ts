/**
 * One Durable Object per job (`JOBS.idFromName(jobId)`): the job's counters and
 * which chunks are recorded. A Durable Object runs one call at a time, so
 * counters stay exact however many queue consumers record chunks at once, and a
 * chunk recorded twice (a retried message) is counted once.
 *
 * Storage (the object's own SQLite-backed key-value store):
 * - `meta`      {@link JobMeta}
 * - `chunk:<n>` {done, failed} once chunk n's results part is written.
 *
 * Expiry: an alarm at `expiresAt` deletes the job's R2 objects (`jobs/<id>/`)
 * and the object's storage; reads after `expiresAt` answer as if the job never
 * existed, should the alarm run late.
 */
import { DurableObject } from 'cloudflare:workers';
import type { BoundOptions } from '../../core/bound.ts';
import type { Env } from '../env.ts';
import { jobPrefix } from './keys.ts';

export interface JobMeta {
  id: string;
  total: number;
  chunks: number;
  /** How each report in the results is bounded (the ?content= and ?maxFindings= of the POST). */
  bounds: BoundOptions;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /** A consumer has started on a chunk. */
  started: boolean;
  recorded: number;
  done: number;
  failed: number;
}

export type JobStatus = 'queued' | 'running' | 'done';

export interface JobView {
  id: string;
  status: JobStatus;
  total: number;
  done: number;
  failed: number;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

export function viewOf(meta: JobMeta): JobView {
  const status: JobStatus = meta.recorded >= meta.chunks ? 'done' : meta.started || meta.recorded > 0 ? 'running' : 'queued';
  const { id, total, done, failed, createdAt, updatedAt, expiresAt } = meta;
  return { id, status, total, done, failed, createdAt, updatedAt, expiresAt };
}

export class JobState extends DurableObject<Env> {
  private async meta(): Promise<JobMeta | null> {
    const meta = await this.ctx.storage.get<JobMeta>('meta');
    if (!meta) return null;
    if (Date.parse(meta.expiresAt) <= Date.now()) return null;
    return meta;
  }

  /** Creates the job (once: a second call keeps the first). */
  async init(meta: JobMeta): Promise<JobView> {
    const existing = await this.ctx.storage.get<JobMeta>('meta');
    if (existing) return viewOf(existing);
    await this.ctx.storage.put('meta', meta);
    await this.ctx.storage.setAlarm(Date.parse(meta.expiresAt));
    return viewOf(meta);
  }

  async view(): Promise<JobView | null> {
    const meta = await this.meta();
    return meta && viewOf(meta);
  }

  /** The chunks recorded so far, in order. */
  async recordedChunks(): Promise<number[]> {
    const meta = await this.meta();
    if (!meta) return [];
    const map = await this.ctx.storage.list({ prefix: 'chunk:' });
    return [...map.keys()].map((k) => Number(k.slice(6))).sort((a, b) => a - b);
  }

  /**
   * A consumer starts on a chunk: null when the job is gone (expired), else
   * whether the chunk is already recorded and how to bound its reports.
   */
  async begin(chunk: number): Promise<{ recorded: boolean; bounds: BoundOptions } | null> {
    const meta = await this.meta();
    if (!meta) return null;
    const recorded = (await this.ctx.storage.get(`chunk:${chunk}`)) !== undefined;
    if (!meta.started) {
      meta.started = true;
      meta.updatedAt = new Date().toISOString();
      await this.ctx.storage.put('meta', meta);
    }
    return { recorded, bounds: meta.bounds };
  }

  /** Records a chunk's outcome once; false when it was already recorded (or the job is gone). */
  async record(chunk: number, done: number, failed: number): Promise<boolean> {
    const meta = await this.meta();
    if (!meta || chunk < 0 || chunk >= meta.chunks) return false;
    const key = `chunk:${chunk}`;
    if ((await this.ctx.storage.get(key)) !== undefined) return false;
    meta.recorded++;
    meta.done += done;
    meta.failed += failed;
    meta.started = true;
    meta.updatedAt = new Date().toISOString();
    await this.ctx.storage.put({ [key]: { done, failed }, meta });
    return true;
  }

  /** Expiry: delete the job's results and inputs, then this object's storage. */
  async alarm(): Promise<void> {
    const meta = await this.ctx.storage.get<JobMeta>('meta');
    if (meta) {
      if (Date.parse(meta.expiresAt) > Date.now()) {
        await this.ctx.storage.setAlarm(Date.parse(meta.expiresAt));
        return;
      }
      const prefix = jobPrefix(meta.id);
      let cursor: string | undefined;
      do {
        const page = await this.env.RESULTS.list({ prefix, cursor });
        if (page.objects.length) await this.env.RESULTS.delete(page.objects.map((o) => o.key));
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }
}
