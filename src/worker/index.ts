/**
 * The Worker: a thin Hono layer over the analysis core. Routes live in
 * `routes/`, middleware in `middleware/`, the KV rule store in `store/`.
 */
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import { ApiError, errorResponse } from './errors.ts';
import { cors } from './middleware/cors.ts';
import { clientLimit } from './middleware/client-limit.ts';
import { requestId } from './middleware/request-id.ts';
import { serverTiming } from './middleware/server-timing.ts';
import { health } from './routes/health.ts';
import { rules } from './routes/rules.ts';
import { score } from './routes/score.ts';
import { webhooks } from './routes/webhooks.ts';
import { reports } from './routes/reports.ts';
import { jobs } from './routes/jobs.ts';
import { adminKeys } from './routes/admin-keys.ts';
import { queue } from './queue/handler.ts';
import type { Env } from './env.ts';
import type { QueueBody } from './queue/messages.ts';
import { openApiDocument } from './openapi.ts';
import { DOCS_HTML } from './pages/docs.ts';
import { HOME_HTML } from './pages/home.ts';
import { bundledRules } from './store/rule-store.ts';
import { warmUp } from './warm-up.ts';

/** Methods each path answers; anything else on a known path is 405. */
const ALLOWED: Record<string, string[]> = {
  '/v1/score': ['GET', 'HEAD', 'POST'],
  '/v1/health': ['GET', 'HEAD'],
  '/v1/rules': ['GET', 'HEAD', 'PUT'],
  '/v1/rules/rollback': ['POST'],
  '/v1/openapi.json': ['GET', 'HEAD'],
  '/v1/jobs': ['POST'],
  '/v1/admin/keys': ['GET', 'POST'],
  '/': ['GET', 'HEAD'],
  '/docs': ['GET', 'HEAD'],
};

export const app = new Hono<AppEnv>({ strict: false });

// Order: id first (errors carry it), then CORS (preflights end here), timing, API key and rate limit.
app.use('*', requestId);
app.use('*', cors);
app.use('*', serverTiming);
app.use('/v1/*', clientLimit);

app.route('/v1/score', score);
app.route('/v1/health', health);
app.route('/v1/rules', rules);
app.route('/v1/webhooks', webhooks);
app.route('/v1/reports', reports);
app.route('/v1/jobs', jobs);
app.route('/v1/admin/keys', adminKeys);

const PAGE_HEADERS = { 'Content-Security-Policy': "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline' 'self'; img-src 'self' data:", 'Cache-Control': 'public, max-age=300' };
app.get('/', (c) => c.html(HOME_HTML, 200, PAGE_HEADERS));
app.get('/docs', (c) => c.html(DOCS_HTML, 200, PAGE_HEADERS));
app.get('/v1/openapi.json', (c) => c.json(openApiDocument()));

app.notFound((c) => {
  const path = c.req.path.replace(/\/+$/, '') || '/';
  const allowed = ALLOWED[path];
  if (allowed) {
    return errorResponse(c, new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${path}; use ${allowed.join(', ')}`, undefined, { Allow: allowed.join(', ') }));
  }
  return errorResponse(c, new ApiError(404, 'not_found', `No route for ${c.req.method} ${path}`));
});

app.onError((err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  console.error(JSON.stringify({ requestId: c.get('requestId'), msg: 'unhandled error', path: c.req.path, error: String(err), stack: (err as Error).stack }));
  return errorResponse(c, new ApiError(500, 'internal', 'Internal error'));
});

// Compile the analysis path at start-up rather than in the first request's CPU time.
warmUp(bundledRules());

export { JobState } from './jobs/job-state.ts';
export { RateCounter } from './limits/rate-counter.ts';

/** HTTP requests go to the Hono app; queue batches (jobs, webhooks, callbacks) to the consumer. */
export default {
  fetch: app.fetch,
  queue: (batch: MessageBatch<QueueBody>, env: Env) => queue(batch, env),
} satisfies ExportedHandler<Env, QueueBody>;
