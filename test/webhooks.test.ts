/**
 * CMS webhooks (POST /v1/webhooks/:platform) and their reports (GET /v1/reports/:id).
 *
 * Signatures are computed here with crypto.subtle, independently of the
 * Worker's code, following each platform's documented scheme. Payloads are
 * small fixtures in each platform's documented shape.
 *
 * Waiting for the background work: most tests call the Hono app directly with
 * an env whose JOBS_QUEUE keeps the messages sent, read the 202, then `done()`
 * hands those messages (and the callback messages they lead to) to the
 * Worker's queue consumer, one batch each, as the queue would, retrying a
 * retried message up to a given number of attempts: the report is then in KV,
 * deterministically. One test goes through the Worker's own fetch and the real
 * local queue, and polls GET /v1/reports/:id until it stops answering 202.
 *
 * Post ids are random per test, so report ids never collide across tests or runs.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import app from '../src/worker/index.ts';
import type { Env } from '../src/worker/env.ts';
import type { Report } from '../src/core/types.ts';
import { BASE, call, type ErrorBody } from './helpers.ts';
import type { WebhookRecord } from '../src/worker/webhooks/store.ts';
import { queue } from '../src/worker/queue/handler.ts';
import type { QueueBody } from '../src/worker/queue/messages.ts';
import { callbackBody } from '../src/worker/webhooks/queue.ts';

type StoredRecord = WebhookRecord;
type Platform = WebhookRecord['platform'];

// ------------------------------------------------------------------ signing

const enc = new TextEncoder();

async function hmac(secret: string, data: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(data)));
}
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const b64url = (b: Uint8Array) => b64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const SECRETS: Record<Platform, string> = {
  ghost: 'test-ghost-secret',
  wordpress: 'test-wordpress-secret',
  sanity: 'test-sanity-secret',
  contentful: 'test-contentful-secret',
  strapi: 'test-strapi-token',
  generic: 'test-generic-secret',
};

interface SignOptions {
  secret?: string;
  /** Signature timestamp in ms (default now). */
  t?: number;
  /** Request path with query (Contentful signs it). */
  path?: string;
}

/** node-apps-toolkit getNormalizedEncodedURI: the query is encodeURIComponent-ed, then the whole encodeURI-ed. */
function contentfulPath(path: string): string {
  const [pathname, search] = path.split('?');
  return encodeURI(search ? `${pathname}?${encodeURIComponent(search)}` : pathname);
}

/** Contentful's request signing (node-apps-toolkit signRequest): sorted signed headers, canonical METHOD\nPATH\nHEADERS\nBODY. */
async function contentfulHeaders(secret: string, body: string, t: number, path: string, extra: Record<string, string> = {}) {
  const signed: Record<string, string> = {
    'x-contentful-topic': 'ContentManagement.Entry.publish',
    'x-contentful-webhook-name': 'newsaudit',
    'x-contentful-timestamp': String(t),
    ...extra,
  };
  const names = [...Object.keys(signed), 'x-contentful-signed-headers'].sort();
  signed['x-contentful-signed-headers'] = names.join(',');
  const canonical = ['POST', contentfulPath(path), names.map((n) => `${n}:${signed[n]}`).join(';'), body].join('\n');
  return { ...signed, 'x-contentful-signature': hex(await hmac(secret, canonical)) };
}

const SIGNERS: Record<Platform, (body: string, o: Required<SignOptions>) => Promise<Record<string, string>>> = {
  // Ghost: sha256=<hex HMAC of body + timestamp>, t=<ms>
  ghost: async (body, o) => ({ 'x-ghost-signature': `sha256=${hex(await hmac(o.secret, body + o.t))}, t=${o.t}` }),
  // WP Webhooks: base64 HMAC of the body.
  wordpress: async (body, o) => ({ 'x-wp-webhook-signature': b64(await hmac(o.secret, body)) }),
  // @sanity/webhook: t=<ms>,v1=<base64url HMAC of "t.body">, no padding.
  sanity: async (body, o) => ({ 'sanity-webhook-signature': `t=${o.t},v1=${b64url(await hmac(o.secret, `${o.t}.${body}`))}` }),
  contentful: async (body, o) => contentfulHeaders(o.secret, body, o.t, o.path),
  strapi: async (_body, o) => ({ authorization: `Bearer ${o.secret}` }),
  // Ours: t=<ms>,v1=<hex HMAC of "t.body">
  generic: async (body, o) => ({ 'x-newsaudit-signature': `t=${o.t},v1=${hex(await hmac(o.secret, `${o.t}.${body}`))}` }),
};

function sign(platform: Platform, body: string, o: SignOptions = {}): Promise<Record<string, string>> {
  return SIGNERS[platform](body, { secret: o.secret ?? SECRETS[platform], t: o.t ?? Date.now(), path: o.path ?? `/v1/webhooks/${platform}` });
}

