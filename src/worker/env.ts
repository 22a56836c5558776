/** Bindings and variables of the Worker (wrangler.toml, secrets, .dev.vars). */
export interface Env {
  /** Rule sets: `ruleset:active`, `ruleset:previous`, `ruleset:v:<version>`. */
  RULES: KVNamespace;
  /** Bearer token for the admin routes (a Worker secret; `.dev.vars` locally). */
  ADMIN_TOKEN?: string;
  /** Request body limit in bytes (default 5 MB). */
  MAX_BODY_BYTES?: string;
  /** Body limit of PUT /v1/rules in bytes (default 25 MiB, the KV value limit). */
  MAX_RULES_BYTES?: string;
  /** How often an isolate re-reads the active rule-set pointer (default 60000 ms). */
  RULES_CHECK_INTERVAL_MS?: string;
}

export type AppEnv = { Bindings: Env };
