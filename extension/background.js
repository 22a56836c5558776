// newsaudit background (a service worker in Chromium, an event page in
// Firefox; the same file). Nothing is read or sent until either
//  - the user clicks "Score this page" in the popup (the toolbar click grants
//    activeTab for that tab only), or
//  - a page finishes loading on a site the user allowed in the popup or the
//    options page (an optional host permission for that one site, asked for
//    when the user allows it), the page declares an article, and it is not
//    in a private window unless the user allowed that too.
// It then injects page.js + content.js into the tab, which return the
// article element's cleaned HTML (or why not: a password field, no article),
// posts it to the API (base URL from the options page), keeps the report per
// tab, sets the badge and has the content script highlight the findings.
const api = globalThis.browser ?? chrome;
const DEFAULT_API = 'http://127.0.0.1:8787';
const BAND_COLOURS = { reliable: '#1e8e3e', 'mostly reliable': '#7cb342', questionable: '#f29900', unreliable: '#d93025' };
const DEFAULTS = { apiBase: DEFAULT_API, allowedSites: [], allowIncognito: false };
/** What the popup says when a click does not send the page. */
const REFUSED = {
  password: 'Not sent: this page has a password field. newsaudit never sends a page with a password field.',
  'no-article': 'Not sent: no article found on this page (no <article>, <main> or block of paragraphs with enough text). newsaudit never sends a whole page.',
  busy: 'This page is being scored.',
  frame: 'Not sent: not a top-level page.',
  scheme: 'newsaudit scores web pages (http and https) only.',
};

async function settings() {
  const s = await api.storage.sync.get(DEFAULTS);
  return { ...s, apiBase: String(s.apiBase || DEFAULT_API).replace(/\/+$/, '') };
}

/** The permission pattern for one allowed site (a host name; match patterns cover every port). */
const originFor = (host) => `*://${host}/*`;

function hostOf(url) {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u.hostname : null;
  } catch {
    return null;
  }
}

/** Whether automatic scoring may run on `tab`: its site is on the list, its permission is held, and not in a private window unless allowed. */
async function autoAllowed(tab, s) {
  const host = hostOf(tab.url ?? '');
  if (!host || !s.allowedSites.includes(host)) return false;
  if (tab.incognito && !s.allowIncognito) return false;
  return api.permissions.contains({ origins: [originFor(host)] });
}

async function setBadge(tabId, text, color, title) {
  await api.action.setBadgeText({ tabId, text });
  await api.action.setBadgeBackgroundColor({ tabId, color });
  if (title) await api.action.setTitle({ tabId, title });
}

async function post(s, payload) {
  const endpoint = `${s.apiBase}/v1/score`;
  const body = JSON.stringify(payload);
  // What was last sent, for the options page: where, how much, and how it begins.
  await api.storage.local.set({ lastPayload: { endpoint, at: new Date().toISOString(), url: payload.url, bytes: new TextEncoder().encode(body).length, htmlBytes: new TextEncoder().encode(payload.html).length, head: payload.html.slice(0, 600) } });
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.error ? `${answer.error.code}: ${answer.error.message}` : `HTTP ${res.status}`);
  return answer;
}

const inTab = async (tabId, func, args = []) => (await api.scripting.executeScript({ target: { tabId }, func, args }))[0]?.result;

/**
 * Scores tab `tabId` (mode 'click' or 'auto'). Returns { state: 'scored', score }
 * or { state: 'refused', reason, message } or { state: 'error', message }.
 */
async function scoreTab(tabId, mode) {
  const s = await settings();
  const tab = await api.tabs.get(tabId);
  if (tab.url && !hostOf(tab.url)) return { state: 'refused', reason: 'scheme', message: REFUSED.scheme };
  let collected;
  try {
    await api.scripting.executeScript({ target: { tabId }, files: ['page.js', 'content.js'] });
    collected = await inTab(tabId, (m, o) => globalThis.newsaudit.collect(m, o), [mode, { allowIncognito: s.allowIncognito }]);
  } catch (e) {
    // No access to the tab: for a click, the popup was not opened from the toolbar on this tab (activeTab not granted).
    const message = `Cannot read this page: ${e.message ?? e}`;
    if (mode === 'click') await api.storage.session.set({ [`report:${tabId}`]: { url: tab.url, error: message } });
    return { state: 'error', message };
  }
  if (!collected?.ok) {
    const reason = collected?.reason ?? 'unknown';
    const message = REFUSED[reason] ?? `Not sent (${reason}).`;
    if (mode === 'click' || reason === 'password') await api.storage.session.set({ [`report:${tabId}`]: { url: tab.url, refused: { reason, message } } });
    if (reason === 'password') await setBadge(tabId, '', '#5f6368', 'newsaudit: not sent (password field)');
    return { state: 'refused', reason, message };
  }
  await setBadge(tabId, '…', '#5f6368');
  try {
    const report = await post(s, collected.payload);
    await api.storage.session.set({ [`report:${tabId}`]: { url: collected.payload.url, report } });
    await setBadge(tabId, String(report.score), BAND_COLOURS[report.band] ?? '#5f6368', `newsaudit: ${report.score} (${report.band})`);
    await api.scripting.insertCSS({ target: { tabId }, files: ['content.css'] }).catch(() => {});
    await inTab(tabId, (r) => globalThis.newsaudit.highlight(r), [report]);
    return { state: 'scored', score: report.score };
  } catch (e) {
    const message = String(e.message ?? e);
    await api.storage.session.set({ [`report:${tabId}`]: { url: collected.payload.url, error: message } });
    await setBadge(tabId, '!', '#5f6368');
    await inTab(tabId, (m) => globalThis.newsaudit.failed(m), [message]).catch(() => {});
    return { state: 'error', message };
  }
}

// Automatic scoring: only tabs whose URL we can see at all (allowed sites hold a host permission; others report no URL).
api.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status !== 'complete' || !tab.url) return;
  settings()
    .then(async (s) => { if (await autoAllowed(tab, s)) await scoreTab(tabId, 'auto'); })
    .catch((e) => console.warn('newsaudit: automatic scoring failed', e));
});

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only the extension's own pages (popup, options) ask; content scripts never send messages.
  if (sender.id !== api.runtime.id || !String(sender.url ?? '').startsWith(api.runtime.getURL(''))) return false;
  if (msg.type === 'score-tab') {
    scoreTab(msg.tabId, 'click').then(sendResponse, (e) => sendResponse({ state: 'error', message: String(e.message ?? e) }));
    return true;
  }
  if (msg.type === 'get-report') {
    api.storage.session.get(`report:${msg.tabId}`).then((v) => sendResponse(v[`report:${msg.tabId}`] ?? null));
    return true;
  }
  return false;
});

// A permission taken back in the browser's own settings takes the site off the list too.
api.permissions.onRemoved.addListener(async ({ origins = [] }) => {
  const { allowedSites } = await api.storage.sync.get({ allowedSites: [] });
  const kept = allowedSites.filter((h) => !origins.includes(originFor(h)));
  if (kept.length !== allowedSites.length) await api.storage.sync.set({ allowedSites: kept });
});

api.tabs.onRemoved.addListener((tabId) => api.storage.session.remove(`report:${tabId}`));
