// The options page: where pages are sent (the API base URL), what is sent
// (from page.js's own lists), when (the allowed sites, private windows), and
// the size and beginning of the last payload.
const ext = globalThis.browser ?? chrome;
const DEFAULTS = { apiBase: 'http://127.0.0.1:8787', allowedSites: [], allowIncognito: false };
const el = (id) => document.getElementById(id);
const originFor = (host) => `*://${host}/*`;

el('keep-attrs').textContent = newsauditPage.KEEP_ATTRS.join(', ');
el('keep-meta').textContent = newsauditPage.KEEP_META.join(', ');
el('min-words').textContent = String(newsauditPage.ARTICLE_MIN_WORDS);

/** A host name from what the user typed (a host or a URL); null if it is not one. */
function hostFrom(input) {
  const s = input.trim();
  if (!s) return null;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`);
    // Browsers' URL parsers differ on odd hosts (Chromium percent-escapes spaces): keep plain host names and IP addresses only.
    return /^https?:$/.test(u.protocol) && /^([a-z0-9_-]+\.)*[a-z0-9_-]+$|^\[[0-9a-f:.]+\]$/i.test(u.hostname) ? u.hostname : null;
  } catch {
    return null;
  }
}

async function render() {
  const s = await ext.storage.sync.get(DEFAULTS);
  const base = String(s.apiBase).replace(/\/+$/, '');
  if (document.activeElement !== el('api')) el('api').value = s.apiBase;
  el('endpoint').textContent = `${base}/v1/score`;
  el('incognito').checked = Boolean(s.allowIncognito);
  const list = el('sites');
  list.replaceChildren();
  for (const host of s.allowedSites) {
    const li = document.createElement('li');
    li.dataset.host = host;
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Remove' });
    remove.setAttribute('aria-label', `Remove ${host}`);
    remove.addEventListener('click', async () => {
      const now = (await ext.storage.sync.get(DEFAULTS)).allowedSites.filter((h) => h !== host);
      await ext.storage.sync.set({ allowedSites: now });
      await ext.permissions.remove({ origins: [originFor(host)] }).catch(() => {});
    });
    li.append(Object.assign(document.createElement('code'), { textContent: host }), remove);
    list.append(li);
  }
  if (!s.allowedSites.length) list.append(Object.assign(document.createElement('li'), { className: 'muted', textContent: 'No site allowed: nothing is scored automatically.' }));
  const { lastPayload: last } = await ext.storage.local.get('lastPayload');
  el('last-none').hidden = Boolean(last);
  el('last-box').hidden = !last;
  if (last) {
    el('last-bytes').textContent = `${last.bytes.toLocaleString('en')} bytes (HTML ${last.htmlBytes.toLocaleString('en')} bytes)`;
    el('last-endpoint').textContent = last.endpoint;
    el('last-at').textContent = last.at;
    el('last-url').textContent = last.url;
    el('last-head').textContent = last.head;
  }
}

el('save').addEventListener('click', async () => {
  await ext.storage.sync.set({ apiBase: el('api').value.trim() || DEFAULTS.apiBase });
  el('saved').textContent = 'Saved';
});

el('add-site').addEventListener('click', () => {
  const host = hostFrom(el('new-site').value);
  if (!host) {
    el('site-status').textContent = 'Not a web address.';
    return;
  }
  // Asked for first, while the click still counts as the user's gesture.
  ext.permissions.request({ origins: [originFor(host)] }).then(async (ok) => {
    if (!ok) {
      el('site-status').textContent = `Not allowed: the browser did not grant access to ${host}.`;
      return;
    }
    const { allowedSites } = await ext.storage.sync.get(DEFAULTS);
    await ext.storage.sync.set({ allowedSites: [...new Set([...allowedSites, host])] });
    el('new-site').value = '';
    el('site-status').textContent = `Allowed: ${host}`;
  }, (e) => { el('site-status').textContent = String(e.message ?? e); });
});

el('incognito').addEventListener('change', () => ext.storage.sync.set({ allowIncognito: el('incognito').checked }));

ext.storage.onChanged.addListener(() => render());
render();
