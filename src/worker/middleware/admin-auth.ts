/** Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

async function digest(s: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
}

/** Constant-time equality: compares SHA-256 digests so neither length nor content leaks through timing. */
export async function tokensEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export const adminAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) {
    throw new ApiError(403, 'admin_disabled', 'Admin routes are disabled: set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN)');
  }
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) {
    throw new ApiError(401, 'unauthorized', 'Missing bearer token: send Authorization: Bearer <token>', undefined, {
      'WWW-Authenticate': 'Bearer realm="newsaudit-admin"',
    });
  }
  if (!(await tokensEqual(m[1], expected))) {
    throw new ApiError(401, 'invalid_token', 'Wrong admin token', undefined, { 'WWW-Authenticate': 'Bearer realm="newsaudit-admin", error="invalid_token"' });
  }
  await next();
};
