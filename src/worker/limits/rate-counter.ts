/**
 * A per-client request counter: one Durable Object per API key or anonymous
 * IP (`LIMITS.idFromName("key:<id>" | "ip:<address>")`), counting requests in
 * fixed one-minute windows. A Durable Object handles one call at a time, so
 * the count is exact however many requests arrive at once, and it can say how
 * many remain (the Workers rate-limiting binding cannot).
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env.ts';

export const WINDOW_MS = 60_000;

export interface LimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  reset: number;
}

interface Window {
  start: number;
  count: number;
}

export class RateCounter extends DurableObject<Env> {
  private window: Window | undefined;

  /** Counts one request against `limit` a minute; a refused request is not counted. */
  async hit(limit: number): Promise<LimitResult> {
    const now = Date.now();
    const start = now - (now % WINDOW_MS);
    let w = this.window ?? (await this.ctx.storage.get<Window>('w'));
    if (!w || w.start !== start) w = { start, count: 0 };
    const reset = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
    if (w.count >= limit) {
      this.window = w;
      return { allowed: false, limit, remaining: 0, reset };
    }
    w.count++;
    this.window = w;
    await this.ctx.storage.put('w', w);
    return { allowed: true, limit, remaining: limit - w.count, reset };
  }
}
