// The popup: the "Score this page" button (nothing is sent before it is
// pressed, unless the site is allowed), the switch that allows or stops
// automatic scoring on this tab's site (asking the browser for that one
// site's permission), why a page was not sent, and the active tab's report
// (score, band, a line per signal, sources) with the spin findings listed
// under the spin signal as "phrase → likely original". popup.html?tab=ID
// works on tab ID instead of the active tab (used by the browser test, which
// opens the popup as a page).

/**
 * The spin findings as distinct (phrase, likely original) pairs, in order of
 * first appearance in the text, each with how many times it was found.
 * Pure; test/node/originals.test.ts checks it.
 */
function spinPairs(findings) {
  const pairs = new Map();
  const spin = findings.filter((f) => f.signal === 'spin').sort((a, b) => a.start - b.start);
  for (const f of spin) {
    const expected = f.expected ?? null;
    const key = JSON.stringify([f.text, expected]);
    const seen = pairs.get(key);
    if (seen) seen.count++;
    else pairs.set(key, { phrase: f.text, expected, count: 1 });
  }
  return [...pairs.values()];
}

const ext = globalThis.browser ?? globalThis.chrome;
if (ext?.runtime?.sendMessage) {
  const el = (id) => document.getElementById(id);
  const text = (s) => document.createTextNode(String(s));
  const span = (className, s) => Object.assign(document.createElement('span'), { className, textContent: s });
  const DEFAULTS = { apiBase: 'http://127.0.0.1:8787', allowedSites: [], allowIncognito: false };
  const originFor = (host) => `*://${host}/*`;

  /** The list of spun phrases for the spin signal's box, or a line saying there are none. */
  const spinList = (findings) => {
    const pairs = spinPairs(findings);
    if (!pairs.length) return Object.assign(document.createElement('div'), { className: 'pairs-empty muted', textContent: 'No spun phrases found.' });
    const ul = document.createElement('ul');
    ul.className = 'pairs';
    ul.setAttribute('aria-label', 'Spun phrases and their likely originals');
    for (const p of pairs) {
      const li = document.createElement('li');
      li.append(span('phrase', p.phrase), span('arrow', ' → '), span('orig', p.expected ?? '?'));
      if (p.count > 1) {
        const n = span('count', ` ×${p.count}`);
        n.title = `found ${p.count} times`;
        li.append(n);
      }
      ul.append(li);
    }
    return ul;
  };

  /** Shows the tab's entry: a report, an error, or why the page was not sent. */
  const render = (entry) => {
    el('signals').replaceChildren();
    el('sources').replaceChildren();
    el('sources-box').hidden = true;
    el('message').textContent = '';
    if (!entry) { el('score').textContent = '–'; el('band').textContent = 'not scored'; return; }
    if (entry.refused) { el('score').textContent = '–'; el('band').textContent = 'not sent'; el('message').textContent = entry.refused.message; return; }
    if (entry.error) { el('score').textContent = '!'; el('band').textContent = 'error'; el('message').textContent = entry.error; return; }
    const r = entry.report;
    el('score').textContent = r.score;
    el('band').textContent = r.band;
    for (const [name, s] of Object.entries(r.signals)) {
      const div = document.createElement('div');
      div.className = `sig${s.flagged ? ' flagged' : ''}`;
      div.dataset.signal = name;
      const b = document.createElement('b');
      b.textContent = `${name} ${s.risk.toFixed(2)}${s.flagged ? ' · flagged' : ''}`;
      div.append(b, document.createElement('br'), text(s.summary));
      if (name === 'spin') div.append(spinList(r.findings ?? []));
      if (name === 'translation' && s.details?.likelySource) div.append(Object.assign(document.createElement('div'), { className: 'muted', textContent: `Likely translated from: ${s.details.likelySource} (ISO 639-3)` }));
      el('signals').append(div);
    }
    el('sources-box').hidden = false;
    for (const s of r.sources) {
      const li = document.createElement('li');
      li.append(text(`${s.role}: ${s.name ?? s.domain ?? '?'}${s.rating !== undefined ? ` (${s.rating.toFixed(2)})` : ''}`));
      el('sources').append(li);
    }
    if (!r.sources.length) el('sources').append(Object.assign(document.createElement('li'), { textContent: 'none found', className: 'muted' }));
  };

  const refresh = async (tabId) => render(await ext.runtime.sendMessage({ type: 'get-report', tabId }));

  /** The allow switch for the tab's site: on when the site is on the list and its permission is held. */
  const siteSwitch = async (tab, settings) => {
    let host = null;
    try {
      const u = new URL(tab.url ?? '');
      if (/^https?:$/.test(u.protocol)) host = u.hostname;
    } catch {
      // no URL: not a web page, or no access to it
    }
    if (!host) return;
    el('site-row').hidden = false;
    el('site-host').textContent = host;
    const box = el('auto-site');
    const granted = await ext.permissions.contains({ origins: [originFor(host)] });
    box.checked = settings.allowedSites.includes(host) && granted;
    const note = () => {
      el('site-note').textContent = box.checked
        ? `Pages on ${host} that declare an article are sent when they load.${tab.incognito && !settings.allowIncognito ? ' Not in private windows (see Settings).' : ''}`
        : `Nothing on ${host} is sent unless you press the button.`;
    };
    note();
    // 'click', not 'change': Firefox grants permissions.request only inside a user-input handler.
    box.addEventListener('click', () => {
      const origins = [originFor(host)];
      if (box.checked) {
        // Ask for this one site's permission first, while the click still counts as the user's gesture.
        const asked = ext.permissions.request({ origins });
        const list = [...new Set([...settings.allowedSites, host])];
        settings.allowedSites = list;
        ext.storage.sync.set({ allowedSites: list });
        asked.then((ok) => ok, () => false).then(async (ok) => {
          if (!ok) {
            box.checked = false;
            settings.allowedSites = settings.allowedSites.filter((h) => h !== host);
            await ext.storage.sync.set({ allowedSites: settings.allowedSites });
            el('site-note').textContent = `Not allowed: the browser did not grant access to ${host}.`;
            return;
          }
          note();
        });
      } else {
        settings.allowedSites = settings.allowedSites.filter((h) => h !== host);
        ext.storage.sync.set({ allowedSites: settings.allowedSites });
        ext.permissions.remove({ origins }).catch(() => {});
        note();
      }
    });
  };

  (async () => {
    const pinned = Number(new URLSearchParams(location.search).get('tab'));
    const tabId = Number.isInteger(pinned) && pinned > 0 ? pinned : (await ext.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    const settings = await ext.storage.sync.get(DEFAULTS);
    el('endpoint').textContent = `${String(settings.apiBase).replace(/\/+$/, '')}/v1/score`;
    if (tabId === undefined) return;
    const tab = await ext.tabs.get(tabId);
    el('score-page').addEventListener('click', async () => {
      el('score-page').disabled = true;
      el('score').textContent = '…';
      el('band').textContent = 'scoring';
      const result = await ext.runtime.sendMessage({ type: 'score-tab', tabId });
      await refresh(tabId);
      if (result?.state === 'refused' && !el('message').textContent) el('message').textContent = result.message;
      el('score-page').disabled = false;
    });
    await siteSwitch(tab, settings);
    await refresh(tabId);
  })();
}
