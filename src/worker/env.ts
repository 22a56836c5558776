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
  /** Per-client rate limiter (wrangler.toml [[ratelimits]]); optional. */
  RATE_LIMITER?: RateLimit;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** Set by middleware/request-id.ts. */
    requestId: string;
    /** Phase timings of the report served (middleware/server-timing.ts reads them). */
    timings?: Record<string, number>;
  };
};