// ------------------------------------------------------------------ calling

interface Delivered {
  res: Response;
  /** Runs the queued work (scoring, storing, callback) through the consumer; a retried message runs again up to `maxAttempts` times. */
  done: (maxAttempts?: number) => Promise<void>;
}

/** `e` with a JOBS_QUEUE that keeps what is sent, for {@link drain}. */
function capturing(e: Env): { e: Env; messages: QueueBody[] } {
  const messages: QueueBody[] = [];
  const q = {
    send: async (body: QueueBody) => void messages.push(body),
    sendBatch: async (msgs: Iterable<MessageSendRequest<QueueBody>>) => void [...msgs].forEach((m) => messages.push(m.body)),
  } as unknown as Queue<QueueBody>;
  return { e: { ...e, JOBS_QUEUE: q } as Env, messages };
}

/** Hands each message to the consumer in a batch of its own; a retried one goes again, while attempts remain; then the dead-letter queue. */
async function drain(e: Env, pending: QueueBody[], maxAttempts = 1, deadLetter = false): Promise<void> {
  const attempts = new Map<QueueBody, number>();
  while (pending.length) {
    const body = pending.shift()!;
    const n = (attempts.get(body) ?? 0) + 1;
    attempts.set(body, n);
    const batch = createMessageBatch<QueueBody>('newsaudit-jobs', [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: n, body }]);
    await queue(batch, e);
    const result = await getQueueResult(batch, createExecutionContext());
    if (result.retryMessages.length) {
      if (n < maxAttempts) pending.push(body);
      else if (deadLetter) await queue(createMessageBatch<QueueBody>('newsaudit-jobs-dlq', [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body }]), e);
    }
  }
}

async function deliver(platform: string, body: string, headers: Record<string, string>, e: Env = env, path = `/v1/webhooks/${platform}`, deadLetter = false): Promise<Delivered> {
  const ctx = createExecutionContext();
  const q = capturing(e);
  const res = await app.fetch(new Request(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }), q.e, ctx);
  return {
    res,
    done: async (maxAttempts = 1) => {
      await waitOnExecutionContext(ctx);
      await drain(q.e, q.messages, maxAttempts, deadLetter);
    },
  };
}

async function deliverSigned(platform: Platform, body: string, o: SignOptions = {}, e: Env = env, deadLetter = false): Promise<Delivered> {
  return deliver(platform, body, await sign(platform, body, o), e, o.path, deadLetter);
}

async function getReport(id: string, e: Env = env): Promise<Response> {
  return app.fetch(new Request(`${BASE}/v1/reports/${id}`), e, createExecutionContext());
}

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

interface Accepted {
  status: string;
  id: string;
  report: string;
  duplicate?: boolean;
}

/** Delivers, expects 202 accepted, waits for the background work, returns the stored record. */
async function deliverAndScore(platform: Platform, body: string, o: SignOptions = {}): Promise<{ accepted: Accepted; record: StoredRecord }> {
  const { res, done } = await deliverSigned(platform, body, o);
  expect(res.status, await res.clone().text()).toBe(202);
  const accepted = (await res.json()) as Accepted;
  expect(accepted.status).toBe('accepted');
  expect(accepted.id).toMatch(new RegExp(`^${platform}-[0-9a-f]{24}$`));
  expect(accepted.report).toBe(`/v1/reports/${accepted.id}`);
  await done();
  const got = await getReport(accepted.id);
  expect(got.status).toBe(200);
  return { accepted, record: (await got.json()) as StoredRecord };
}

// ------------------------------------------------------------------ fixtures

const TITLE = 'Ministers hold trade talks';
const P1 = 'The Top Minister met the Protection Secretary on Monday, according to Reuters.';
const P2 = 'Officials said the talks covered trade, energy and security, and that a second round would follow next month in the capital.';
const H = 'Next steps';
const LI = 'A second round of talks is planned';
/** What text-based payloads (rich text, Markdown, plain text) turn into: one paragraph per line. */
const TEXT = [P1, H, P2, LI].join('\n');

interface PlatformCase {
  platform: Platform;
  url: string;
  payload: (postId: string) => unknown;
  /** The exact content.text of the report, for text-based payloads. */
  text?: string;
  /** A JSON payload that is well-formed but holds no post. */
  noPost: unknown;
  timestamped: boolean;
}

