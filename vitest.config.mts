import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report feeds scripts/test-summary.mjs (a plain "N passed, N failed" line for CI).
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
    projects: [
      {
        // The Worker and the analysis core, inside workerd (the real Workers runtime).
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // Test-only values: the admin token, no caching of the KV pointer (each test sets its own KV state), the default 5 MiB body limit, 16 MiB for rule sets, webhook secrets, one CORS web origin.
              bindings: {
                ADMIN_TOKEN: 'test-admin-token',
                RULES_CHECK_INTERVAL_MS: '0',
                MAX_BODY_BYTES: '5242880',
                MAX_RULES_BYTES: '16777216',
                WEBHOOK_SECRET_GHOST: 'test-ghost-secret',
                WEBHOOK_SECRET_WORDPRESS: 'test-wordpress-secret',
                WEBHOOK_SECRET_SANITY: 'test-sanity-secret',
                WEBHOOK_SECRET_CONTENTFUL: 'test-contentful-secret',
                WEBHOOK_TOKEN_STRAPI: 'test-strapi-token',
                WEBHOOK_SECRET_GENERIC: 'test-generic-secret',
                CORS_ORIGINS: 'https://news.example',
              },
            },
          }),
        ],
        // The first request of each file loads and compiles the bundled rule set inside workerd.
        test: { name: 'workers', include: ['test/*.test.ts'], testTimeout: 30_000 },
      },
      {
        // The Node side: CLI and build scripts, run as a user runs them.
        test: { name: 'node', include: ['test/node/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
    ],
  },
});
