/**
 * The extension's decisions without a browser: page.js (does the page declare
 * an article, has it a password field, which element is the article, what
 * exactly is sent) and content.js's collect() under linkedom; background.js
 * with a fake extension API (exposed as `browser` only, as in Firefox) for
 * when automatic scoring runs; and the manifest (no host permission, no
 * content script on every page, Firefox keys). browser.e2e.test.ts checks the
 * same extension end to end in Chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const source = (file: string) => readFileSync(join(repo, 'extension', file), 'utf8');

interface Payload {
  html: string;
  url: string;
  title: string;
}
interface PageApi {
  declaresArticle(doc: Document): string | null;
  hasPasswordField(doc: Document): boolean;
  findMain(doc: Document): Element | null;
  buildPayload(doc: Document, main: Element, href: string): Payload;
  bareUrl(href: string): string;
}
type Collected = { ok: true; payload: Payload } | { ok: false; reason: string };

const pageApi: PageApi = (() => {
  const sandbox: { URL: typeof URL; newsauditPage?: PageApi } = { URL };
  runInNewContext(source('page.js'), sandbox);
  return sandbox.newsauditPage!;
})();

const doc = (html: string) => parseHTML(html).document as unknown as Document;
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const PARA = 'The city council voted on Tuesday to expand the bus network, adding twelve routes that connect the northern suburbs with the hospital district.';
const ldPage = (json: string) => doc(`<html><head><script type="application/ld+json">${json}</script></head><body><p>x</p></body></html>`);

describe('page.js: does the page declare an article?', () => {
  it('og:type article', () => {
    expect(pageApi.declaresArticle(doc('<html><head><meta property="og:type" content="article"></head><body></body></html>'))).toBe('og:type');
    expect(pageApi.declaresArticle(doc('<html><head><meta property="og:type" content="website"></head><body></body></html>'))).toBeNull();
  });

  it('JSON-LD Article or NewsArticle (and its subtypes), at the top, in an array, in @graph, as mainEntity, with a schema.org prefix', () => {
    expect(pageApi.declaresArticle(ldPage('{"@type":"NewsArticle"}'))).toBe('json-ld');
    expect(pageApi.declaresArticle(ldPage('{"@type":"Article"}'))).toBe('json-ld');
    expect(pageApi.declaresArticle(ldPage('[{"@type":"Organization"},{"@type":"ReportageNewsArticle"}]'))).toBe('json-ld');
    expect(pageApi.declaresArticle(ldPage('{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},{"@type":["Thing","NewsArticle"]}]}'))).toBe('json-ld');
    expect(pageApi.declaresArticle(ldPage('{"@type":"WebPage","mainEntity":{"@type":"Article"}}'))).toBe('json-ld');
    expect(pageApi.declaresArticle(ldPage('{"@type":"http://schema.org/NewsArticle"}'))).toBe('json-ld');
  });

  it('not for other JSON-LD types, broken JSON-LD or other script types', () => {
    expect(pageApi.declaresArticle(ldPage('{"@type":"Product","name":"Article"}'))).toBeNull();
    expect(pageApi.declaresArticle(ldPage('{"@type":"NewsArticle"'))).toBeNull();
    expect(pageApi.declaresArticle(doc('<html><head><script type="text/javascript">var x = {"@type":"NewsArticle"}</script></head><body></body></html>'))).toBeNull();
  });

  it('an <article> with at least 80 words, not a short one', () => {
    expect(pageApi.declaresArticle(doc(`<html><body><article><p>${words(80)}</p></article></body></html>`))).toBe('article-element');
    expect(pageApi.declaresArticle(doc(`<html><body><article><p>${words(79)}</p></article><div><p>${words(500)}</p></div></body></html>`))).toBeNull();
  });
});

describe('page.js: password fields', () => {
  it('type=password in any case, or an autocomplete current-/new-password field', () => {
    expect(pageApi.hasPasswordField(doc('<html><body><form><input type="password"></form></body></html>'))).toBe(true);
    expect(pageApi.hasPasswordField(doc('<html><body><input type="PassWord"></body></html>'))).toBe(true);
    expect(pageApi.hasPasswordField(doc('<html><body><input type="text" autocomplete="username current-password"></body></html>'))).toBe(true);
    expect(pageApi.hasPasswordField(doc('<html><body><input type="search"><input type="email"></body></html>'))).toBe(false);
  });
});

describe('page.js: the article element', () => {
  it('the <article> with the most text, not a teaser', () => {
    const d = doc(`<html><body><article id="teaser"><p>Short teaser text.</p></article><article id="story"><p>${PARA}</p><p>${PARA}</p></article></body></html>`);
    expect(pageApi.findMain(d)?.id).toBe('story');
  });

  it('<main> or role=main when there is no <article>', () => {
    expect(pageApi.findMain(doc(`<html><body><nav>Home</nav><main id="m"><p>${PARA}</p></main></body></html>`))?.id).toBe('m');
    expect(pageApi.findMain(doc(`<html><body><div role="main" id="r"><p>${PARA}</p></div></body></html>`))?.id).toBe('r');
  });

  it('else the element whose paragraphs hold the most text; never <body>; none on a page without enough text', () => {
    const d = doc(`<html><body><div id="side"><p>Related: a short line of links.</p></div><div id="text"><p>${PARA}</p><p>${PARA}</p></div></body></html>`);
    expect(pageApi.findMain(d)?.id).toBe('text');
    expect(pageApi.findMain(doc(`<html><body><p>${PARA}</p><p>${PARA}</p></body></html>`))).toBeNull();
    expect(pageApi.findMain(doc('<html><body><div><p>Sign up for our newsletter.</p></div></body></html>'))).toBeNull();
  });
});

describe('page.js: what is sent', () => {
  const page = doc(`<html lang="en-GB"><head><title>Buses &amp; "routes" <new></title>
<meta property="og:type" content="article"><meta property="og:site_name" content="Example Gazette"><meta name="author" content="A. Reporter">
<meta name="viewport" content="width=device-width"><meta name="csrf-token" content="tok-123"><script>var secret = 1;</script></head>
<body><nav>Signed in as alice@example.com</nav>
<article class="story" id="a1" data-user="alice" onclick="x()" style="color:red" itemprop="articleBody"><h1>Buses</h1>
<p>${PARA} <a href="https://tracker.example/?uid=alice">link text</a> <time datetime="2026-01-02">2 January</time></p>
<p lang="fr" dir="ltr" role="note" aria-hidden="true">Note.</p>
<script>track("in-article")</script><style>.x{}</style><noscript>enable js</noscript>
<form><input name="q" value="typed search"><input type="hidden" name="csrf" value="csrf-456"><textarea>draft reply</textarea><select><option>opt-a</option></select><button>Send</button></form>
<iframe src="https://ads.example/"></iframe><img src="https://cdn.example/p.jpg" alt="photo"><svg><text>svg text</text></svg>
<div hidden>hidden block</div><div style="display: none">css hidden block</div><div contenteditable="true">editable draft</div><!-- internal comment -->
<p>${PARA}</p></article><footer>Footer</footer></body></html>`);
  const payload = pageApi.buildPayload(page, pageApi.findMain(page)!, 'https://news.example/2026/buses?session=abc&utm_source=x#comments');

  it('the article element only, in a small document with the language, the title and the listed meta tags', () => {
    expect(payload.html.startsWith('<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Buses &amp; "routes" &lt;new&gt;</title>')).toBe(true);
    expect(payload.html).toContain('<meta property="og:type" content="article"><meta property="og:site_name" content="Example Gazette"><meta name="author" content="A. Reporter"></head>');
    expect(payload.html).toContain('<body><article class="story" id="a1" itemprop="articleBody"><h1>Buses</h1>');
    expect(payload.html).toContain(PARA);
    expect(payload.html).toContain('<a>link text</a> <time datetime="2026-01-02">2 January</time>');
    expect(payload.html).toContain('<p lang="fr" dir="ltr" role="note" aria-hidden="true">Note.</p>');
    expect(payload.html.endsWith('</article></body></html>')).toBe(true);
    expect(payload.title).toBe('Buses & "routes" <new>');
  });

  it('no scripts, styles, forms, inputs, typed text, hidden fields, selects, buttons, iframes, media, hidden or editable elements, comments or other attributes', () => {
    for (const absent of ['alice', 'secret', 'in-article', '<script', '<style', '<noscript', 'enable js', '<form', '<input', 'typed search', 'csrf', 'draft reply', '<textarea', '<select', 'opt-a', '<button', '<iframe', 'ads.example', '<img', 'cdn.example', '<svg', 'svg text', 'hidden block', 'editable draft', 'internal comment', 'onclick', 'style=', 'data-user', 'href', 'tracker', 'viewport', 'tok-123', 'Footer', '<nav']) {
      expect(payload.html, absent).not.toContain(absent);
    }
  });

  it('the URL without its query string and fragment', () => {
    expect(payload.url).toBe('https://news.example/2026/buses');
    expect(pageApi.bareUrl('http://127.0.0.1:8080/a/b?x=1')).toBe('http://127.0.0.1:8080/a/b');
  });

  it('leaves the page itself as it was', () => {
    expect(page.querySelector('form textarea')?.textContent).toBe('draft reply');
    expect(page.querySelector('article')?.getAttribute('data-user')).toBe('alice');
  });
});

describe('content.js: collect()', () => {
  /** Runs page.js and content.js in a linkedom window and calls collect(mode, opts). */
  function collect(html: string, mode: 'click' | 'auto', { incognito = false, allowIncognito = false, frame = false } = {}) {
    const { document } = parseHTML(html);
    const sandbox: Record<string, unknown> = { document, URL, location: new URL('https://news.example/story?id=1'), browser: { extension: { inIncognitoContext: incognito } } };
    sandbox.window = sandbox;
    sandbox.top = frame ? {} : sandbox;
    runInNewContext(source('page.js'), sandbox);
    runInNewContext(source('content.js'), sandbox);
    const api = sandbox.newsaudit as { collect(mode: string, opts: object): Collected };
    return { result: api.collect(mode, { allowIncognito }), state: document.documentElement.dataset.newsaudit };
  }
  const ARTICLE = `<html><head><meta property="og:type" content="article"><title>T</title></head><body><article><p>${PARA}</p></article></body></html>`;
  const UNDECLARED = `<html><head><title>T</title></head><body><div><p>${PARA}</p><p>${PARA}</p></div></body></html>`;
  const LOGIN = `<html><head><meta property="og:type" content="article"></head><body><article><p>${PARA}</p></article><form><input type="password"></form></body></html>`;

  it('automatic: an article page is sent; a page that does not declare an article is not', () => {
    const ok = collect(ARTICLE, 'auto');
    expect(ok.result.ok).toBe(true);
    expect(ok.state).toBe('pending');
    expect(collect(UNDECLARED, 'auto').result).toEqual({ ok: false, reason: 'not-article' });
  });

  it('on click: a page that does not declare an article is sent when it has an article element', () => {
    const r = collect(UNDECLARED, 'click').result;
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.payload.html).toContain(`<div><p>${PARA}</p><p>${PARA}</p></div>`);
  });

  it('a page with a password field is never sent, automatically or on click', () => {
    expect(collect(LOGIN, 'auto')).toEqual({ result: { ok: false, reason: 'password' }, state: 'refused:password' });
    expect(collect(LOGIN, 'click')).toEqual({ result: { ok: false, reason: 'password' }, state: 'refused:password' });
  });

  it('private windows: not automatically unless allowed; a click still works', () => {
    expect(collect(ARTICLE, 'auto', { incognito: true }).result).toEqual({ ok: false, reason: 'incognito' });
    expect(collect(ARTICLE, 'auto', { incognito: true, allowIncognito: true }).result.ok).toBe(true);
    expect(collect(ARTICLE, 'click', { incognito: true }).result.ok).toBe(true);
  });

  it('no article element: nothing sent (never the whole page); frames are not scored', () => {
    expect(collect('<html><body><p>Hello.</p></body></html>', 'click')).toEqual({ result: { ok: false, reason: 'no-article' }, state: 'refused:no-article' });
    expect(collect(ARTICLE, 'click', { frame: true }).result).toEqual({ ok: false, reason: 'frame' });
  });
});