const CASES: PlatformCase[] = [
  {
    platform: 'ghost',
    url: 'https://blog.example.com/ministers-hold-trade-talks/',
    // Ghost post.published: {post: {current, previous}}.
    payload: (id) => ({
      post: {
        current: {
          id,
          uuid: crypto.randomUUID(),
          title: TITLE,
          slug: 'ministers-hold-trade-talks',
          html: `<p>${P1}</p><h2>${H}</h2><p>${P2}</p><ul><li>${LI}</li></ul>`,
          comment_id: id,
          feature_image: null,
          featured: false,
          status: 'published',
          visibility: 'public',
          created_at: '2024-05-06T09:00:00.000Z',
          updated_at: '2024-05-06T10:00:00.000Z',
          published_at: '2024-05-06T10:00:00.000Z',
          custom_excerpt: null,
          url: 'https://blog.example.com/ministers-hold-trade-talks/',
          excerpt: P1,
          reading_time: 1,
          authors: [{ id: '1', name: 'Jane Doe', slug: 'jane' }],
          tags: [],
        },
        previous: { status: 'draft', published_at: null, updated_at: '2024-05-06T09:30:00.000Z' },
      },
    }),
    noPost: { post: { current: {}, previous: { id: 'x' } } },
    timestamped: true,
  },
  {
    platform: 'wordpress',
    url: 'https://wp.example.com/2024/05/06/ministers-hold-trade-talks/',
    // WP Webhooks post_create / post_update.
    payload: (id) => ({
      post_id: Number.parseInt(id.replace(/\D/g, '').slice(0, 9) || '1', 10),
      post: {
        ID: Number.parseInt(id.replace(/\D/g, '').slice(0, 9) || '1', 10),
        post_author: '1',
        post_date: '2024-05-06 10:00:00',
        post_date_gmt: '2024-05-06 10:00:00',
        post_content: `<!-- wp:paragraph -->\n<p>${P1}</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>${H}</h2>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>${P2}</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:list -->\n<ul><li>${LI}</li></ul>\n<!-- /wp:list -->`,
        post_title: TITLE,
        post_excerpt: '',
        post_status: 'publish',
        comment_status: 'open',
        post_name: 'ministers-hold-trade-talks',
        post_modified: '2024-05-06 10:00:00',
        post_parent: 0,
        guid: `https://wp.example.com/?p=${id}`,
        post_type: 'post',
        filter: 'raw',
      },
      post_meta: { _edit_lock: ['1715000000:1'] },
      post_thumbnail: false,
      post_permalink: 'https://wp.example.com/2024/05/06/ministers-hold-trade-talks/',
      taxonomies: { category: { uncategorized: { term_id: 1, name: 'Uncategorized' } } },
    }),
    noPost: { post_id: 12, post_meta: {} },
    timestamped: false,
  },
  {
    platform: 'sanity',
    url: 'https://news.example.com/articles/ministers-hold-trade-talks',
    // A GROQ-powered webhook with the projection {_id, _type, title, slug, body, "url": …}.
    payload: (id) => ({
      _id: id,
      _type: 'post',
      _rev: 'v1',
      title: TITLE,
      slug: { _type: 'slug', current: 'ministers-hold-trade-talks' },
      url: 'https://news.example.com/articles/ministers-hold-trade-talks',
      body: [
        {
          _type: 'block',
          _key: 'b1',
          style: 'normal',
          markDefs: [],
          children: [
            { _type: 'span', _key: 's1', text: 'The ', marks: [] },
            { _type: 'span', _key: 's2', text: 'Top Minister', marks: ['strong'] },
            { _type: 'span', _key: 's3', text: P1.slice('The Top Minister'.length), marks: [] },
          ],
        },
        { _type: 'block', _key: 'b2', style: 'h2', markDefs: [], children: [{ _type: 'span', _key: 's4', text: H, marks: [] }] },
        { _type: 'image', _key: 'i1', asset: { _type: 'reference', _ref: 'image-abc-800x600-jpg' } },
        { _type: 'block', _key: 'b3', style: 'normal', markDefs: [], children: [{ _type: 'span', _key: 's5', text: P2, marks: [] }] },
        { _type: 'block', _key: 'b4', style: 'normal', listItem: 'bullet', level: 1, markDefs: [], children: [{ _type: 'span', _key: 's6', text: LI, marks: [] }] },
      ],
    }),
    text: TEXT,
    noPost: { _id: 'doc-1', _type: 'post', title: 'No body projected' },
    timestamped: true,
  },
  {
    platform: 'contentful',
    url: 'https://cf.example.com/news/ministers-hold-trade-talks',
    // Entry publish, default payload: sys + localised fields, body in Rich Text.
    payload: (id) => {
      const text = (value: string) => ({ nodeType: 'text', value, marks: [], data: {} });
      const paragraph = (...content: unknown[]) => ({ nodeType: 'paragraph', data: {}, content });
      return {
        metadata: { tags: [] },
        sys: {
          type: 'Entry',
          id,
          space: { sys: { type: 'Link', linkType: 'Space', id: 'yadj1kx9rmg0' } },
          environment: { sys: { id: 'master', type: 'Link', linkType: 'Environment' } },
          contentType: { sys: { type: 'Link', linkType: 'ContentType', id: 'article' } },
          createdAt: '2024-05-06T09:00:00.000Z',
          updatedAt: '2024-05-06T10:00:00.000Z',
          revision: 1,
        },
        fields: {
          title: { 'en-US': TITLE, 'de-DE': 'Minister verhandeln' },
          slug: { 'en-US': 'ministers-hold-trade-talks' },
          url: { 'en-US': 'https://cf.example.com/news/ministers-hold-trade-talks' },
          body: {
            'en-US': {
              nodeType: 'document',
              data: {},
              content: [
                paragraph(
                  text('The Top Minister met the '),
                  { nodeType: 'hyperlink', data: { uri: 'https://gov.example/defence' }, content: [text('Protection Secretary')] },
                  text(P1.slice('The Top Minister met the Protection Secretary'.length)),
                ),
                { nodeType: 'heading-2', data: {}, content: [text(H)] },
                { nodeType: 'embedded-entry-block', data: { target: { sys: { id: 'x', type: 'Link', linkType: 'Entry' } } }, content: [] },
                paragraph(text(P2)),
                { nodeType: 'unordered-list', data: {}, content: [{ nodeType: 'list-item', data: {}, content: [paragraph(text(LI))] }] },
              ],
            },
          },
        },
      };
    },
    text: TEXT,
    noPost: { sys: { type: 'DeletedEntry', id: 'abc' } },
    timestamped: true,
  },
  {
    platform: 'strapi',
    url: 'https://strapi.example.com/articles/ministers-hold-trade-talks',
    // entry.publish with a Markdown (rich text) field.
    payload: (id) => ({
      event: 'entry.publish',
      createdAt: '2024-05-06T10:00:00.000Z',
      model: 'article',
      uid: 'api::article.article',
      entry: {
        id: 7,
        documentId: id,
        title: TITLE,
        slug: 'ministers-hold-trade-talks',
        url: 'https://strapi.example.com/articles/ministers-hold-trade-talks',
        content: `The **Top Minister** met the [Protection Secretary](https://gov.example/defence) on Monday,\naccording to Reuters.\n\n## ${H}\n\n![chart](https://img.example/chart.png)\n\n${P2}\n\n- ${LI}\n`,
        createdAt: '2024-05-06T09:00:00.000Z',
        updatedAt: '2024-05-06T10:00:00.000Z',
        publishedAt: '2024-05-06T10:00:00.000Z',
      },
    }),
    text: TEXT,
    noPost: { event: 'media.create', createdAt: '2024-05-06T10:00:00.000Z', media: { id: 1, name: 'a.png' } },
    timestamped: false,
  },
  {
    platform: 'generic',
    url: 'https://site.example.com/news/1',
    payload: (id) => ({ id, title: TITLE, text: TEXT, url: 'https://site.example.com/news/1' }),
    text: TEXT,
    noPost: { title: 'no id, no text' },
    timestamped: true,
  },
];

