/** POST /v1/webhooks/:platform — CMS webhooks (being written). */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const webhooks = new Hono<AppEnv>();
