/**
 * Reads a request body with a byte limit (413 past it), whatever the client
 * claims in Content-Length, and decodes it as UTF-8 (invalid bytes become U+FFFD).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export function bodyLimitOf(c: Context<AppEnv>): number {
  const n = Number(c.env.MAX_BODY_BYTES);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_BODY_BYTES;
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'payload_too_large', `Request body exceeds the limit of ${limit} bytes`);
}

export async function readBodyText(c: Context<AppEnv>): Promise<string> {
  const limit = bodyLimitOf(c);
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch {
      throw new ApiError(400, 'bad_body', 'The request body could not be read');
    }
    if (r.done) break;
    total += r.value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(r.value);
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const ch of chunks) {
    all.set(ch, off);
    off += ch.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(all);
}