const newId = () => `post-${crypto.randomUUID()}`;

/** The Worker logs one JSON line per scored delivery: kept quiet, and counted by the de-duplication tests. */
let logSpy: MockInstance<typeof console.log>;
beforeEach(() => {
  logSpy = vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

function scoredLines(id: string): unknown[][] {
  return logSpy.mock.calls.filter(([line]) => typeof line === 'string' && line.includes('"webhook scored"') && line.includes(id));
}

// ------------------------------------------------------------------ per platform

describe.each(CASES)('POST /v1/webhooks/$platform', (tc) => {
  const { platform } = tc;

  it('accepts a signed delivery with 202 and stores the report of the post', async () => {
    const postId = newId();
    const body = JSON.stringify(tc.payload(postId));
    const { accepted, record } = await deliverAndScore(platform, body);
    expect(record.id).toBe(accepted.id);
    expect(record.platform).toBe(platform);
    if (platform !== 'wordpress') expect(record.postId).toBe(postId);
    expect(record.title).toBe(TITLE);
    expect(record.url).toBe(tc.url);
    expect(Number.isNaN(Date.parse(record.receivedAt))).toBe(false);
    // The stored report is the normal analyze() report of the post's content.
    const r = record.report;
    expect(r.content.title).toBe(TITLE);
    expect(r.content.url).toBe(tc.url);
    if (tc.text !== undefined) expect(r.content.text).toBe(tc.text);
    for (const p of [P1, P2, LI]) expect(r.content.text).toContain(p);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(100);
    expect(r.ruleset.version).toMatch(/\S/);
    expect(r.findings.filter((f) => f.signal === 'spin').map((f) => f.text)).toEqual(expect.arrayContaining(['Top Minister', 'Protection Secretary']));
  });

  it('refuses a delivery signed with the wrong secret (401 bad_signature)', async () => {
    const body = JSON.stringify(tc.payload(newId()));
    const { res } = await deliverSigned(platform, body, { secret: 'not-the-secret' });
    await expectError(res, 401, 'bad_signature');
  });

  it('refuses a tampered body (401)', async () => {
    const body = JSON.stringify(tc.payload(newId()));
    const headers = await sign(platform, body);
    const tampered = body.replace('Monday', 'Sunday');
    expect(tampered).not.toBe(body);
    const { res, done } = await deliver(platform, tampered, headers);
    if (platform === 'strapi') {
      // A static bearer token does not sign the body: Strapi's scheme cannot detect tampering, only a wrong token.
      expect(res.status).toBe(202);
      await res.body?.cancel();
      await done();
    } else {
      await expectError(res, 401, 'bad_signature');
    }
  });

  it('refuses a delivery without the signature header (401 missing_signature)', async () => {
    const { res } = await deliver(platform, JSON.stringify(tc.payload(newId())), {});
    await expectError(res, 401, 'missing_signature');
  });

  if (tc.timestamped) {
    it('refuses a timestamp more than 5 minutes old or ahead (401 stale_signature), accepts one within', async () => {
      for (const offset of [-6 * 60_000, 6 * 60_000, -3600_000]) {
        const body = JSON.stringify(tc.payload(newId()));
        const { res } = await deliverSigned(platform, body, { t: Date.now() + offset });
        await expectError(res, 401, 'stale_signature');
      }
      const body = JSON.stringify(tc.payload(newId()));
      const { res, done } = await deliverSigned(platform, body, { t: Date.now() - 4 * 60_000 });
      expect(res.status).toBe(202);
      await done();
    });
  }

  it('rejects a payload that is not JSON or holds no post (400 invalid_payload)', async () => {
    const notJson = '{"post": {"current": ';
    const r1 = await deliverSigned(platform, notJson);
    const e1 = await expectError(r1.res, 400, 'invalid_payload');
    expect(e1.error.message).toMatch(/not valid JSON/);

    const r2 = await deliverSigned(platform, JSON.stringify(tc.noPost));
    await expectError(r2.res, 400, 'invalid_payload');

    const r3 = await deliverSigned(platform, '[1, 2, 3]');
    await expectError(r3.res, 400, 'invalid_payload');
  });
});

// ------------------------------------------------------------------ de-duplication

describe('webhook de-duplication', () => {
  it('does not score a retried delivery of the same content twice', async () => {
    const body = JSON.stringify(CASES.find((c) => c.platform === 'ghost')!.payload(newId()));
    const first = await deliverAndScore('ghost', body);

    // Ghost retries re-sign with a new timestamp: same content, same report id.
    const { res, done } = await deliverSigned('ghost', body, { t: Date.now() + 1000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'duplicate', duplicate: true, id: first.accepted.id, report: first.accepted.report });
    await done();

    const again = (await (await getReport(first.accepted.id)).json()) as StoredRecord;
    expect(again.receivedAt).toBe(first.record.receivedAt);
    expect(scoredLines(first.accepted.id)).toHaveLength(1);
  });

  it('answers 202 pending for a duplicate that arrives while the first is being scored', async () => {
    const body = JSON.stringify({ id: newId(), title: TITLE, text: TEXT });
    const a = await deliverSigned('generic', body);
    const b = await deliverSigned('generic', body);
    expect(a.res.status).toBe(202);
    expect(b.res.status).toBe(202);
    const ja = (await a.res.json()) as Accepted;
    const jb = (await b.res.json()) as Accepted;
    expect(ja.status).toBe('accepted');
    expect(jb).toEqual({ status: 'pending', duplicate: true, id: ja.id, report: ja.report });
    await Promise.all([a.done(), b.done()]);
    expect((await getReport(ja.id)).status).toBe(200);
    expect(scoredLines(ja.id)).toHaveLength(1);
  });

  it('gives edited content a new report id', async () => {
    const id = newId();
    const a = await deliverAndScore('generic', JSON.stringify({ id, title: TITLE, text: TEXT }));
    const b = await deliverAndScore('generic', JSON.stringify({ id, title: TITLE, text: `${TEXT}\nA correction was appended.` }));
    expect(b.accepted.id).not.toBe(a.accepted.id);
    expect(b.record.postId).toBe(a.record.postId);
  });

  it('uses the same id for byte-different JSON of the same content (ids come from the parsed post)', async () => {
    const id = newId();
    const a = await deliverAndScore('generic', JSON.stringify({ id, title: TITLE, text: TEXT }));
    const { res, done } = await deliverSigned('generic', JSON.stringify({ text: TEXT, title: TITLE, id }, null, 2));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Accepted).id).toBe(a.accepted.id);
    await done();
  });
});

