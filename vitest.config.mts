import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // Test-only values: the admin token, and no caching of the KV pointer so each test sees its own KV state.
        bindings: { ADMIN_TOKEN: 'test-admin-token', RULES_CHECK_INTERVAL_MS: '0', MAX_BODY_BYTES: '1048576' },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
  },
});
