/**
 * Webhook signature schemes, one per platform. Every scheme is checked on the
 * RAW body bytes exactly as received (never on re-serialised JSON).
 *
 * | platform     | secret                     | header(s) and what is signed |
 * |--------------|----------------------------|------------------------------|
 * | `ghost`      | WEBHOOK_SECRET_GHOST       | `X-Ghost-Signature: sha256=<hex>, t=<ms>`; hex HMAC-SHA256 of the body followed directly by the timestamp digits (`<body><t>`), as Ghost's webhook-trigger.js signs it |
 * | `wordpress`  | WEBHOOK_SECRET_WORDPRESS   | `X-WP-Webhook-Signature: <base64>`; base64 HMAC-SHA256 of the body (WP Webhooks plugin). No timestamp: replays are caught by report de-duplication |
 * | `sanity`     | WEBHOOK_SECRET_SANITY      | `sanity-webhook-signature: t=<ms>,v1=<base64url>`; HMAC-SHA256 of `<t>.<body>` (@sanity/webhook). base64url without padding as Sanity sends it; padded or standard base64 is accepted too |
 * | `contentful` | WEBHOOK_SECRET_CONTENTFUL  | `x-contentful-signature: <hex>`, `x-contentful-signed-headers`, `x-contentful-timestamp: <ms>`; see {@link contentfulCanonical} |
 * | `strapi`     | WEBHOOK_TOKEN_STRAPI       | `Authorization: Bearer <token>` (a static header set in Strapi's webhook settings), compared in constant time |
 * | `generic`    | WEBHOOK_SECRET_GENERIC     | `X-Newsaudit-Signature: t=<unix ms>,v1=<hex>`; hex HMAC-SHA256 of `<t>.<body>` (several `v1=` values are allowed, e.g. during secret rotation; one must match) |
 *
 * Timestamped schemes (ghost, sanity, contentful, generic) refuse a
 * timestamp more than 5 minutes from the Worker's clock, in either direction.
 *
 * Errors: no secret configured → 403 `webhook_disabled`; a missing header →
 * 401 `missing_signature`; a malformed header, wrong secret or altered body →
 * 401 `bad_signature`; an authentic but old (or future) timestamp → 401 `stale_signature`.
 */
import { tokensEqual } from '../middleware/admin-auth.ts';
import type { Env } from '../env.ts';
import { ApiError } from '../errors.ts';
import { concatBytes, fromBase64, fromHex, hmacSha256, macEqual, parseSignatureHeader, utf8 } from './crypto.ts';