// ------------------------------------------------------------------ through the Worker's own fetch

describe('end to end through the Worker', () => {
  it('scores in the background: polls GET /v1/reports/:id until the report is ready', async () => {
    const body = JSON.stringify({ id: newId(), title: TITLE, html: `<article><h1>${TITLE}</h1><p>${P1}</p><p>${P2}</p></article>`, url: 'https://site.example.com/e2e' });
    const res = await call('/v1/webhooks/generic', { method: 'POST', headers: { 'content-type': 'application/json', ...(await sign('generic', body)) }, body });
    expect(res.status).toBe(202);
    const { id, report } = (await res.json()) as Accepted;
    let got: Response | undefined;
    for (let i = 0; i < 200; i++) {
      got = await call(report);
      if (got.status !== 202) break;
      expect(await got.json()).toMatchObject({ status: 'pending', id });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(got!.status).toBe(200);
    const record = (await got!.json()) as StoredRecord;
    expect(record).toMatchObject({ id, platform: 'generic', title: TITLE, url: 'https://site.example.com/e2e' });
    expect(record.report.content.text).toContain(P2);
  });
});

// ------------------------------------------------------------------ routing, configuration, scheme details

describe('webhook routing and configuration', () => {
  it('answers 404 for an unknown platform', async () => {
    const { res } = await deliver('medium', '{}', {});
    const e = await expectError(res, 404, 'unknown_platform');
    expect(e.error.message).toContain('ghost');
    const viaWorker = await call('/v1/webhooks/medium', { method: 'POST', body: '{}' });
    await expectError(viaWorker, 404, 'unknown_platform');
  });

  it('answers 403 webhook_disabled when the platform has no secret', async () => {
    const noGhost = { ...env, WEBHOOK_SECRET_GHOST: undefined } as Env;
    const body = JSON.stringify(CASES[0].payload(newId()));
    const { res } = await deliverSigned('ghost', body, {}, noGhost);
    const e = await expectError(res, 403, 'webhook_disabled');
    expect(e.error.message).toContain('WEBHOOK_SECRET_GHOST');
    const noStrapi = { ...env, WEBHOOK_TOKEN_STRAPI: '' } as Env;
    await expectError((await deliver('strapi', '{}', {}, noStrapi)).res, 403, 'webhook_disabled');
  });

  it('ghost: a malformed X-Ghost-Signature is a bad signature', async () => {
    for (const header of ['sha256=abc', 't=123', 'sha256=zz, t=1700000000000', 'garbage']) {
      const { res } = await deliver('ghost', '{}', { 'x-ghost-signature': header });
      await expectError(res, 401, 'bad_signature');
    }
  });

  it('sanity: also accepts padded standard base64', async () => {
    const body = JSON.stringify(CASES.find((c) => c.platform === 'sanity')!.payload(newId()));
    const t = Date.now();
    const mac = await hmac(SECRETS.sanity, `${t}.${body}`);
    const { res, done } = await deliver('sanity', body, { 'sanity-webhook-signature': `t=${t}, v1=${b64(mac)}` });
    expect(res.status).toBe(202);
    await done();
  });

  it('contentful: signs the query, requires x-contentful-timestamp among the signed headers, covers signed headers', async () => {
    const tc = CASES.find((c) => c.platform === 'contentful')!;
    // The path with its query is part of the canonical request.
    const path = '/v1/webhooks/contentful?source=space-1';
    const body = JSON.stringify(tc.payload(newId()));
    const ok = await deliverSigned('contentful', body, { path });
    expect(ok.res.status).toBe(202);
    await ok.done();
    const otherPath = await deliver('contentful', body, await sign('contentful', body, { path: '/v1/webhooks/contentful' }), env, path);
    await expectError(otherPath.res, 401, 'bad_signature');

    // A signed header altered in transit.
    const headers = await sign('contentful', body);
    const altered = await deliver('contentful', body, { ...headers, 'x-contentful-topic': 'ContentManagement.Entry.delete' });
    await expectError(altered.res, 401, 'bad_signature');

    // Headers that are not signed may change.
    const body2 = JSON.stringify(tc.payload(newId()));
    const unsigned = await deliver('contentful', body2, { ...(await sign('contentful', body2)), 'x-forwarded-for': '203.0.113.9' });
    expect(unsigned.res.status).toBe(202);
    await unsigned.done();

    // x-contentful-timestamp left out of the signed headers.
    const t = Date.now();
    const names = ['x-contentful-signed-headers', 'x-contentful-topic'];
    const canonical = ['POST', '/v1/webhooks/contentful', `x-contentful-signed-headers:${names.join(',')};x-contentful-topic:ContentManagement.Entry.publish`, body].join('\n');
    const noTs = await deliver('contentful', body, {
      'x-contentful-signature': hex(await hmac(SECRETS.contentful, canonical)),
      'x-contentful-signed-headers': names.join(','),
      'x-contentful-topic': 'ContentManagement.Entry.publish',
      'x-contentful-timestamp': String(t),
    });
    const e = await expectError(noTs.res, 401, 'bad_signature');
    expect(e.error.message).toContain('x-contentful-timestamp');

    // Any of the three headers missing.
    const { 'x-contentful-timestamp': _t, ...withoutTs } = headers;
    await expectError((await deliver('contentful', body, withoutTs)).res, 401, 'missing_signature');
  });

  it('strapi: needs "Bearer <token>"', async () => {
    const body = JSON.stringify(CASES.find((c) => c.platform === 'strapi')!.payload(newId()));
    await expectError((await deliver('strapi', body, { authorization: 'test-strapi-token' })).res, 401, 'bad_signature');
    await expectError((await deliver('strapi', body, { authorization: 'Bearer test-strapi-token-2' })).res, 401, 'bad_signature');
  });

  it('strapi: v5 blocks content becomes paragraphs', async () => {
    const body = JSON.stringify({
      event: 'entry.publish',
      model: 'article',
      entry: {
        id: 9,
        documentId: newId(),
        title: TITLE,
        content: [
          { type: 'paragraph', children: [{ type: 'text', text: 'The Top Minister met the ' }, { type: 'link', url: 'https://gov.example', children: [{ type: 'text', text: 'Protection Secretary' }] }, { type: 'text', text: P1.slice(45) }] },
          { type: 'heading', level: 2, children: [{ type: 'text', text: H }] },
          { type: 'paragraph', children: [{ type: 'text', text: P2, bold: true }] },
          { type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [{ type: 'text', text: LI }] }] },
        ],
      },
    });
    const { record } = await deliverAndScore('strapi', body);
    expect(record.report.content.text).toBe(TEXT);
  });

  it('generic: validates the payload fields', async () => {
    for (const [payload, pattern] of [
      [{ id: 'a', html: '<p>x</p>', text: 'x' }, /not both/],
      [{ id: 'a', text: 'x', url: 'ftp://x.example/' }, /http/],
      [{ id: 'a' }, /"html" or "text"/],
      [{ id: 'a', text: '   ' }, /"html" or "text"|no text/],
      [{ id: { nested: true }, text: 'x' }, /"id"/],
      [{ id: 'a', text: 5 }, /"text" must be a string/],
    ] as const) {
      const { res } = await deliverSigned('generic', JSON.stringify(payload));
      const e = await expectError(res, 400, 'invalid_payload');
      expect(e.error.message).toMatch(pattern);
    }
  });
});

