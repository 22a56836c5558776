/**
 * Who the client is, and how many requests a minute it may make.
 *
 * - `Authorization: Bearer <API key>`: the key must exist and not be revoked
 *   (401 `invalid_api_key` / `revoked_api_key`, never a silent fallback to
 *   anonymous); the client is held to the key's own per-minute quota.
 * - No Authorization header: the client is its IP address (`CF-Connecting-IP`),
 *   held to ANON_RATE_LIMIT requests a minute (default 120; 0 turns it off).
 *   A request without that header did not come through Cloudflare's edge or
 *   wrangler dev (an in-process test, a service binding) and is not limited.
 * - The admin routes (/v1/admin/*, /v1/rules) and the webhooks carry their own
 *   bearer tokens and signatures: there the header is not an API key, and the
 *   client is its IP address.
 *
 * Counting is exact: a Durable Object per client (limits/rate-counter.ts).
 * Every counted answer carries RateLimit-Limit, RateLimit-Remaining and
 * RateLimit-Reset (seconds); a 429 `rate_limited` also carries Retry-After.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Env } from '../env.ts';
import { ApiError } from '../errors.ts';
import { lookupKey } from '../limits/keys.ts';
import type { LimitResult } from '../limits/rate-counter.ts';

export const DEFAULT_ANON_RATE_LIMIT = 120;

export function anonLimitOf(env: Env): number {
  const v = env.ANON_RATE_LIMIT;
  if (v === undefined || v === '') return DEFAULT_ANON_RATE_LIMIT;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : DEFAULT_ANON_RATE_LIMIT;
}

function ownAuth(path: string): boolean {
  return path.startsWith('/v1/admin') || path.startsWith('/v1/rules') || path.startsWith('/v1/webhooks');
}

function unauthorized(code: string, message: string): ApiError {
  return new ApiError(401, code, message, undefined, { 'WWW-Authenticate': `Bearer realm="newsaudit", error="invalid_token"` });
}

function limitHeaders(r: LimitResult): Record<string, string> {
  return { 'RateLimit-Limit': String(r.limit), 'RateLimit-Remaining': String(r.remaining), 'RateLimit-Reset': String(r.reset) };
}

export const clientLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === 'OPTIONS') return next();
  let client: { key: string; limit: number; who: string } | null = null;
  const auth = c.req.header('authorization');
  if (auth !== undefined && !ownAuth(c.req.path)) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw unauthorized('invalid_authorization', 'Send the API key as Authorization: Bearer <key>, or no Authorization header at all');
    const record = c.env.API_KEYS ? await lookupKey(c.env.API_KEYS, m[1]) : null;
    if (!record) throw unauthorized('invalid_api_key', 'Unknown API key: check it, or ask the operator for one (keys look like na_ and 40 hex digits)');
    if (record.revokedAt) throw unauthorized('revoked_api_key', `This API key ("${record.name}") was revoked on ${record.revokedAt}`);
    c.set('apiKey', { id: record.id, name: record.name });
    client = { key: `key:${record.id}`, limit: record.perMinute, who: `API key "${record.name}"` };
  } else {
    const ip = c.req.header('cf-connecting-ip');
    const limit = anonLimitOf(c.env);
    if (ip && limit > 0) client = { key: `ip:${ip}`, limit, who: 'clients without an API key (per IP address)' };
  }
  let result: LimitResult | undefined;
  // Without the LIMITS binding (a deployment or an embedding that leaves it out) nothing is counted.
  if (client && c.env.LIMITS) {
    result = await c.env.LIMITS.get(c.env.LIMITS.idFromName(client.key)).hit(client.limit);
    if (!result.allowed) {
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests: the limit for ${client.who} is ${client.limit} a minute; retry in ${result.reset} s`,
        { limit: result.limit, reset: result.reset },
        { ...limitHeaders(result), 'Retry-After': String(result.reset) },
      );
    }
  }
  await next();
  if (result) for (const [k, v] of Object.entries(limitHeaders(result))) c.res.headers.set(k, v);
};
