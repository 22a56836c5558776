/**
 * Fetching a page for GET /v1/score?url=…, safely:
 *
 * - http and https only, default ports or explicit ones, no credentials in
 *   the URL;
 * - the host may not be a loopback, private, link-local, carrier-grade NAT,
 *   unspecified or cloud-metadata address, or a local name (localhost,
 *   *.local, *.internal), checked on every hop: redirects are followed by
 *   hand (at most 5), each Location checked again;
 * - a timeout (8 s) and a size limit (MAX_BODY_BYTES), enforced while the
 *   body streams;
 * - only HTML or plain text is accepted.
 *
 * A Worker cannot resolve DNS itself, so a public name that resolves to a
 * private address is not caught here; Cloudflare's edge does not route
 * Worker subrequests to private networks. `ALLOW_LOOPBACK_FETCH=true`
 * (local development and tests only) allows loopback hosts.
 */
import { decodeBody } from '../core/extract/charset.ts';
import { ApiError } from './errors.ts';
import { readCapped } from './read-capped.ts';

const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 8_000;

function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

/** Why a host may not be fetched, or null when it may. */
export function blockedHost(hostname: string, allowLoopback: boolean): string | null {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const loopback = host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host) || host === '0:0:0:0:0:0:0:1';
  if (loopback) return allowLoopback ? null : 'a loopback address';
  if (host.endsWith('.local') || host.endsWith('.internal') || host === 'metadata' || host === 'metadata.google.internal') return 'a local or metadata name';
  const v4 = ipv4(host);
  if (v4) {
    const [a, b] = v4;
    if (a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
    if (a === 169 && b === 254) return 'a link-local or metadata address';
    if (a === 100 && b >= 64 && b <= 127) return 'a carrier-grade NAT address';
    if (a >= 224) return 'a multicast or reserved address';
    return null;
  }
  if (host.includes(':')) {
    // IPv6 literals: unique-local fc00::/7, link-local fe80::/10, unspecified, IPv4-mapped.
    if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host) || host === '::') return 'a private or link-local IPv6 address';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return blockedHost(mapped[1], allowLoopback);
    return null;
  }
  // Decimal or hex IPv4 spellings ("2130706433", "0x7f000001") are refused outright.
  if (/^(0x[0-9a-f]+|\d+)$/.test(host)) return 'a numeric host';
  return null;
}

/** Parse and check a URL given by a client; throws a 400 with the reason. */
export function checkUrl(raw: string, allowLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError(400, 'invalid_url', 'url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError(400, 'invalid_url', 'url must be an absolute http(s) URL');
  if (url.username || url.password) throw new ApiError(400, 'invalid_url', 'url must not carry credentials');
  const why = blockedHost(url.hostname, allowLoopback);
  if (why) throw new ApiError(400, 'blocked_url', `Refusing to fetch ${url.hostname}: ${why}`);
  return url;
}

export interface FetchedPage {
  url: string;
  html: string;
  contentType: string;
}

export async function fetchPage(start: URL, opts: { maxBytes: number; allowLoopback: boolean }): Promise<FetchedPage> {
  let url = start;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        res = await fetch(url.toString(), {
          redirect: 'manual',
          signal: controller.signal,
          headers: { Accept: 'text/html,application/xhtml+xml,text/plain;q=0.8', 'User-Agent': 'newsaudit/1 (+https://github.com/newsaudit)' },
        });
      } catch (e) {
        const timedOut = controller.signal.aborted;
        throw new ApiError(422, timedOut ? 'fetch_timeout' : 'fetch_failed', timedOut ? `The page did not answer within ${TIMEOUT_MS / 1000} s` : `The page could not be fetched: ${(e as Error).message}`);
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        if (hop >= MAX_REDIRECTS) throw new ApiError(422, 'too_many_redirects', `More than ${MAX_REDIRECTS} redirects`);
        url = checkUrl(new URL(res.headers.get('location')!, url).toString(), opts.allowLoopback);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new ApiError(422, 'fetch_failed', `The page answered ${res.status}`);
      }
      const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type && type !== 'text/html' && type !== 'application/xhtml+xml' && type !== 'text/plain') {
        await res.body?.cancel();
        throw new ApiError(422, 'not_html', `The page is ${type}, not HTML or text`);
      }
      const tooLarge = () => new ApiError(413, 'page_too_large', `The page is larger than ${opts.maxBytes} bytes`);
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        await res.body?.cancel();
        throw tooLarge();
      }
      const bytes = await readCapped(res.body, opts.maxBytes, {
        readFailed: () =>
          controller.signal.aborted
            ? new ApiError(422, 'fetch_timeout', `The page did not finish within ${TIMEOUT_MS / 1000} s`)
            : new ApiError(422, 'fetch_failed', 'The page could not be read'),
        tooLarge,
      });
      const decoded = decodeBody(bytes, res.headers.get('content-type'), type !== 'text/plain');
      if (decoded.binary) throw new ApiError(422, 'not_html', 'The page is binary data, not HTML or text');
      return { url: url.toString(), html: decoded.text, contentType: type || 'text/html' };
    }
  } finally {
    clearTimeout(timer);
  }
}