// ------------------------------------------------------------------ callback

describe('report callback (WEBHOOK_CALLBACK_URL)', () => {
  it('POSTs the stored record, signed with WEBHOOK_CALLBACK_SECRET like the generic scheme', async () => {
    const sent: Request[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      sent.push(new Request(input as RequestInfo, init));
      return new Response('ok');
    });
    const withCallback = { ...env, WEBHOOK_CALLBACK_URL: 'https://hooks.example/newsaudit', WEBHOOK_CALLBACK_SECRET: 'cb-secret' } as Env;
    const body = JSON.stringify({ id: newId(), title: TITLE, text: TEXT });
    const { res, done } = await deliverSigned('generic', body, {}, withCallback);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as Accepted;
    await done();
    expect(sent).toHaveLength(1);
    const req = sent[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://hooks.example/newsaudit');
    const payload = await req.text();
    const stored = (await (await getReport(id)).json()) as StoredRecord & { callback: { status: string; attempts: { ok: boolean; status?: number }[] } };
    // The record as stored, without the callback's bookkeeping, which records the attempt.
    expect(payload).toBe(callbackBody(stored as unknown as WebhookRecord));
    expect(stored.callback).toMatchObject({ url: 'https://hooks.example/newsaudit', status: 'delivered', attempts: [{ ok: true, status: 200 }] });
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(req.headers.get('x-newsaudit-signature') ?? '');
    expect(m).not.toBeNull();
    expect(Math.abs(Date.now() - Number(m![1]))).toBeLessThan(60_000);
    expect(m![2]).toBe(hex(await hmac('cb-secret', `${m![1]}.${payload}`)));
  });

  it('logs a failing callback and keeps the report', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('connection refused'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const withCallback = { ...env, WEBHOOK_CALLBACK_URL: 'https://hooks.example/down', WEBHOOK_CALLBACK_SECRET: 'cb-secret' } as Env;
    const body = JSON.stringify({ id: newId(), text: TEXT });
    const { res, done } = await deliverSigned('generic', body, {}, withCallback);
    const { id } = (await res.json()) as Accepted;
    await done();
    expect((await getReport(id)).status).toBe(200);
    const line = errors.mock.calls.map(([l]) => String(l)).find((l) => l.includes('webhook callback failed'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ msg: 'webhook callback failed', id, error: expect.stringContaining('connection refused') });
  });

  it('retries a failing callback with backoff and records each attempt in the report', async () => {
    let calls = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
      calls++;
      if (calls === 1) throw new Error('connection refused');
      return new Response('busy', { status: calls === 2 ? 503 : 200 });
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const withCallback = { ...env, WEBHOOK_CALLBACK_URL: 'https://hooks.example/flaky', WEBHOOK_CALLBACK_SECRET: 'cb-secret' } as Env;
    const { res, done } = await deliverSigned('generic', JSON.stringify({ id: newId(), text: TEXT }), {}, withCallback);
    const { id } = (await res.json()) as Accepted;
    await done(5);
    expect(calls).toBe(3);
    const record = (await (await getReport(id)).json()) as { callback: { status: string; attempts: { ok: boolean; status?: number; error?: string; at: string }[] } };
    expect(record.callback.status).toBe('delivered');
    expect(record.callback.attempts.map((a) => [a.ok, a.status ?? a.error])).toEqual([
      [false, expect.stringContaining('connection refused')],
      [false, 503],
      [true, 200],
    ]);
    // Delivered once: a redelivered callback message sends nothing more.
    const again = createMessageBatch<QueueBody>('newsaudit-jobs', [{ id: 'again', timestamp: new Date(), attempts: 1, body: { kind: 'callback', id } }]);
    await queue(again, withCallback);
    expect(calls).toBe(3);
  });

  it('gives up after the queue\u2019s attempts: the dead-letter queue marks the callback failed', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('no', { status: 500 }));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const withCallback = { ...env, WEBHOOK_CALLBACK_URL: 'https://hooks.example/broken', WEBHOOK_CALLBACK_SECRET: 'cb-secret' } as Env;
    const { res, done } = await deliverSigned('generic', JSON.stringify({ id: newId(), text: TEXT }), {}, withCallback, true);
    const { id } = (await res.json()) as Accepted;
    await done(3);
    const record = (await (await getReport(id)).json()) as { callback: { status: string; attempts: unknown[] } };
    expect(record.callback.status).toBe('failed');
    expect(record.callback.attempts).toHaveLength(3);
  });

  it('a delivery whose scoring keeps failing is retried, then dropped in the dead-letter queue (no report, no pending marker)', async () => {
    // Storing reports fails; everything else works.
    const kv = env.REPORTS;
    const reportsDown = {
      get: kv.get.bind(kv),
      delete: kv.delete.bind(kv),
      put: async (key: string, value: string, o?: KVNamespacePutOptions) => {
        if (key.startsWith('report:')) throw new Error('KV write failed');
        return kv.put(key, value, o);
      },
    };
    const broken = { ...env, REPORTS: reportsDown } as unknown as Env;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { res, done } = await deliverSigned('generic', JSON.stringify({ id: newId(), text: TEXT }), {}, broken, true);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as Accepted;
    expect((await getReport(id)).status).toBe(202);
    await done(2);
    await expectError(await getReport(id), 404, 'report_not_found');
    expect(await env.RESULTS.get(`webhooks/${id}.json`)).toBeNull();
  });
});

