/** Byte helpers for webhook signatures: HMAC-SHA256, hex/base64 codecs, constant-time comparison. */

const encoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

export async function hmacSha256(secret: string, data: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? utf8(data) : data)));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Hex (either case) to bytes; null when it is not hex. */
export function fromHex(s: string): Uint8Array | null {
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Standard base64 or base64url, with or without padding, to bytes; null when it is neither. */
export function fromBase64(s: string): Uint8Array | null {
  let t = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(t) || t.length % 4 === 1) return null;
  t += '='.repeat((4 - (t.length % 4)) % 4);
  try {
    const bin = atob(t);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/**
 * Constant-time equality of two MACs. The length of a MAC is public (32 bytes
 * for HMAC-SHA256), so a length mismatch may return early; equal-length
 * contents are compared with crypto.subtle.timingSafeEqual.
 */
export function macEqual(given: Uint8Array | null, expected: Uint8Array): boolean {
  if (!given || given.byteLength !== expected.byteLength) return false;
  return crypto.subtle.timingSafeEqual(given, expected);
}

/**
 * Parses `k1=v1,k2=v2` (commas or spaces between pairs, spaces around them
 * ignored) into a map of key → values in order. Values keep any `=` after the first.
 */
export function parseSignatureHeader(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(/[,\s]+/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const k = part.slice(0, eq).trim().toLowerCase();
    const v = part.slice(eq + 1).trim();
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(v);
  }
  return out;
}

/**
 * The value of an `X-Newsaudit-Signature` header for `body` (the generic
 * webhook scheme and the report callback): `t=<unix ms>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 */
export async function newsauditSignature(secret: string, body: string | Uint8Array, t = Date.now()): Promise<string> {
  const bytes = typeof body === 'string' ? utf8(body) : body;
  const mac = await hmacSha256(secret, concatBytes(utf8(`${t}.`), bytes));
  return `t=${t},v1=${toHex(mac)}`;
}
