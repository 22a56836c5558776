/**
 * Reads a request body with a byte limit (413 past it), whatever the client
 * claims in Content-Length. JSON is decoded as UTF-8; HTML and plain-text
 * bodies go through the core's charset handling (src/core/extract/charset.ts).
 */
import { positive } from '../config.ts';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { readCapped } from '../read-capped.ts';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Rule sets (PUT /v1/rules) may be as large as a KV value: 25 MiB. */
export const DEFAULT_MAX_RULES_BYTES = 25 * 1024 * 1024;


export function bodyLimitOf(c: Context<AppEnv>): number {
  return positive(c.env.MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
}

export function rulesLimitOf(c: Context<AppEnv>): number {
  return positive(c.env.MAX_RULES_BYTES, DEFAULT_MAX_RULES_BYTES);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'payload_too_large', `Request body exceeds the limit of ${limit} bytes`);
}

/** The body as text, decoded as UTF-8 (invalid bytes become U+FFFD). */
export async function readBodyText(c: Context<AppEnv>, limit = bodyLimitOf(c)): Promise<string> {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(await readBodyBytes(c, limit));
}

/** The body's bytes, at most `limit` of them (413 past it). */
export async function readBodyBytes(c: Context<AppEnv>, limit = bodyLimitOf(c)): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  return readCapped(c.req.raw.body, limit, {
    readFailed: () => new ApiError(400, 'bad_body', 'The request body could not be read'),
    tooLarge: () => tooLarge(limit),
  });
}
