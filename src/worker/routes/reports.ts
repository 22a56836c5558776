/**
 * GET /v1/reports/:id — reports of webhook deliveries, stored in KV (REPORTS).
 *
 * - 200: the stored record `{id, platform, postId, title, url, receivedAt, report}`;
 * - 202 `{status: "pending", id, receivedAt}` while the delivery is being scored;
 * - 404 `report_not_found` for an unknown (or expired, or failed) id;
 * - 400 `invalid_report_id` when the id is not `<platform>-<24 lower-case hex digits>`.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { isReportId, pendingKey, reportKey, REPORT_TTL_S, type PendingMarker } from '../webhooks/store.ts';

export const reports = new Hono<AppEnv>().get('/:id', async (c) => {
  const id = c.req.param('id');
  if (!isReportId(id)) {
    throw new ApiError(400, 'invalid_report_id', 'Report ids look like "ghost-0123456789abcdef01234567": a webhook platform, "-" and 24 lower-case hex digits');
  }
  const stored = await c.env.REPORTS.get(reportKey(id), 'text');
  if (stored !== null) {
    return c.body(stored, 200, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'private, max-age=300' });
  }
  const pending = await c.env.REPORTS.get<PendingMarker>(pendingKey(id), 'json');
  if (pending !== null) {
    return c.json({ status: 'pending', id, receivedAt: pending.receivedAt }, 202, { 'cache-control': 'no-store', 'retry-after': '1' });
  }
  throw new ApiError(
    404,
    'report_not_found',
    `No report ${id}: it was never received, its scoring failed, or it expired (reports are kept ${REPORT_TTL_S / 86400} days)`,
  );
});
