/**
 * Per-client rate limiting with the Workers rate-limiting binding
 * (`RATE_LIMITER`, see wrangler.toml). The client key is the connecting IP
 * (`CF-Connecting-IP`), or, without one, a hash prefix of the bearer token.
 * Over the limit: 429 `rate_limited` with Retry-After.
 * A request with neither (not from Cloudflare's edge) is not limited.
 * Without the binding (a deployment that does not want it) nothing is limited.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

async function clientKey(auth: string | undefined, ip: string | undefined): Promise<string | null> {
  // The address first: keying by a bearer token first would let a client dodge the limit by sending a new token each time.
  if (ip) return `ip:${ip}`;
  if (auth) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(auth)));
    return `token:${[...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  return null;
}

export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const limiter = c.env.RATE_LIMITER;
  if (limiter && c.req.method !== 'OPTIONS') {
    const key = await clientKey(c.req.header('authorization'), c.req.header('cf-connecting-ip'));
    // Cloudflare's edge (and wrangler dev) always set CF-Connecting-IP; a request without it and
    // without a token did not come through the edge (an in-process test or a service binding).
    const { success } = key ? await limiter.limit({ key }) : { success: true };
    if (!success) throw new ApiError(429, 'rate_limited', 'Too many requests from this client: slow down and retry after a minute', undefined, { 'Retry-After': '60' });
  }
  await next();
};
