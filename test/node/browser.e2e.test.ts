/**
 * End to end in real Chromium (Debian's `chromium`, driven by playwright-core;
 * no browser download): the Worker runs in workerd (Miniflare, the same
 * bundle format wrangler deploys) behind a small recording proxy, so the tests
 * can check what the extension sent, and a local HTTP server serves news
 * pages under several host names (news.test, allowed.test, other.test, all
 * mapped to 127.0.0.1 by Chromium's host resolver rules).
 *
 * The extension asks first: nothing is sent when a page loads, the toolbar
 * button (clicked through the DevTools protocol's Extensions.triggerAction,
 * which grants activeTab as a real click does) and the popup's "Score this
 * page" send the article element only, sites allowed in the popup are scored
 * when an article loads, other sites are not, and a page with a password
 * field is never sent. Then the web page at / scores a pasted article and its
 * "Show likely originals" toggle puts the originals back into the text.
 * Screenshots go to .tmp/e2e/.
 *
 * The extension is loaded from a copy of extension/ whose manifest already
 * holds the host permissions for allowed.test and other.test: they stand in
 * for the user's "Allow" in the browser's permission prompt, which a headless
 * browser cannot click. The shipped manifest holds no host permission (see
 * test/node/extension-page.test.ts).
 *
 * Without a Chromium on the machine (CHROMIUM_PATH, or chromium /
 * chromium-browser on PATH) the suite is skipped and says so.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { Miniflare } from 'miniflare';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The extension APIs used inside the service worker's evaluate() callbacks (they run in the browser, not here). */
declare const chrome: {
  storage: {
    sync: { set(v: Record<string, unknown>): Promise<void>; get(k: string | Record<string, unknown>): Promise<Record<string, unknown>> };
    local: { get(k: string): Promise<Record<string, unknown>> };
  };
  tabs: { query(q: Record<string, unknown>): Promise<Array<{ id: number }>> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
};

const repo = fileURLToPath(new URL('../../', import.meta.url));
const out = join(repo, '.tmp/e2e');

function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const p = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      // not on PATH
    }
  }
  return null;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn('browser e2e: no Chromium found (set CHROMIUM_PATH or install Debian\u2019s chromium): skipped');

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council expands bus network</title>
<script>window.secretToken = "page-script-token";</script><style>.nav { color: red }</style></head>
<body><nav><a href="/">Home</a> · <a href="/news">News</a> · <span>Signed in as alice@example.com</span></nav>
<article class="story" data-tracking="xyz-123" onclick="track()"><h1>Council expands bus network</h1>
<p>The city council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.</p>
<p>The Top Minister of the region said the plan would be paid for by a regional transport grant, and that fares would stay the same for at least two years while the routes are tested.</p>
<script>trackArticleView("inline-script-in-article");</script>
<p>Residents who spoke at the meeting welcomed the decision, although several asked why the eastern estates were not included in the first phase of the plan.</p>
<form class="comment"><textarea name="comment">draft comment typed by the reader</textarea><input type="hidden" name="csrf" value="csrf-secret-123"><button>Post</button></form>
</article><aside>Related: <a href="/other">Other news</a></aside><footer>Example Gazette</footer></body></html>`;

/** A page with two listed spun titles, one of them twice; and one with none. */
const SPUN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ministers meet on budget</title></head>
<body><article><h1>Ministers meet on budget</h1>
<p>The Top Minister met the Protection Secretary on Tuesday to discuss the defence budget for the coming year, which is expected to rise by four per cent.</p>
<p>After the meeting the Top Minister told reporters that the two had agreed on the main points and that the details would be published next month.</p>
</article></body></html>`;
const PLAIN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Library opens</title></head>
<body><article><h1>Library opens</h1>
<p>The new public library opened on Saturday with a reading room, a children's section and a small cafe run by volunteers from the neighbourhood.</p>
</article></body></html>`;

/** A news story that declares itself an article (og:type or JSON-LD in @graph), for the allowed-site tests. */
const story = (title: string, declare: 'og' | 'json-ld') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
${declare === 'og' ? '<meta property="og:type" content="article">' : '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Example"},{"@type":["NewsArticle"],"headline":"x"}]}</script>'}
</head><body><header>Example Times</header><main><h1>${title}</h1>
<p>The regional water authority said on Monday that reservoir levels had recovered after the wet spring, and that the hosepipe ban announced in March would be lifted at the end of the week.</p>
<p>Engineers had warned that a second dry summer could leave several towns short of water, but the authority said that the new pipeline from the northern reservoirs was now working at full capacity.</p>
</main></body></html>`;

