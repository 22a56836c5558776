/**
 * POST /v1/webhooks/:platform — CMS webhooks: ghost, wordpress (WP Webhooks),
 * sanity, contentful, strapi, generic.
 *
 * 1. 404 `unknown_platform` for any other platform; 403 `webhook_disabled` when
 *    the platform's secret is not set; 401 `missing_signature` without its header.
 * 2. The body is read once as bytes (MAX_BODY_BYTES, 413 past it) and the
 *    platform's signature checked on those bytes (src/worker/webhooks/verify.ts):
 *    401 `bad_signature` / `stale_signature`.
 * 3. The payload is parsed into one post (src/worker/webhooks/payloads.ts):
 *    400 `invalid_payload` when it is not JSON or holds no post.
 * 4. The report id is derived from the content (src/worker/webhooks/store.ts), and:
 *    - new content: `pending:<id>` is written, the answer is
 *      202 `{status: "accepted", id, report: "/v1/reports/<id>"}`; the post goes
 *      to R2 and a message to the queue, whose consumer scores it with retries
 *      and backoff, then sends the callback (src/worker/webhooks/queue.ts);
 *    - a delivery already scored: 200 `{status: "duplicate", duplicate: true, id, report}`;
 *    - a delivery still being scored: 202 `{status: "pending", duplicate: true, id, report}`.
 *    Duplicates are never scored again, and the stored receivedAt stays that of the first delivery.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { readBodyBytes } from '../middleware/body.ts';
import { parsePayload } from '../webhooks/payloads.ts';
import { deliveryState, markPending, pendingKey, reportIdOf } from '../webhooks/store.ts';
import { enqueueDelivery } from '../webhooks/queue.ts';
import { checkConfigured, isPlatform, PLATFORMS, verifyDelivery } from '../webhooks/verify.ts';

export const webhooks = new Hono<AppEnv>().post('/:platform', async (c) => {
  const platform = c.req.param('platform');
  if (!isPlatform(platform)) {
    throw new ApiError(404, 'unknown_platform', `Unknown webhook platform "${platform.slice(0, 64)}": use one of ${PLATFORMS.join(', ')}`);
  }
  const headers = c.req.raw.headers;
  const secret = checkConfigured(platform, c.env, headers);
  const body = await readBodyBytes(c);
  await verifyDelivery(platform, secret, { method: c.req.method, url: c.req.url, headers, body });
  const post = parsePayload(platform, body);
  const id = await reportIdOf(post);
  const report = `/v1/reports/${id}`;

  const state = await deliveryState(c.env.REPORTS, id);
  if (state === 'done') return c.json({ status: 'duplicate', duplicate: true, id, report }, 200);
  if (state === 'pending') return c.json({ status: 'pending', duplicate: true, id, report }, 202);

  const receivedAt = new Date().toISOString();
  await markPending(c.env.REPORTS, { id, platform, postId: post.id, receivedAt });
  try {
    await enqueueDelivery(c.env, id, { post, receivedAt });
  } catch (e) {
    // Not queued: let the platform's own retry start afresh rather than find a pending marker.
    await c.env.REPORTS.delete(pendingKey(id)).catch(() => {});
    throw e;
  }
  return c.json({ status: 'accepted', id, report }, 202);
});
