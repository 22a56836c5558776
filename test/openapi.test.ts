/** The OpenAPI description, its agreement with real reports, and the pages. */
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../src/worker/openapi.ts';
import { call, score } from './helpers.ts';

describe('OpenAPI 3.1', () => {
  it('is served at /v1/openapi.json with the request schema the route validates with', async () => {
    const res = await call('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/score', '/v1/health', '/v1/rules', '/v1/rules/rollback', '/v1/webhooks/{platform}', '/v1/reports/{id}', '/v1/jobs', '/v1/jobs/{id}', '/v1/jobs/{id}/results', '/v1/admin/keys', '/v1/admin/keys/{id}']));
    const props = doc.paths['/v1/score'].post.requestBody!.content['application/json'].schema.properties!;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['text', 'html', 'url', 'title', 'lang']));
    expect(doc.components.schemas.Report).toBeDefined();
  });
  it('describes the report exactly: real reports (text and HTML) pass the strict schema', async () => {
    const a = await score({ text: 'The Top Minister said on Tuesday, according to Reuters, that the demise toll rose. Leave a Reply', url: 'https://www.bbc.co.uk/news/1' });
    expect(reportSchema.safeParse(a).error?.issues ?? []).toEqual([]);
    const b = await score({ html: '<html lang="en"><head><title>T</title><meta name="author" content="Jane"></head><body><nav><a href="/">Home</a></nav><article><p>The council voted on Tuesday to expand the bus network in the north.</p></article></body></html>' });
    expect(reportSchema.safeParse(b).error?.issues ?? []).toEqual([]);
  });
});

describe('pages', () => {
  it('GET / serves the self-contained scoring page', async () => {
    const res = await call('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain('<form id="form">');
    expect(html).toContain("fetch('/v1/score'");
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
  });
  it('GET /docs renders the OpenAPI document', async () => {
    const res = await call('/docs');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("fetch('/v1/openapi.json')");
  });
});
