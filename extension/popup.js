// The popup: the active tab's report (score, band, a line per signal, sources).
const el = (id) => document.getElementById(id);
const text = (s) => document.createTextNode(String(s));

chrome.tabs.query({ active: true, currentWindow: true }, ([tab]) => {
  chrome.runtime.sendMessage({ type: 'get-report', tabId: tab.id }, (entry) => {
    if (!entry) { el('score').textContent = '–'; el('band').textContent = 'not scored yet'; return; }
    if (entry.error) { el('score').textContent = '!'; el('band').textContent = entry.error; return; }
    const r = entry.report;
    el('score').textContent = r.score;
    el('band').textContent = r.band;
    for (const [name, s] of Object.entries(r.signals)) {
      const div = document.createElement('div');
      div.className = `sig${s.flagged ? ' flagged' : ''}`;
      const b = document.createElement('b');
      b.textContent = `${name} ${s.risk.toFixed(2)}${s.flagged ? ' · flagged' : ''}`;
      div.append(b, document.createElement('br'), text(s.summary));
      el('signals').append(div);
    }
    for (const s of r.sources) {
      const li = document.createElement('li');
      li.append(text(`${s.role}: ${s.name ?? s.domain ?? '?'}${s.rating !== undefined ? ` (${s.rating.toFixed(2)})` : ''}`));
      el('sources').append(li);
    }
    if (!r.sources.length) el('sources').append(Object.assign(document.createElement('li'), { textContent: 'none found', className: 'muted' }));
  });
});