export const PLATFORMS = ['ghost', 'wordpress', 'sanity', 'contentful', 'strapi', 'generic'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(s: string): s is Platform {
  return (PLATFORMS as readonly string[]).includes(s);
}

/** How far a signature timestamp may be from now, either way. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

/** What a scheme sees of the request. */
export interface Delivery {
  method: string;
  /** The full request URL. */
  url: string;
  headers: Headers;
  body: Uint8Array;
}

interface Scheme {
  label: string;
  secretVar: keyof Env & `WEBHOOK_${string}`;
  /** Headers that must be present (checked before the body is read). */
  required: string[];
  /** Resolves with the signed timestamp (ms) for timestamped schemes; throws 401 `bad_signature` otherwise. */
  verify(secret: string, d: Delivery): Promise<number | undefined>;
}

function bad(message: string): ApiError {
  return new ApiError(401, 'bad_signature', message);
}

/** A millisecond timestamp as signed: digits only. */
function timestampOf(t: string | undefined, where: string): number {
  if (t === undefined || !/^\d{1,16}$/.test(t)) throw bad(`${where}: the timestamp must be a Unix time in milliseconds`);
  return Number(t);
}

function single(fields: Map<string, string[]>, key: string): string | undefined {
  const v = fields.get(key);
  return v && v.length === 1 ? v[0] : undefined;
}

const ghost: Scheme = {
  label: 'Ghost',
  secretVar: 'WEBHOOK_SECRET_GHOST',
  required: ['x-ghost-signature'],
  async verify(secret, d) {
    const fields = parseSignatureHeader(d.headers.get('x-ghost-signature')!);
    const sig = single(fields, 'sha256');
    const t = single(fields, 't');
    if (!sig || t === undefined) throw bad('X-Ghost-Signature must read "sha256=<hex>, t=<ms>"');
    const ts = timestampOf(t, 'X-Ghost-Signature');
    const mac = await hmacSha256(secret, concatBytes(d.body, utf8(t)));
    if (!macEqual(fromHex(sig), mac)) throw bad('X-Ghost-Signature does not match the body: wrong secret or altered payload');
    return ts;
  },
};

const wordpress: Scheme = {
  label: 'WordPress (WP Webhooks)',
  secretVar: 'WEBHOOK_SECRET_WORDPRESS',
  required: ['x-wp-webhook-signature'],
  async verify(secret, d) {
    const given = fromBase64(d.headers.get('x-wp-webhook-signature')!.trim());
    if (!given) throw bad('X-WP-Webhook-Signature must be a base64 HMAC-SHA256');
    const mac = await hmacSha256(secret, d.body);
    if (!macEqual(given, mac)) throw bad('X-WP-Webhook-Signature does not match the body: wrong secret or altered payload');
    return undefined;
  },
};

const sanity: Scheme = {
  label: 'Sanity',
  secretVar: 'WEBHOOK_SECRET_SANITY',
  required: ['sanity-webhook-signature'],
  async verify(secret, d) {
    const fields = parseSignatureHeader(d.headers.get('sanity-webhook-signature')!);
    const t = single(fields, 't');
    const v1 = single(fields, 'v1');
    if (t === undefined || !v1) throw bad('sanity-webhook-signature must read "t=<ms>,v1=<base64url>"');
    const ts = timestampOf(t, 'sanity-webhook-signature');
    const mac = await hmacSha256(secret, concatBytes(utf8(`${t}.`), d.body));
    if (!macEqual(fromBase64(v1), mac)) throw bad('sanity-webhook-signature does not match the body: wrong secret or altered payload');
    return ts;
  },
};

const CF_SIGNATURE = 'x-contentful-signature';
const CF_SIGNED_HEADERS = 'x-contentful-signed-headers';
const CF_TIMESTAMP = 'x-contentful-timestamp';

/**
 * The path as Contentful's node-apps-toolkit normalises it
 * (getNormalizedEncodedURI): the text after the first "?" is
 * encodeURIComponent-ed (querystring.escape), then the whole is encodeURI-ed.
 */
function contentfulPath(url: string): string {
  const u = new URL(url);
  const [pathname, search] = `${u.pathname}${u.search}`.split('?');
  const escaped = search ? encodeURIComponent(search) : '';
  return encodeURI(escaped ? `${pathname}?${escaped}` : pathname);
}

/**
 * Contentful request verification, as node-apps-toolkit's verifyRequest
 * rebuilds it (signRequest with the received timestamp):
 *
 *   signature = hex( HMAC-SHA256( secret, METHOD + "\n" + PATH + "\n" + HEADERS + "\n" + BODY ) )
 *
 * - METHOD: the request method (`POST`).
 * - PATH: the request path with its query (`/v1/webhooks/contentful`), normalised
 *   as in {@link contentfulPath} (a no-op for plain paths without a query).
 * - HEADERS: the headers named in `x-contentful-signed-headers` (comma-separated,
 *   names lower-cased and trimmed) that the request carries, as `name:value`
 *   with the value trimmed; `x-contentful-signed-headers` and
 *   `x-contentful-timestamp` are always among them (the signed-headers value
 *   being the sorted, comma-joined list of the signed names); pairs sorted
 *   by name and joined with ";".
 * - BODY: the raw body.
 *
 * We additionally require `x-contentful-timestamp` to be listed in
 * `x-contentful-signed-headers` (Contentful always lists it).
 */
export function contentfulCanonical(d: Delivery, signedList: string[]): Uint8Array {
  const names = new Set(signedList.filter((n) => n !== CF_SIGNED_HEADERS && n !== CF_TIMESTAMP && d.headers.has(n)));
  names.add(CF_SIGNED_HEADERS);
  names.add(CF_TIMESTAMP);
  const sorted = [...names].sort();
  const pairs = sorted.map((n) => {
    const value = n === CF_SIGNED_HEADERS ? sorted.join(',') : n === CF_TIMESTAMP ? String(Number.parseInt(d.headers.get(n)!, 10)) : d.headers.get(n)!.trim();
    return `${n}:${value}`;
  });
  return concatBytes(utf8(`${d.method}\n${contentfulPath(d.url)}\n${pairs.join(';')}\n`), d.body);
}

const contentful: Scheme = {
  label: 'Contentful',
  secretVar: 'WEBHOOK_SECRET_CONTENTFUL',
  required: [CF_SIGNATURE, CF_SIGNED_HEADERS, CF_TIMESTAMP],
  async verify(secret, d) {
    const signed = d.headers
      .get(CF_SIGNED_HEADERS)!
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean);
    if (!signed.includes(CF_TIMESTAMP)) throw bad('x-contentful-signed-headers must include x-contentful-timestamp');
    const ts = timestampOf(d.headers.get(CF_TIMESTAMP)!.trim(), 'x-contentful-timestamp');
    const mac = await hmacSha256(secret, contentfulCanonical(d, signed));
    if (!macEqual(fromHex(d.headers.get(CF_SIGNATURE)!.trim()), mac)) {
      throw bad('x-contentful-signature does not match the request: wrong secret, altered payload or signed headers');
    }
    return ts;
  },
};

