import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const ARTICLE = `<!doctype html><html lang="en"><head><title>Council expands bus network</title><meta property="og:site_name" content="Example Gazette"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Council expands bus network</h1>
<p>The city council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.</p>
<p>The Top Minister of the region said the plan would be paid for by a regional transport grant, and that fares would stay the same for at least two years.</p></article>
<footer>Example Gazette, 1 High Street</footer></body></html>`;

/** Pages on http://pages.test for the URL-scoring tests: an article, redirects, a slow page, a big one, an image. */
async function testWeb(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== 'pages.test') return new Response('no such host in tests', { status: 502 });
  switch (url.pathname) {
    case '/article':
      return new Response(ARTICLE, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    case '/moved':
      return new Response(null, { status: 301, headers: { location: '/article' } });
    case '/to-private':
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    case '/to-loopback':
      return new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:8787/v1/health' } });
    case '/loop':
      return new Response(null, { status: 302, headers: { location: '/loop' } });
    case '/image':
      return new Response(new Uint8Array(100), { headers: { 'content-type': 'image/png' } });
    case '/big':
      return new Response('<p>' + 'word '.repeat(1_200_000) + '</p>', { headers: { 'content-type': 'text/html' } });
    case '/slow':
      await new Promise((r) => setTimeout(r, 9_000));
      return new Response(ARTICLE, { headers: { 'content-type': 'text/html' } });
    default:
      return new Response('not found', { status: 404 });
  }
}

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
              // The outside world for GET /v1/score?url=: pages served by this function to the Worker's fetch().
              outboundService: testWeb,
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
