/**
 * The OpenAPI 3.1 description of the API, served at /v1/openapi.json. Request
 * bodies come from the zod schemas the routes validate with (z.toJSONSchema);
 * the report is described by `reportSchema` below, which a test checks
 * against real reports so the description cannot drift from the contract.
 */
import { z } from 'zod';
import { SIGNALS } from '../core/types.ts';
import { scoreRequestSchema } from './routes/score.ts';

const span = { start: z.number().int().describe('UTF-16 offset into content.text'), end: z.number().int().describe('UTF-16 offset, exclusive') };

export const findingSchema = z
  .object({
    signal: z.enum(SIGNALS),
    rule: z.string().describe('Rule id, e.g. spin.titles'),
    ...span,
    text: z.string().describe('Always content.text.slice(start, end)'),
    message: z.string(),
    severity: z.enum(['info', 'warning', 'error']),
    expected: z.string().optional().describe('Likely original wording (spin) or suggested replacement'),
    technique: z.string().optional().describe('Propaganda technique (SemEval-2020 Task 11 name)'),
    category: z.string().optional().describe('Sub-kind, e.g. boilerplate kind'),
  })
  .strict();

export const signalSchema = z
  .object({
    risk: z.number().min(0).max(1),
    flagged: z.boolean(),
    summary: z.string(),
    count: z.number().int(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const sourceSchema = z
  .object({
    name: z.string().optional(),
    domain: z.string().optional(),
    role: z.enum(['publisher', 'cited']),
    rating: z.number().min(0).max(1).optional(),
    label: z.string().optional(),
    evidence: z.object(span).strict().optional(),
  })
  .strict();

export const reportSchema = z
  .object({
    score: z.number().int().min(0).max(100).describe('0..100, higher = more trustworthy'),
    band: z.enum(['reliable', 'mostly reliable', 'questionable', 'unreliable']),
    language: z.object({ code: z.string().describe('ISO 639-3, "und" when unknown'), confidence: z.number().optional(), hint: z.string().optional() }).strict(),
    signals: z.object(Object.fromEntries(SIGNALS.map((s) => [s, signalSchema])) as Record<(typeof SIGNALS)[number], typeof signalSchema>).strict(),
    findings: z.array(findingSchema),
    sources: z.array(sourceSchema),
    content: z
      .object({
        text: z.string().optional().describe('The analysed text; every offset points into it. Left out with ?content=main or none, or to keep the answer under its byte budget (stats.contentOmitted)'),
        main: z.string().optional().describe('The article without boilerplate. Left out with ?content=none, or to keep the answer under its byte budget'),
        title: z.string().optional(),
        url: z.string().optional(),
        byline: z.string().optional(),
        published: z.string().optional(),
        siteName: z.string().optional(),
        canonical: z.string().optional(),
        lang: z.string().optional(),
      })
      .strict(),
    ruleset: z.object({ version: z.string(), origin: z.enum(['kv', 'bundled', 'file']) }).strict(),
    stats: z
      .object({
        words: z.number().int(),
        chars: z.number().int(),
        timings: z.record(z.string(), z.number()),
        findingsOmitted: z.record(z.enum(SIGNALS), z.number().int()).optional().describe('Findings left out of this answer per signal (the cap: MAX_FINDINGS, ?maxFindings=)'),
        contentOmitted: z.array(z.enum(['text', 'main'])).optional().describe('Echoed texts left out of content, on request or for the byte budget'),
      })
      .strict(),
  })
  .strict();

const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .describe('Every error, whatever the status');

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (malformed JSON, wrong field types, empty text, bad url, binary body)',
  401: 'Missing or wrong credentials or signature; a wrong API key is invalid_api_key, a revoked one revoked_api_key',
  403: 'Feature disabled (no token or secret configured)',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body larger than the byte limit (payload_too_large), or an article with more words than the word limit (too_many_words, default 100,000; the limit is in the message)',
  415: 'Unsupported Content-Type',
  422: 'The fetched page holds no text',
  429: 'Rate limited (rate_limited): the API key\'s quota or the anonymous per-IP limit a minute; see Retry-After and RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset',
};

/** Query parameters of every report answer (src/core/bound.ts). */
const BOUND_PARAMS = [
  { name: 'content', in: 'query', required: false, description: 'Which echoed texts to include: full (content.text and content.main, the default), main (content.main only), none. Offsets always point into content.text, the text you sent after extraction.', schema: { type: 'string', enum: ['full', 'main', 'none'], default: 'full' } },
  { name: 'maxFindings', in: 'query', required: false, description: 'Most findings in the answer, at most the configured cap (MAX_FINDINGS, default 500). Findings are taken in turn from each signal, most severe first; stats.findingsOmitted counts those left out per signal.', schema: { type: 'integer', minimum: 0 } },
];

const jobItemSchema = z
  .object({
    id: z.string().max(256).optional().describe('Unique in the job; items without one get item-<n> (n from 1, in the order sent)'),
    text: z.string().optional(),
    html: z.string().optional(),
    url: z.string().optional().describe('An absolute http(s) URL, fetched by the consumer through the same safe fetcher as GET /v1/score?url='),
    title: z.string().max(2000).optional(),
    lang: z.string().max(35).optional(),
  })
  .describe('Exactly one of text, html and url');

const jobSchema = z
  .object({
    id: z.string().describe('job- and 32 hex digits'),
    status: z.enum(['queued', 'running', 'done']),
    total: z.number().int(),
    done: z.number().int().describe('Items scored'),
    failed: z.number().int().describe('Items that could not be scored (their line in the results carries the error)'),
    createdAt: z.string(),
    updatedAt: z.string(),
    expiresAt: z.string().describe('When the job and its results are deleted (JOB_TTL_SECONDS after creation)'),
  })
  .strict();

const keySchema = z.object({ id: z.string(), name: z.string(), perMinute: z.number().int(), createdAt: z.string(), revokedAt: z.string().optional() }).strict();

let cached: object | null = null;

export function openApiDocument(): object {
  if (cached) return cached;
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'newsaudit',
      version: '1',
      description:
        'Scores a news article (text or HTML) for synonym spin, scraped boilerplate, propaganda techniques, source credibility, language and translation quality, with every finding located by UTF-16 offsets into content.text. Answers are bounded: at most 100,000 words are scored (413 too_many_words past it), findings are capped (stats.findingsOmitted), ?content= leaves out the echoed text, and a report stays under 2 MB. Every response carries X-Request-Id; scored responses carry Server-Timing. Bulk scoring: POST /v1/jobs. Clients may send an API key (Authorization: Bearer) for their own quota; counted answers carry RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.',
    },
    servers: [{ url: '/' }],
    security: [{}, { apiKey: [] }],
    paths: {
      '/v1/score': {
        post: {
          summary: 'Score an article',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: json(scoreRequestSchema) },
              'text/plain': { schema: { type: 'string' } },
              'text/html': { schema: { type: 'string' } },
            },
          },
          parameters: [
            { name: 'url', in: 'query', required: false, description: 'With a raw body: the article URL (publisher lookup)', schema: { type: 'string', format: 'uri' } },
            { name: 'lang', in: 'query', required: false, description: 'With a raw body: a language hint', schema: { type: 'string' } },
            ...BOUND_PARAMS,
          ],
          responses: { '200': { description: 'The report', content: { 'application/json': { schema: { $ref: '#/components/schemas/Report' } } } }, ...errors(400, 413, 415, 429) },
        },
        get: {
          summary: 'Fetch a public page and score it (cached per URL and rule set; ETag and If-None-Match)',
          parameters: [{ name: 'url', in: 'query', required: true, description: 'The page, an absolute http(s) URL', schema: { type: 'string', format: 'uri' } }, ...BOUND_PARAMS],
          responses: { '200': { description: 'The report', content: { 'application/json': { schema: { $ref: '#/components/schemas/Report' } } } }, '304': { description: 'Not modified' }, ...errors(400, 413, 422, 429) },
        },
      },
      '/v1/health': { get: { summary: 'Health and active rule set', responses: { '200': { description: 'OK' } } } },
      '/v1/rules': {
        get: { summary: 'The active rule set: version, origin (and fallbackReason), packs, counts, and languageModel ({label, bytes, words} or null)', responses: { '200': { description: 'OK' } } },
        put: { summary: 'Upload a compiled rule set (admin); a set naming a language-model pack needs its parts in KV first (lm:<label>:<part>), else 400 invalid_model', description: 'Write the pack with `npm run rules:push`, which writes the parts and then the set.', security: [{ admin: [] }], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } }, responses: { '200': { description: 'Stored and active' }, ...errors(400, 401, 403, 409, 413) } },
      },
      '/v1/rules/rollback': { post: { summary: 'Swap the active and previous rule sets (admin)', security: [{ admin: [] }], responses: { '200': { description: 'Rolled back' }, ...errors(401, 403, 409) } } },
      '/v1/webhooks/{platform}': {
        post: {
          summary: 'CMS webhook: verify the platform signature, answer 202; the queue consumer scores it (with retries) and sends the signed callback (retried with backoff, each attempt recorded in the report)',
          parameters: [{ name: 'platform', in: 'path', required: true, schema: { type: 'string', enum: ['ghost', 'wordpress', 'sanity', 'contentful', 'strapi', 'generic'] } }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '202': { description: 'Accepted; the report will be at /v1/reports/{id}' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/v1/reports/{id}': {
        get: {
          summary: 'The stored report of a webhook delivery',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The stored record with its report' }, '202': { description: 'Still scoring' }, ...errors(400, 404) },
        },
      },
      '/v1/jobs': {
        post: {
          summary: 'Submit a bulk scoring job: items go to a queue, their reports to R2',
          description: 'A JSON body {"items": [...]} or NDJSON (one item a line; blank lines skipped), at most JOB_MAX_ITEMS items (default 10,000) and JOB_MAX_BYTES bytes (default 20 MiB). Errors name the item (index, and line for NDJSON): 400 empty_job, invalid_item, malformed_json, malformed_ndjson (with the line number), duplicate_item_id, blocked_url; 413 too_many_items, payload_too_large. ?content= and ?maxFindings= bound every report of the job.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: json(z.object({ items: z.array(jobItemSchema) })) },
              'application/x-ndjson': { schema: { type: 'string', description: 'One item (JSON object) a line' } },
            },
          },
          parameters: BOUND_PARAMS,
          responses: {
            '202': { description: 'Accepted: {id, status, total, createdAt, expiresAt, status_url, results_url, items (the ids in order, for jobs of up to 1,000 items)}; Location: /v1/jobs/{id}' },
            ...errors(400, 401, 413, 415, 429),
          },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          summary: 'A job\'s status and counters',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The job', content: { 'application/json': { schema: json(jobSchema) } } }, ...errors(401, 404, 429) },
        },
      },
      '/v1/jobs/{id}/results': {
        get: {
          summary: 'The results as NDJSON, one line per finished item in the order sent: {id, report} or {id, error: {code, message}}',
          description: 'While the job runs, the items finished so far; X-Job-Status says queued, running or done. Each item appears once, however often its batch was retried.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'NDJSON', content: { 'application/x-ndjson': { schema: { type: 'string' } } } }, ...errors(401, 404, 429) },
        },
      },
      '/v1/admin/keys': {
        post: {
          summary: 'Create an API key (admin): the key is in this answer only; KV holds its SHA-256',
          security: [{ admin: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: json(z.object({ name: z.string().min(1).max(100), perMinute: z.number().int().min(1).max(1_000_000) })) } } },
          responses: { '201': { description: '{key, id, name, perMinute, createdAt}' }, ...errors(400, 401, 403) },
        },
        get: { summary: 'List API keys (admin), without the keys', security: [{ admin: [] }], responses: { '200': { description: '{keys: [...]}', content: { 'application/json': { schema: json(z.object({ keys: z.array(keySchema) })) } } }, ...errors(401, 403) } },
      },
      '/v1/admin/keys/{id}': {
        delete: {
          summary: 'Revoke an API key (admin); the key then answers 401 revoked_api_key',
          security: [{ admin: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{16}$' } }],
          responses: { '200': { description: 'The revoked key\'s record' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/v1/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      schemas: { Report: json(reportSchema), Error: json(errorSchema) },
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN (a Worker secret)' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (na_ and 40 hex digits) from /v1/admin/keys: the client gets the key\'s own per-minute quota. Optional: without it a client is limited per IP (ANON_RATE_LIMIT).' },
      },
    },
  };
  return cached;
}
