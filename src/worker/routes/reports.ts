/** GET /v1/reports/:id — reports of webhook deliveries, stored in KV (being written). */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const reports = new Hono<AppEnv>();