/** A page that is not an article: no og:type, no JSON-LD, no <article>. */
const LISTING = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sections</title></head>
<body><ul><li><a href="/a">Politics</a></li><li><a href="/b">Sport</a></li></ul>
<div><p>Welcome to the front page of the Example Times, where the latest stories from the region appear as soon as they are published by our reporters.</p>
<p>Use the links above to browse the sections, or search the archive for older stories going back to the first edition of the paper.</p></div></body></html>`;

/** A login page that also declares an article and holds one: it is still never sent. */
const LOGIN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to read</title><meta property="og:type" content="article"></head>
<body><article><h1>Council expands bus network</h1>
<p>The city council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.</p>
<p>Subscribers can read the rest of this story after signing in with the account they use for the print edition and the newsletter.</p></article>
<form action="/login" method="post"><label>Email <input name="email" value="alice@example.com"></label>
<label>Password <input type="password" name="password" value="hunter2"></label><button>Sign in</button></form></body></html>`;

const PAGES: Record<string, string> = {
  '/article': ARTICLE,
  '/spun': SPUN,
  '/plain': PLAIN,
  '/story-1': story('Hosepipe ban to be lifted', 'og'),
  '/story-2': story('Reservoirs recover after wet spring', 'json-ld'),
  '/story-3': story('Water authority lifts ban', 'og'),
  '/listing': LISTING,
  '/login': LOGIN,
};