const strapi: Scheme = {
  label: 'Strapi',
  secretVar: 'WEBHOOK_TOKEN_STRAPI',
  required: ['authorization'],
  async verify(secret, d) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(d.headers.get('authorization')!);
    if (!m) throw bad('Authorization must read "Bearer <token>"');
    if (!(await tokensEqual(m[1], secret))) throw bad('Wrong Strapi webhook token');
    return undefined;
  },
};

const generic: Scheme = {
  label: 'generic',
  secretVar: 'WEBHOOK_SECRET_GENERIC',
  required: ['x-newsaudit-signature'],
  async verify(secret, d) {
    const fields = parseSignatureHeader(d.headers.get('x-newsaudit-signature')!);
    const t = single(fields, 't');
    const v1s = fields.get('v1') ?? [];
    if (t === undefined || v1s.length === 0) throw bad('X-Newsaudit-Signature must read "t=<unix ms>,v1=<hex>"');
    const ts = timestampOf(t, 'X-Newsaudit-Signature');
    const mac = await hmacSha256(secret, concatBytes(utf8(`${t}.`), d.body));
    // Check every v1 so the time taken does not depend on which one matched.
    let ok = false;
    for (const v of v1s) ok = macEqual(fromHex(v), mac) || ok;
    if (!ok) throw bad('X-Newsaudit-Signature does not match the body: wrong secret or altered payload');
    return ts;
  },
};

export const SCHEMES: Record<Platform, Scheme> = { ghost, wordpress, sanity, contentful, strapi, generic };

/** 403 when the platform's secret is not set; 401 `missing_signature` when a required header is absent. Returns the secret. */
export function checkConfigured(platform: Platform, env: Env, headers: Headers): string {
  const scheme = SCHEMES[platform];
  const secret = env[scheme.secretVar];
  if (typeof secret !== 'string' || secret === '') {
    throw new ApiError(
      403,
      'webhook_disabled',
      `${scheme.label} webhooks are disabled: set the ${scheme.secretVar} secret (wrangler secret put ${scheme.secretVar})`,
    );
  }
  const missing = scheme.required.filter((h) => !headers.has(h));
  if (missing.length > 0) {
    throw new ApiError(401, 'missing_signature', `Missing ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}: configure the webhook's secret in ${scheme.label}`);
  }
  return secret;
}

/** Verifies the signature, then the timestamp's freshness. */
export async function verifyDelivery(platform: Platform, secret: string, d: Delivery, now = Date.now()): Promise<void> {
  const ts = await SCHEMES[platform].verify(secret, d);
  if (ts !== undefined && Math.abs(now - ts) > TIMESTAMP_TOLERANCE_MS) {
    const ageS = Math.round((now - ts) / 1000);
    throw new ApiError(
      401,
      'stale_signature',
      `The signature's timestamp is ${Math.abs(ageS)} s ${ageS >= 0 ? 'old' : 'in the future'}: deliveries signed more than ${TIMESTAMP_TOLERANCE_MS / 60000} minutes from now are refused`,
    );
  }
}