// ------------------------------------------------------------------ GET /v1/reports/:id

describe('GET /v1/reports/:id', () => {
  it('validates the id format (400)', async () => {
    for (const id of ['junk', 'ghost-123', 'GHOST-0123456789abcdef01234567', 'ghost-0123456789ABCDEF01234567', 'medium-0123456789abcdef01234567', 'ghost-0123456789abcdef012345678', 'ghost_0123456789abcdef01234567']) {
      await expectError(await call(`/v1/reports/${id}`), 400, 'invalid_report_id');
    }
  });

  it('answers 404 for an unknown id', async () => {
    await expectError(await call('/v1/reports/ghost-0123456789abcdef01234567'), 404, 'report_not_found');
  });

  it('answers 202 pending while a delivery is being scored', async () => {
    const id = `sanity-${hex(crypto.getRandomValues(new Uint8Array(12)))}`;
    await env.REPORTS.put(`pending:${id}`, JSON.stringify({ id, platform: 'sanity', postId: 'p', receivedAt: '2024-05-06T10:00:00.000Z' }), { expirationTtl: 60 });
    const res = await call(`/v1/reports/${id}`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending', id, receivedAt: '2024-05-06T10:00:00.000Z' });
    await env.REPORTS.delete(`pending:${id}`);
  });
});