describe('background.js: when automatic scoring runs', () => {
  /** background.js against a fake extension API, given as `browser` only (as Firefox does); returns the onUpdated listener and the tabs it injected into. */
  function background(settings: { allowedSites: string[]; allowIncognito?: boolean }, granted: string[]) {
    const injected: number[] = [];
    let onUpdated: (tabId: number, change: { status?: string }, tab: { url?: string; incognito?: boolean }) => void = () => {};
    const listener = () => ({ addListener() {} });
    const browser = {
      storage: { sync: { get: async (d: object) => ({ ...d, ...settings }) }, session: { set: async () => {} }, local: { set: async () => {} } },
      permissions: { contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o)), onRemoved: listener() },
      tabs: { onUpdated: { addListener: (f: typeof onUpdated) => (onUpdated = f) }, onRemoved: listener(), get: async (id: number) => ({ id, url: 'https://x/' }) },
      runtime: { onMessage: listener(), id: 'ext', getURL: (p: string) => `moz-extension://ext/${p}` },
      scripting: {
        executeScript: async ({ target, files }: { target: { tabId: number }; files?: string[] }) => {
          if (files) injected.push(target.tabId);
          return [{ result: { ok: false, reason: 'not-article' } }];
        },
      },
      action: {},
    };
    runInNewContext(source('background.js'), { browser, URL, console, TextEncoder });
    return {
      async load(tabId: number, url: string, incognito = false) {
        onUpdated(tabId, { status: 'loading' }, { url, incognito });
        onUpdated(tabId, { status: 'complete' }, { url, incognito });
        await new Promise((r) => setTimeout(r, 20));
      },
      injected,
    };
  }

  it('only on allowed sites whose permission is held, once the page has loaded', async () => {
    const bg = background({ allowedSites: ['news.example', 'revoked.example'] }, ['*://news.example/*']);
    await bg.load(1, 'https://news.example/story');
    await bg.load(2, 'https://other.example/story'); // not on the list
    await bg.load(3, 'https://revoked.example/story'); // on the list, permission taken back
    await bg.load(4, 'https://sub.news.example/story'); // sites are allowed one by one, not their subdomains
    expect(bg.injected).toEqual([1]);
  });

  it('not on web pages with no URL (no access) or other schemes', async () => {
    const bg = background({ allowedSites: ['news.example'] }, ['*://news.example/*']);
    await bg.load(1, '');
    await bg.load(2, 'file:///news.example/story.html');
    expect(bg.injected).toEqual([]);
  });

  it('not in private windows unless the user allowed it', async () => {
    const off = background({ allowedSites: ['news.example'] }, ['*://news.example/*']);
    await off.load(1, 'https://news.example/story', true);
    expect(off.injected).toEqual([]);
    const on = background({ allowedSites: ['news.example'], allowIncognito: true }, ['*://news.example/*']);
    await on.load(1, 'https://news.example/story', true);
    expect(on.injected).toEqual([1]);
  });
});

describe('manifest', () => {
  const manifest = JSON.parse(source('manifest.json')) as Record<string, unknown> & { background: { service_worker: string; scripts: string[] }; browser_specific_settings: { gecko: { id: string } } };

  it('holds no host permission and injects nothing by itself: activeTab for clicks, optional host permissions per allowed site', () => {
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.permissions).toEqual(['storage', 'activeTab', 'scripting']);
    expect(manifest.optional_host_permissions).toEqual(['*://*/*']);
  });

  it('runs in Firefox too: background.scripts beside service_worker (the same file) and a gecko id', () => {
    expect(manifest.background.service_worker).toBe('background.js');
    expect(manifest.background.scripts).toEqual(['background.js']);
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/^[\w.-]+@[\w.-]+$/);
  });

  it('the scripts use the browser namespace where there is one (globalThis.browser ?? chrome), never chrome.* directly', () => {
    for (const file of ['background.js', 'content.js', 'popup.js', 'options.js']) {
      const code = source(file).replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/(?<![\w.])chrome\./);
    }
    for (const file of ['background.js', 'popup.js', 'options.js']) expect(source(file), file).toMatch(/globalThis\.browser \?\? (globalThis\.)?chrome/);
  });
});
