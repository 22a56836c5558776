/**
 * A request id on every response (`X-Request-Id`) and every log line: the
 * client's own id when it sends a sane one, else a new UUID. `log()` writes
 * one JSON line with it.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

const SANE = /^[A-Za-z0-9._:-]{8,128}$/;

export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header('x-request-id');
  const id = given && SANE.test(given) ? given : crypto.randomUUID();
  c.set('requestId', id);
  await next();
  c.res.headers.set('X-Request-Id', id);
};

/** One JSON log line carrying the request id. */
export function log(c: { get: (k: 'requestId') => string | undefined }, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ requestId: c.get('requestId'), ...fields }));
}
