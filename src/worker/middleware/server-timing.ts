/**
 * Server-Timing: the whole request (`total`) and, for scored requests, each
 * phase and analyzer of the report (`parse`, `match`, `spin`, …), so browser
 * dev tools and clients see where the time went. Routes put the report's
 * timings in `c.var.timings`.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export const serverTiming: MiddlewareHandler<AppEnv> = async (c, next) => {
  const t0 = performance.now();
  await next();
  const parts: string[] = [];
  const timings = c.get('timings');
  if (timings) for (const [k, v] of Object.entries(timings)) parts.push(`${k.replace(/[^A-Za-z0-9_-]/g, '_')};dur=${v}`);
  parts.push(`total;dur=${Math.round((performance.now() - t0) * 1000) / 1000}`);
  c.res.headers.set('Server-Timing', parts.join(', '));
};
