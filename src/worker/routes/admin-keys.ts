/**
 * API keys, with the admin token (`Authorization: Bearer <ADMIN_TOKEN>`):
 *
 * - POST /v1/admin/keys `{name, perMinute}` → 201 `{key, id, name, perMinute, createdAt}`;
 *   the key itself is shown only here (only its SHA-256 is stored).
 * - GET /v1/admin/keys → `{keys: [{id, name, perMinute, createdAt, revokedAt?}]}`.
 * - DELETE /v1/admin/keys/:id → 200 the revoked record; 404 `key_not_found`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { readBodyText } from '../middleware/body.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { createKey, KEY_ID_RE, listKeys, revokeKey } from '../limits/keys.ts';

const createSchema = z.object({
  name: z.string({ error: 'name must be a string' }).trim().min(1, 'name is empty').max(100, 'name is longer than 100 characters'),
  perMinute: z.number({ error: 'perMinute must be a number' }).int('perMinute must be a whole number').min(1, 'perMinute must be at least 1').max(1_000_000, 'perMinute must be at most 1000000'),
});

export const adminKeys = new Hono<AppEnv>();
adminKeys.use('*', adminAuth);

adminKeys.post('/', async (c) => {
  let data: unknown;
  try {
    data = JSON.parse(await readBodyText(c, 64 * 1024));
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, 'malformed_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
  const r = createSchema.safeParse(data);
  if (!r.success) throw new ApiError(400, 'invalid_request', r.error.issues[0].message, r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const { key, record } = await createKey(c.env.API_KEYS, r.data.name, r.data.perMinute);
  return c.json({ key, ...record }, 201, { 'Cache-Control': 'no-store' });
});

adminKeys.get('/', async (c) => c.json({ keys: await listKeys(c.env.API_KEYS) }, 200, { 'Cache-Control': 'no-store' }));

adminKeys.delete('/:id', async (c) => {
  const id = c.req.param('id');
  if (!KEY_ID_RE.test(id)) throw new ApiError(400, 'invalid_key_id', 'Key ids are 16 lower-case hex digits (GET /v1/admin/keys lists them)');
  const record = await revokeKey(c.env.API_KEYS, id);
  if (!record) throw new ApiError(404, 'key_not_found', `No API key ${id}`);
  return c.json(record);
});