/** A request the API proxy received. */
interface Received {
  method: string;
  path: string;
  origin: string | undefined;
  body: string;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

describe.skipIf(!CHROMIUM)('in Chromium', () => {
  let mf: Miniflare;
  let api: string;
  /** The URL the extension is given as its API: a proxy in front of the Worker that records every request. */
  let proxyUrl: string;
  let proxy: Server;
  const received: Received[] = [];
  let site: Server;
  let port: number;
  let context: BrowserContext;
  let cdpBrowser: Browser;
  let cdp: CDPSession;
  let extensionId: string;

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;
  /** The score requests received (not the CORS preflights), their JSON bodies parsed. */
  const posts = () => received.filter((r) => r.method === 'POST').map((r) => ({ ...r, json: JSON.parse(r.body) as { html: string; url: string; title: string } }));
  const sentFor = (url: string) => posts().filter((p) => p.json.url === url);

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    // The Worker, bundled as wrangler bundles it, in workerd.
    const script = join(out, 'worker.mjs');
    buildSync({ entryPoints: [join(repo, 'src/worker/index.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], loader: { '.pack': 'binary' }, external: ['cloudflare:*'], outfile: script, logLevel: 'error' });
    mf = new Miniflare({
      modules: true,
      scriptPath: script,
      compatibilityDate: '2026-04-20',
      kvNamespaces: ['RULES', 'REPORTS'],
      bindings: { RULES_CHECK_INTERVAL_MS: '0' },
      port: 0,
    });
    api = (await mf.ready).toString().replace(/\/$/, '');
    // The recording proxy: every request (preflights included) is kept, then forwarded to the Worker as it came.
    proxy = createServer(async (req, res) => {
      const body = await readBody(req);
      received.push({ method: req.method ?? '', path: req.url ?? '', origin: req.headers.origin, body: body.toString('utf8') });
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length', 'accept-encoding'].includes(k)) headers.set(k, v);
      const answer = await fetch(`${api}${req.url}`, { method: req.method, headers, body: body.length ? new Uint8Array(body) : undefined });
      const back: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) back[k] = v;
      });
      res.writeHead(answer.status, back);
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyAddr = proxy.address();
    proxyUrl = `http://127.0.0.1:${typeof proxyAddr === 'object' && proxyAddr ? proxyAddr.port : 0}`;
    site = createServer((req, res) => {
      const page = PAGES[new URL(req.url ?? '/', 'http://x').pathname];
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page ?? 'not found');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    const addr = site.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
    // The extension as shipped, plus the host permissions a user would have granted to allowed.test and other.test.
    const ext = mkdtempSync(join(tmpdir(), 'newsaudit-ext-'));
    cpSync(join(repo, 'extension'), ext, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
    manifest.host_permissions = ['*://allowed.test/*', '*://other.test/*'];
    writeFileSync(join(ext, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const profile = mkdtempSync(join(tmpdir(), 'newsaudit-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM!,
      headless: false,
      args: [
        '--headless=new',
        `--disable-extensions-except=${ext}`,
        `--load-extension=${ext}`,
        '--no-sandbox',
        '--no-first-run',
        '--host-resolver-rules=MAP *.test 127.0.0.1',
        // A second DevTools endpoint for the browser-level Extensions domain (the toolbar click).
        '--remote-debugging-port=0',
        '--enable-unsafe-extension-debugging',
      ],
    });
    const sw = await serviceWorker();
    extensionId = new URL(sw.url()).host;
    await sw.evaluate((base) => chrome.storage.sync.set({ apiBase: base }), proxyUrl);
    const portFile = join(profile, 'DevToolsActivePort');
    for (let i = 0; i < 100 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
    cdpBrowser = await chromium.connectOverCDP(`http://127.0.0.1:${readFileSync(portFile, 'utf8').split('\n')[0]}`);
    cdp = await cdpBrowser.newBrowserCDPSession();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await cdpBrowser?.close().catch(() => {});
    await mf?.dispose();
    await new Promise((r) => site?.close(r));
    await new Promise((r) => proxy?.close(r));
  });

  async function serviceWorker(): Promise<Worker> {
    const [sw] = context.serviceWorkers();
    return sw ?? context.waitForEvent('serviceworker');
  }

  /** Clicks the extension's toolbar button on `page`'s tab, as the user would (grants activeTab on that tab). */
  async function clickToolbarButton(page: Page) {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((t) => t.url === page.url());
    expect(tab, `a tab for ${page.url()}`).toBeTruthy();
    await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab!.targetId });
  }

  /** The extension's id for the tab showing `url` (the extension can see it once it has access to the tab). */
  async function tabIdOf(url: string) {
    const sw = await serviceWorker();
    return sw.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
  }

  /** The popup for tab `tabId`, opened as a page. */
  async function popupOf(tabId: number) {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => document.getElementById('band')?.textContent !== '', null, { timeout: 10_000 });
    return popup;
  }

  const stateOf = (page: Page) => page.evaluate(() => document.documentElement.dataset.newsaudit ?? null);
  const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

  /** Opens `url`, clicks the toolbar button and the popup's "Score this page"; waits for the page to be scored or refused. */
  async function clickToScore(url: string) {
    const page = await context.newPage();
    await page.goto(url);
    await clickToolbarButton(page);
    const tabId = await tabIdOf(url.replace(/#.*/, ''));
    expect(tabId).toBeGreaterThan(0);
    const popup = await popupOf(tabId!);
    await popup.getByRole('button', { name: 'Score this page' }).click();
    await page.waitForFunction(() => /^(scored:|error|refused:)/.test(document.documentElement.dataset.newsaudit ?? ''), null, { timeout: 30_000 });
    await popup.waitForFunction(() => !(document.getElementById('score-page') as HTMLButtonElement).disabled, null, { timeout: 10_000 });
    return { page, popup, tabId: tabId! };
  }

  it('click to score: nothing is sent when the page loads; the toolbar button and "Score this page" send the article element only, then the badge and a highlight show', async () => {
    const url = at('news.test', '/article');
    const page = await context.newPage();
    await page.goto(`${url}?session=s3cr3t#comments`);
    await settle();
    expect(await stateOf(page)).toBeNull();
    expect(posts()).toHaveLength(0);
    await page.close();

    const before = posts().length;
    const { page: scored, popup, tabId } = await clickToScore(`${url}?session=s3cr3t#comments`);
    const state = await stateOf(scored);
    expect(state).toMatch(/^scored:\d+:[1-9]\d*$/);
    // Exactly one request, from the extension, to the configured API.
    const sent = posts().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].path).toBe('/v1/score');
    expect(sent[0].origin).toBe(`chrome-extension://${extensionId}`);
    // The article element, cleaned: no page furniture, scripts, styles, forms, typed text, hidden fields or extra attributes.
    const { html, url: sentUrl, title } = sent[0].json;
    expect(sentUrl).toBe(url);
    expect(title).toBe('Council expands bus network');
    expect(html).toContain('<article class="story">');
    expect(html).toContain('adding twelve routes');
    expect(html).toContain('eastern estates');
    for (const absent of ['<nav', 'alice@example.com', 'Home', '<aside', 'Other news', '<footer', 'Example Gazette', '<script', 'secretToken', 'inline-script-in-article', '<style', '<form', '<textarea', 'draft comment', '<input', 'csrf-secret-123', '<button', 'data-tracking', 'onclick', 'href=', 's3cr3t']) expect(html).not.toContain(absent);
    // The highlight and the badge.
    const mark = scored.locator('mark.newsaudit-finding', { hasText: 'Top Minister' });
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.getAttribute('title')).toContain('Prime Minister');
    const sw = await serviceWorker();
    expect(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe(state!.split(':')[1]);
    expect(await popup.locator('#score').textContent()).toBe(state!.split(':')[1]);
    await scored.screenshot({ path: join(out, 'extension.png'), fullPage: true });
    await popup.screenshot({ path: join(out, 'popup-scored.png'), fullPage: true });
  }, 60_000);

  it('"Score this page" without the toolbar click (no access to the tab) sends nothing and says why', async () => {
    const url = at('news.test', '/plain');
    const page = await context.newPage();
    await page.goto(url);
    const before = received.length;
    // The popup opened as a page, not from the toolbar: no activeTab. The tab is found as the active one.
    await page.bringToFront();
    const sw = await serviceWorker();
    const tabId = await sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
    const popup = await popupOf(tabId!);
    await popup.getByRole('button', { name: 'Score this page' }).click();
    await expect.poll(() => popup.locator('#message').textContent(), { timeout: 10_000 }).toMatch(/^Cannot read this page/);
    expect(received.length).toBe(before);
    expect(await stateOf(page)).toBeNull();
    await Promise.all([page.close(), popup.close()]);
  }, 60_000);

  it('the popup lists the spun phrases under the spin signal as phrase → likely original, identical pairs counted', async () => {
    const { popup } = await clickToScore(at('news.test', '/spun'));
    const spin = popup.locator('.sig[data-signal="spin"]');
    const items = spin.locator('ul.pairs li');
    expect(await items.allTextContents()).toEqual(['Top Minister → Prime Minister ×2', 'Protection Secretary → Defense Secretary']);
    expect(await popup.getByRole('list', { name: 'Spun phrases and their likely originals' }).count()).toBe(1);
    // Only under the spin signal.
    expect(await popup.locator('.sig:not([data-signal="spin"]) ul.pairs, .sig:not([data-signal="spin"]) .pairs-empty').count()).toBe(0);
    await popup.screenshot({ path: join(out, 'popup.png'), fullPage: true });
  }, 60_000);

  it('the popup says so when there are no spun phrases', async () => {
    const { popup } = await clickToScore(at('news.test', '/plain'));
    const spin = popup.locator('.sig[data-signal="spin"]');
    expect(await spin.locator('ul.pairs').count()).toBe(0);
    expect(await spin.locator('.pairs-empty').textContent()).toBe('No spun phrases found.');
  }, 60_000);

  it('allowed site: once the popup\'s switch allows allowed.test, articles there are scored when they load, pages that are not articles are not', async () => {
    const first = await context.newPage();
    await first.goto(at('allowed.test', '/story-1'));
    await settle();
    // Not allowed yet: nothing sent although the page is an article and the extension could read it.
    expect(await stateOf(first)).toBeNull();
    expect(sentFor(at('allowed.test', '/story-1'))).toHaveLength(0);

    const tabId = await tabIdOf(at('allowed.test', '/story-1'));
    const popup = await popupOf(tabId!);
    const allow = popup.getByLabel('Score articles on allowed.test automatically');
    expect(await allow.isChecked()).toBe(false);
    await allow.check();
    const sw = await serviceWorker();
    await expect.poll(() => sw.evaluate(async () => (await chrome.storage.sync.get({ allowedSites: [] })).allowedSites)).toEqual(['allowed.test']);
    expect(await sw.evaluate(() => chrome.permissions.contains({ origins: ['*://allowed.test/*'] }))).toBe(true);
    await popup.close();

    // The next article on the site (JSON-LD NewsArticle in @graph) is scored without a click.
    await first.goto(at('allowed.test', '/story-2'));
    await first.waitForFunction(() => /^(scored:|error)/.test(document.documentElement.dataset.newsaudit ?? ''), null, { timeout: 30_000 });
    expect(await stateOf(first)).toMatch(/^scored:\d+:\d+$/);
    const sent = sentFor(at('allowed.test', '/story-2'));
    expect(sent).toHaveLength(1);
    expect(sent[0].json.html).toContain('<main>');
    expect(sent[0].json.html).not.toContain('Example Times'); // the header is not part of the article
    expect(sent[0].json.html).not.toContain('ld+json');

    // A page on the same site that does not declare an article is not sent.
    const listing = await context.newPage();
    await listing.goto(at('allowed.test', '/listing'));
    const third = await context.newPage();
    await third.goto(at('allowed.test', '/story-3'));
    await third.waitForFunction(() => /^scored:/.test(document.documentElement.dataset.newsaudit ?? ''), null, { timeout: 30_000 });
    await settle();
    expect(sentFor(at('allowed.test', '/listing'))).toHaveLength(0);
    expect(await stateOf(listing)).toBeNull();
    await Promise.all([first.close(), listing.close(), third.close()]);
  }, 90_000);

  it('a site not on the list is not scored automatically, even with the browser\'s permission for it', async () => {
    const sw = await serviceWorker();
    expect(await sw.evaluate(() => chrome.permissions.contains({ origins: ['*://other.test/*'] }))).toBe(true);
    const other = await context.newPage();
    await other.goto(at('other.test', '/story-1'));
    // An allowed page loaded after it is scored; by then the other one would have been too.
    const allowed = await context.newPage();
    await allowed.goto(at('allowed.test', '/story-1'));
    await allowed.waitForFunction(() => /^scored:/.test(document.documentElement.dataset.newsaudit ?? ''), null, { timeout: 30_000 });
    await settle();
    expect(await stateOf(other)).toBeNull();
    expect(sentFor(at('other.test', '/story-1'))).toHaveLength(0);
    expect(posts().some((p) => p.json.url.includes('other.test'))).toBe(false);
    // news.test, never allowed: none of its loads was sent without a click.
    expect(posts().every((p) => !p.json.url.includes('news.test') || ['/article', '/spun', '/plain'].includes(new URL(p.json.url).pathname))).toBe(true);
    await Promise.all([other.close(), allowed.close()]);
  }, 60_000);

  it('a login page (password field) is never sent: not on an allowed site when it loads, not on click; the popup says why', async () => {
    const url = at('allowed.test', '/login');
    const before = received.length;
    // On the allowed site, when it loads: refused (it declares an article and holds one, but has a password field).
    const loaded = await context.newPage();
    await loaded.goto(url);
    await loaded.waitForFunction(() => document.documentElement.dataset.newsaudit === 'refused:password', null, { timeout: 30_000 });
    await loaded.close();
    // On click: refused too, and the popup says why.
    const { page, popup } = await clickToScore(url);
    expect(await stateOf(page)).toBe('refused:password');
    expect(await popup.locator('#message').textContent()).toContain('this page has a password field');
    expect(await popup.locator('#band').textContent()).toBe('not sent');
    await settle();
    expect(received.length).toBe(before);
    expect(sentFor(url)).toHaveLength(0);
    expect(posts().some((p) => p.body.includes('hunter2') || p.body.includes('Sign in to read'))).toBe(false);
    await popup.screenshot({ path: join(out, 'popup-password.png'), fullPage: true });
  }, 60_000);

  it('the options page shows where pages are sent, what is sent, the allowed sites and the last payload; sites are removed and added there', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect.poll(() => options.locator('#endpoint').textContent()).toBe(`${proxyUrl}/v1/score`);
    expect(await options.locator('#keep-attrs').textContent()).toBe('class, id, role, itemprop, lang, dir, datetime, aria-hidden');
    expect(await options.locator('#what-list').textContent()).toContain('Never the whole page');
    expect(await options.locator('#sites li').allTextContents()).toEqual(['allowed.testRemove']);
    expect(await options.getByLabel('Also score allowed sites automatically in private (incognito) windows').isChecked()).toBe(false);
    // The last payload: its size and how it begins, as the API received it.
    const last = posts().at(-1)!;
    await expect.poll(() => options.locator('#last-head').textContent()).toBe(last.json.html.slice(0, 600));
    expect(await options.locator('#last-bytes').textContent()).toBe(`${Buffer.byteLength(last.body).toLocaleString('en')} bytes (HTML ${Buffer.byteLength(last.json.html).toLocaleString('en')} bytes)`);
    expect(await options.locator('#last-url').textContent()).toBe(last.json.url);
    await options.screenshot({ path: join(out, 'options.png'), fullPage: true });
    // Removing the site takes it off the list and gives the permission back.
    await options.getByRole('button', { name: 'Remove allowed.test' }).click();
    const sw = await serviceWorker();
    await expect.poll(() => sw.evaluate(async () => (await chrome.storage.sync.get({ allowedSites: [] })).allowedSites)).toEqual([]);
    await expect.poll(() => options.locator('#sites li').allTextContents()).toEqual(['No site allowed: nothing is scored automatically.']);
    // Allowing a site from the options page (a URL is reduced to its host; the permission is already held here, so the browser does not prompt).
    await options.getByLabel('Allow a site').fill('http://other.test/some/page?x=1');
    await options.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect.poll(() => sw.evaluate(async () => (await chrome.storage.sync.get({ allowedSites: [] })).allowedSites)).toEqual(['other.test']);
    await expect.poll(() => options.locator('#sites li').allTextContents()).toEqual(['other.testRemove']);
    expect(await options.locator('#site-status').textContent()).toBe('Allowed: other.test');
    await options.getByLabel('Allow a site').fill('not a host name');
    await options.getByRole('button', { name: 'Allow', exact: true }).click();
    expect(await options.locator('#site-status').textContent()).toBe('Not a web address.');
  }, 60_000);

  it('the web page scores a pasted article and highlights its findings', async () => {
    const page = await context.newPage();
    await page.goto(`${api}/`);
    await page.fill('#input', 'The Top Minister said on Tuesday that the demise toll from the floods had risen to 41, according to Reuters. Obviously, the sanctions failed.');
    await page.click('#go');
    await page.waitForSelector('#result:not([hidden])', { timeout: 30_000 });
    expect(await page.locator('#score').textContent()).toMatch(/^\d+$/);
    expect(await page.locator('.card').count()).toBe(6); // one card per signal, translation included
    expect(await page.locator('.card[data-signal="translation"]').count()).toBe(1);
    const marks = page.locator('#text mark');
    expect(await marks.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#text mark.spin', { hasText: 'Top Minister' }).getAttribute('title')).toContain('Prime Minister');
    expect(await page.locator('#sources').textContent()).toContain('Reuters');
    await page.screenshot({ path: join(out, 'home.png'), fullPage: true });
    expect(readFileSync(join(out, 'home.png')).length).toBeGreaterThan(1000);
  }, 60_000);

  it('the web page\'s "Show likely originals" toggle puts the likely originals into the text view, and takes them out again', async () => {
    const page = await context.newPage();
    await page.goto(`${api}/`);
    const input = 'The Top Minister met the Protection Secretary on Tuesday.\nLater the Top Minister said the talks had gone well.';
    await page.fill('#input', input);
    await page.click('#go');
    await page.waitForSelector('#result:not([hidden])', { timeout: 30_000 });
    const view = page.locator('#text');
    const toggle = page.getByLabel('Show likely originals');
    // Off: the highlighted view, the spun wording as it was written.
    expect(await toggle.isChecked()).toBe(false);
    expect(await view.textContent()).not.toContain('Prime Minister');
    expect(await page.locator('#text mark.spin').count()).toBe(3);
    // On: each spun phrase replaced by its likely original, the spun wording struck through beside it.
    await toggle.check();
    expect(await view.getAttribute('data-view')).toBe('originals');
    expect(await view.textContent()).toContain('Prime Minister');
    expect(await page.locator('#text ins').allTextContents()).toEqual(['Prime Minister', 'Defense Secretary', 'Prime Minister']);
    expect(await page.locator('#text del').allTextContents()).toEqual(['Top Minister', 'Protection Secretary', 'Top Minister']);
    expect(await page.locator('#text mark').count()).toBe(0);
    expect(await page.locator('#originals-note').textContent()).toBe('3 spun phrases replaced by the likely original');
    // Everything but the replacements is the text unchanged.
    const replaced = await view.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('del, .vh').forEach((n) => n.remove());
      return copy.textContent;
    });
    expect(replaced?.trimEnd()).toBe('The Prime Minister met the Defense Secretary on Tuesday.\nLater the Prime Minister said the talks had gone well.');
    await page.screenshot({ path: join(out, 'home-originals.png'), fullPage: true });
    // Off again: back to the highlights.
    await toggle.uncheck();
    expect(await view.getAttribute('data-view')).toBe('highlights');
    expect(await view.textContent()).not.toContain('Prime Minister');
    expect(await page.locator('#text mark.spin', { hasText: 'Top Minister' }).count()).toBe(2);
  }, 60_000);
});
