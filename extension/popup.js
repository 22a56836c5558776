// The popup: the active tab's report (score, band, a line per signal, sources),
// with the spin findings listed under the spin signal as "phrase → likely
// original". popup.html?tab=ID shows tab ID's report instead of the active
// tab's (used by the browser test, which opens the popup as a page).

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

if (typeof chrome !== 'undefined' && chrome.runtime?.sendMessage) {
  const el = (id) => document.getElementById(id);
  const text = (s) => document.createTextNode(String(s));
  const span = (className, s) => Object.assign(document.createElement('span'), { className, textContent: s });

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

  const show = (tabId) => chrome.runtime.sendMessage({ type: 'get-report', tabId }, (entry) => {
    if (!entry) { el('score').textContent = '–'; el('band').textContent = 'not scored yet'; return; }
    if (entry.error) { el('score').textContent = '!'; el('band').textContent = entry.error; return; }
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
    for (const s of r.sources) {
      const li = document.createElement('li');
      li.append(text(`${s.role}: ${s.name ?? s.domain ?? '?'}${s.rating !== undefined ? ` (${s.rating.toFixed(2)})` : ''}`));
      el('sources').append(li);
    }
    if (!r.sources.length) el('sources').append(Object.assign(document.createElement('li'), { textContent: 'none found', className: 'muted' }));
  });

  const pinned = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(pinned) && pinned > 0) show(pinned);
  else chrome.tabs.query({ active: true, currentWindow: true }, ([tab]) => show(tab.id));
}
