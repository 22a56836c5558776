// newsaudit service worker: receives a page from the content script, scores it
// with the API (base URL from the options page), keeps the report per tab,
// sets the badge (score, coloured by band) and sends the findings back.
const DEFAULT_API = 'http://127.0.0.1:8787';
const BAND_COLOURS = { reliable: '#1e8e3e', 'mostly reliable': '#7cb342', questionable: '#f29900', unreliable: '#d93025' };

async function apiBase() {
  const { apiBase } = await chrome.storage.sync.get({ apiBase: DEFAULT_API });
  return String(apiBase).replace(/\/+$/, '');
}

async function score(page) {
  const res = await fetch(`${await apiBase()}/v1/score`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ html: page.html, url: page.url, title: page.title }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`);
  return body;
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg.type === 'page' && sender.tab) {
    const tabId = sender.tab.id;
    chrome.action.setBadgeText({ tabId, text: '…' });
    score(msg)
      .then(async (report) => {
        await chrome.storage.session.set({ [`report:${tabId}`]: { url: msg.url, report } });
        await chrome.action.setBadgeText({ tabId, text: String(report.score) });
        await chrome.action.setBadgeBackgroundColor({ tabId, color: BAND_COLOURS[report.band] ?? '#5f6368' });
        await chrome.action.setTitle({ tabId, title: `newsaudit: ${report.score} (${report.band})` });
        sendResponse({ ok: true, report });
      })
      .catch(async (e) => {
        await chrome.storage.session.set({ [`report:${tabId}`]: { url: msg.url, error: String(e.message ?? e) } });
        await chrome.action.setBadgeText({ tabId, text: '!' });
        await chrome.action.setBadgeBackgroundColor({ tabId, color: '#5f6368' });
        sendResponse({ ok: false, error: String(e.message ?? e) });
      });
    return true; // answer asynchronously
  }
  if (msg.type === 'get-report') {
    chrome.storage.session.get(`report:${msg.tabId}`).then((v) => sendResponse(v[`report:${msg.tabId}`] ?? null));
    return true;
  }
  return false;
});

chrome.tabs.onRemoved.addListener((tabId) => chrome.storage.session.remove(`report:${tabId}`));
