/**
 * The Worker's side of bounded answers (src/core/bound.ts): limits from configuration, the
 * client's `?content=` and `?maxFindings=`, and the 413 for too many words.
 */
import { positiveInt } from './config.ts';
import type { Context } from 'hono';
import { CONTENT_MODES, DEFAULT_MAX_FINDINGS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_WORDS, WordLimitError, type BoundOptions, type ContentMode } from '../core/bound.ts';
import type { AppEnv, Env } from './env.ts';
import { ApiError } from './errors.ts';

/** The configured word limit (MAX_WORDS). */
export function maxWordsOf(env: Env): number {
  return positiveInt(env.MAX_WORDS, DEFAULT_MAX_WORDS);
}

/** The configured bounds, as an answer with no query parameters gets them (webhook reports). */
export function configuredBounds(env: Env): BoundOptions {
  return { content: 'full', maxFindings: positiveInt(env.MAX_FINDINGS, DEFAULT_MAX_FINDINGS), maxBytes: positiveInt(env.MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES) };
}

/** The bounds of this answer: the configured caps, narrowed by the client's query parameters (400 on a bad one). */
export function boundOptionsOf(c: Context<AppEnv>): BoundOptions {
  const { maxFindings: cap, maxBytes } = configuredBounds(c.env);
  const content = c.req.query('content') ?? 'full';
  if (!(CONTENT_MODES as readonly string[]).includes(content)) {
    throw new ApiError(400, 'invalid_request', `content must be one of ${CONTENT_MODES.join(', ')} (got "${content.slice(0, 40)}")`);
  }
  let maxFindings = cap;
  const q = c.req.query('maxFindings');
  if (q !== undefined) {
    const n = Number(q);
    if (q === '' || !Number.isInteger(n) || n < 0) throw new ApiError(400, 'invalid_request', `maxFindings must be a whole number from 0 to ${cap}`);
    maxFindings = Math.min(n, cap);
  }
  return { content: content as ContentMode, maxFindings, maxBytes };
}

/**
 * A cheap early answer for plain text far over the word limit: runs of non-space characters with a
 * letter or digit, counted without tokenizing. Only a count past twice the limit answers here (the
 * count is not the tokenizer's); the analysis checks the exact count.
 */
export function checkWordsEarly(text: string, limit: number): void {
  if (text.length < limit * 2) return; // a word takes at least one character and a space
  let words = 0;
  let inWord = false;
  let hasAlnum = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const space = ch === 32 || (ch >= 9 && ch <= 13) || ch === 0xa0;
    if (space) {
      if (inWord && hasAlnum) words++;
      inWord = false;
      hasAlnum = false;
    } else {
      inWord = true;
      if ((ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch >= 0xc0) hasAlnum = true;
    }
  }
  if (inWord && hasAlnum) words++;
  if (words > limit * 2) throw tooManyWords(new WordLimitError(words, limit), true);
}

export function tooManyWords(e: WordLimitError, approximate = false): ApiError {
  const count = approximate ? `about ${e.words.toLocaleString('en-US')}` : e.words.toLocaleString('en-US');
  return new ApiError(413, 'too_many_words', `The article has ${count} words; the limit is ${e.limit.toLocaleString('en-US')} words`, { words: e.words, limit: e.limit });
}
