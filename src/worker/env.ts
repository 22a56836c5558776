/** Bindings and variables of the Worker (wrangler.toml, secrets, .dev.vars). */
export interface Env {
  /** Rule sets: `ruleset:active`, `ruleset:previous`, `ruleset:v:<version>`. */
  RULES: KVNamespace;
  /** Bearer token for the admin routes (a Worker secret; `.dev.vars` locally). */
  ADMIN_TOKEN?: string;
  /** Request body limit in bytes (default 5 MB). */
  MAX_BODY_BYTES?: string;
  /** Most words scored per article (default 100000): past it, 413 too_many_words. */
  MAX_WORDS?: string;
  /** Most findings in an answer (default 500); the report counts those left out per signal. */
  MAX_FINDINGS?: string;
  /** Most bytes of a report answer (default 2 MiB): past it the echoed texts, then findings, are left out. */
  MAX_RESPONSE_BYTES?: string;
  /** Body limit of PUT /v1/rules in bytes (default 25 MiB, the KV value limit). */
  MAX_RULES_BYTES?: string;
  /** How often an isolate re-reads the active rule-set pointer (default 60000 ms). */
  RULES_CHECK_INTERVAL_MS?: string;
  /** Reports of webhook deliveries (`report:<id>`), delivery de-duplication and the URL-score cache. */
  REPORTS: KVNamespace;
  /** Webhook secrets, one per platform (Worker secrets; `.dev.vars` locally). */
  WEBHOOK_SECRET_GHOST?: string;
  WEBHOOK_SECRET_WORDPRESS?: string;
  WEBHOOK_SECRET_SANITY?: string;
  WEBHOOK_SECRET_CONTENTFUL?: string;
  WEBHOOK_TOKEN_STRAPI?: string;
  WEBHOOK_SECRET_GENERIC?: string;
  /** Where to POST each webhook report when it is ready (optional), signed with WEBHOOK_CALLBACK_SECRET. */
  WEBHOOK_CALLBACK_URL?: string;
  WEBHOOK_CALLBACK_SECRET?: string;
  /** Web origins allowed by CORS besides browser extensions (comma-separated; "*" for any). */
  CORS_ORIGINS?: string;
  /** "true" lets GET /v1/score?url= fetch loopback addresses (local development and tests only). */
  ALLOW_LOOPBACK_FETCH?: string;
  /** Seconds a GET /v1/score?url= report stays cached (default 3600). */
  URL_CACHE_TTL?: string;
  /** API keys: `apikey:<SHA-256 hex of the key>` → {@link import('./limits/keys.ts').ApiKeyRecord}. */
  API_KEYS: KVNamespace;
  /** Per-client request counters (limits/rate-counter.ts), one object per API key or anonymous IP. */
  LIMITS: DurableObjectNamespace<import('./limits/rate-counter.ts').RateCounter>;
  /** Requests a minute per IP for clients without an API key (default 120; 0 = no limit). */
  ANON_RATE_LIMIT?: string;
  /** Job inputs and results (`jobs/<id>/in|out/<chunk>.ndjson`), webhook posts waiting to be scored. */
  RESULTS: R2Bucket;
  /** The background queue: job chunks, webhook deliveries, report callbacks. */
  JOBS_QUEUE: Queue<import('./queue/messages.ts').QueueBody>;
  /** Job state, one Durable Object per job (jobs/job-state.ts). */
  JOBS: DurableObjectNamespace<import('./jobs/job-state.ts').JobState>;
  /** Most items in one job (default 10000). */
  JOB_MAX_ITEMS?: string;
  /** Most bytes of a POST /v1/jobs body (default 20 MiB). */
  JOB_MAX_BYTES?: string;
  /** Items per queue message (default 20). */
  JOB_CHUNK_ITEMS?: string;
  /** Seconds a job and its results are kept (default 604800, 7 days). */
  JOB_TTL_SECONDS?: string;
  /** The longest retry delay of a queue message, in seconds (default 60; npm start sets 8). */
  QUEUE_MAX_RETRY_DELAY_S?: string;
  /** "true" only in local development and tests: enables the DEV_FAULT_* switches. */
  DEV_MODE?: string;
  /** Development only (with DEV_MODE=true): the share (0–1) of queue batches the consumer fails on purpose. */
  DEV_FAULT_BATCH_RATE?: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** Set by middleware/request-id.ts. */
    requestId: string;
    /** Phase timings of the report served (middleware/server-timing.ts reads them). */
    timings?: Record<string, number>;
    /** The API key of the request, when it sent one (middleware/client-limit.ts). */
    apiKey?: { id: string; name: string };
  };
};
