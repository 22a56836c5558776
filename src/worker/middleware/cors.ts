/**
 * CORS for browser extensions (chrome-extension://…, moz-extension://…,
 * safari-web-extension://…) and for the web origins listed in CORS_ORIGINS
 * (comma-separated; "*" allows any). Preflight (OPTIONS with
 * Access-Control-Request-Method) answers 204 with the allowed methods and
 * headers; other origins get no CORS headers (the browser then blocks them).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

const EXTENSION = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9._-]+$/;
const METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const HEADERS = 'Content-Type, Authorization, X-Request-Id, If-None-Match';
const EXPOSE = 'X-Request-Id, Server-Timing, ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Location, X-Job-Status';

export function originAllowed(origin: string, configured: string | undefined): boolean {
  if (EXTENSION.test(origin)) return true;
  const list = (configured ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return list.includes('*') || list.includes(origin);
}

export const cors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('origin');
  const allowed = !!origin && originAllowed(origin, c.env.CORS_ORIGINS);
  if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
    const h = new Headers({ Vary: 'Origin' });
    if (allowed) {
      h.set('Access-Control-Allow-Origin', origin!);
      h.set('Access-Control-Allow-Methods', METHODS);
      h.set('Access-Control-Allow-Headers', HEADERS);
      h.set('Access-Control-Max-Age', '86400');
    }
    return new Response(null, { status: 204, headers: h });
  }
  await next();
  c.res.headers.append('Vary', 'Origin');
  if (allowed) {
    c.res.headers.set('Access-Control-Allow-Origin', origin!);
    c.res.headers.set('Access-Control-Expose-Headers', EXPOSE);
  }
};
