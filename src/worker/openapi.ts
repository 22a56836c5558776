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
  401: 'Missing or wrong credentials or signature',
  403: 'Feature disabled (no token or secret configured)',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body larger than the byte limit (payload_too_large), or an article with more words than the word limit (too_many_words, default 100,000; the limit is in the message)',
  415: 'Unsupported Content-Type',
  422: 'The fetched page holds no text',
  429: 'Rate limited; see Retry-After',
};

/** Query parameters of every report answer (src/core/bound.ts). */
const BOUND_PARAMS = [
  { name: 'content', in: 'query', required: false, description: 'Which echoed texts to include: full (content.text and content.main, the default), main (content.main only), none. Offsets always point into content.text, the text you sent after extraction.', schema: { type: 'string', enum: ['full', 'main', 'none'], default: 'full' } },
  { name: 'maxFindings', in: 'query', required: false, description: 'Most findings in the answer, at most the configured cap (MAX_FINDINGS, default 500). Findings are taken in turn from each signal, most severe first; stats.findingsOmitted counts those left out per signal.', schema: { type: 'integer', minimum: 0 } },
];

let cached: object | null = null;

export function openApiDocument(): object {
  if (cached) return cached;
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'newsaudit',
      version: '1',
      description:
        'Scores a news article (text or HTML) for synonym spin, scraped boilerplate, propaganda techniques, source credibility, language and translation quality, with every finding located by UTF-16 offsets into content.text. Answers are bounded: at most 100,000 words are scored (413 too_many_words past it), findings are capped (stats.findingsOmitted), ?content= leaves out the echoed text, and a report stays under 2 MB. Every response carries X-Request-Id; scored responses carry Server-Timing.',
    },
    servers: [{ url: '/' }],
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
          summary: 'CMS webhook: verify the platform signature, answer 202, score in the background',
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
      '/v1/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      schemas: { Report: json(reportSchema), Error: json(errorSchema) },
      securitySchemes: { admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN (a Worker secret)' } },
    },
  };
  return cached;
}
