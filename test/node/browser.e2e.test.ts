/**
 * End to end in real Chromium (Debian's `chromium`, driven by playwright-core;
 * no browser download): the Worker runs in workerd (Miniflare, the same
 * bundle format wrangler deploys), a local HTTP server serves a news page,
 * and the unpacked extension in extension/ scores it. Checks the toolbar
 * badge and a highlight, and the popup's list of spun phrases with their
 * likely originals; then the web page at / scores a pasted article and its
 * "Show likely originals" toggle puts the originals back into the text.
 * Screenshots go to .tmp/e2e/.
 *
 * Without a Chromium on the machine (CHROMIUM_PATH, or chromium /
 * chromium-browser on PATH) the suite is skipped and says so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { Miniflare } from 'miniflare';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The extension APIs used inside the service worker's evaluate() callbacks (they run in the browser, not here). */
declare const chrome: {
  storage: { sync: { set(v: Record<string, unknown>): Promise<void> } };
  tabs: { query(q: { url: string }): Promise<Array<{ id: number }>> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
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

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council expands bus network</title></head>
<body><nav><a href="/">Home</a> · <a href="/news">News</a></nav>
<article><h1>Council expands bus network</h1>
<p>The city council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.</p>
<p>The Top Minister of the region said the plan would be paid for by a regional transport grant, and that fares would stay the same for at least two years while the routes are tested.</p>
<p>Residents who spoke at the meeting welcomed the decision, although several asked why the eastern estates were not included in the first phase of the plan.</p>
</article><footer>Example Gazette</footer></body></html>`;

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
const PAGES: Record<string, string> = { '/article': ARTICLE, '/spun': SPUN, '/plain': PLAIN };

describe.skipIf(!CHROMIUM)('in Chromium', () => {
  let mf: Miniflare;
  let api: string;
  let site: Server;
  let siteUrl: string;
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    // The Worker, bundled as wrangler bundles it, in workerd.
    const script = join(out, 'worker.mjs');
    buildSync({ entryPoints: [join(repo, 'src/worker/index.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*'], outfile: script, logLevel: 'error' });
    mf = new Miniflare({
      modules: true,
      scriptPath: script,
      compatibilityDate: '2026-04-20',
      kvNamespaces: ['RULES', 'REPORTS'],
      bindings: { RULES_CHECK_INTERVAL_MS: '0' },
      port: 0,
    });
    api = (await mf.ready).toString().replace(/\/$/, '');
    site = createServer((req, res) => {
      const page = PAGES[req.url ?? ''];
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page ?? 'not found');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    const addr = site.address();
    siteUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const ext = join(repo, 'extension');
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'newsaudit-chromium-')), {
      executablePath: CHROMIUM!,
      headless: false,
      args: ['--headless=new', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--no-first-run'],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await mf?.dispose();
    await new Promise((r) => site?.close(r));
  });

  /** Opens `path` on the local site, waits for the extension to score it, and returns the tab's popup as a page. */
  async function popupFor(path: string) {
    let [sw] = context.serviceWorkers();
    sw ??= await context.waitForEvent('serviceworker');
    await sw.evaluate((base) => chrome.storage.sync.set({ apiBase: base }), api);
    const page = await context.newPage();
    await page.goto(`${siteUrl}${path}`);
    await page.waitForFunction(() => /^(scored:|error)/.test(document.documentElement.dataset.newsaudit ?? ''), null, { timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.newsaudit)).toMatch(/^scored:/);
    const tabId = await sw.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, `${siteUrl}${path}`);
    const extensionId = new URL(sw.url()).host;
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => /^\d+$/.test(document.getElementById('score')?.textContent ?? ''), null, { timeout: 10_000 });
    return popup;
  }

  it('the extension scores the page: badge with the score, the spun phrase highlighted', async () => {
    let [sw] = context.serviceWorkers();
    sw ??= await context.waitForEvent('serviceworker');
    await sw.evaluate((base) => chrome.storage.sync.set({ apiBase: base }), api);
    const page = await context.newPage();
    await page.goto(`${siteUrl}/article`);
    await page.waitForFunction(() => (document.documentElement.dataset.newsaudit ?? '').startsWith('scored:') || (document.documentElement.dataset.newsaudit ?? '').startsWith('error'), null, { timeout: 30_000 });
    const state = await page.evaluate(() => document.documentElement.dataset.newsaudit);
    expect(state).toMatch(/^scored:\d+:[1-9]\d*$/);
    const mark = page.locator('mark.newsaudit-finding', { hasText: 'Top Minister' });
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.getAttribute('title')).toContain('Prime Minister');
    const badge = await sw.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      return chrome.action.getBadgeText({ tabId: tab.id });
    }, `${siteUrl}/article`);
    expect(badge).toBe(state!.split(':')[1]);
    await page.screenshot({ path: join(out, 'extension.png'), fullPage: true });
  }, 60_000);

  it('the popup lists the spun phrases under the spin signal as phrase → likely original, identical pairs counted', async () => {
    const popup = await popupFor('/spun');
    const spin = popup.locator('.sig[data-signal="spin"]');
    const items = spin.locator('ul.pairs li');
    expect(await items.allTextContents()).toEqual(['Top Minister → Prime Minister ×2', 'Protection Secretary → Defense Secretary']);
    expect(await popup.getByRole('list', { name: 'Spun phrases and their likely originals' }).count()).toBe(1);
    // Only under the spin signal.
    expect(await popup.locator('.sig:not([data-signal="spin"]) ul.pairs, .sig:not([data-signal="spin"]) .pairs-empty').count()).toBe(0);
    await popup.screenshot({ path: join(out, 'popup.png'), fullPage: true });
  }, 60_000);

  it('the popup says so when there are no spun phrases', async () => {
    const popup = await popupFor('/plain');
    const spin = popup.locator('.sig[data-signal="spin"]');
    expect(await spin.locator('ul.pairs').count()).toBe(0);
    expect(await spin.locator('.pairs-empty').textContent()).toBe('No spun phrases found.');
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
