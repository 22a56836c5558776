/** GET /v1/health: liveness plus the rule set in use. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { activeRules, checkInterval } from '../store/rule-store.ts';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const r = await activeRules(c.env.RULES, checkInterval(c.env.RULES_CHECK_INTERVAL_MS));
  return c.json({ status: 'ok', ruleset: { version: r.compiled.version, origin: r.origin } });
});
