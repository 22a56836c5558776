/**
 * GET / — a page to try newsaudit: paste text or HTML (and optionally the
 * article's URL), see the score, a card per signal, the sources, and the text
 * with findings highlighted (hover for rule, message and likely original).
 * A "Show likely originals" checkbox swaps the text view for one where each
 * spin finding with an `expected` is replaced by its likely original (the
 * spun wording struck through beside it).
 * Self-contained: no external CDN, one inline script and style.
 */

/**
 * Browser-side source of `originalsView(text, findings)`, pure: the text cut
 * into segments, `{text}` for unchanged text and `{text: expected, spun,
 * finding}` where a spin finding with an `expected` is replaced. Built from
 * the findings' UTF-16 offsets (never by searching for the phrase): spin
 * findings sorted by start (the longer first on a tie), one that overlaps an
 * earlier kept one is skipped, offsets outside the text are ignored. Joining
 * the segments' `text` gives the text with the likely originals put back.
 * Inlined into the page below; test/node/originals.test.ts evaluates it.
 */
export const ORIGINALS_VIEW_JS = String.raw`function originalsView(text, findings) {
  const picked = findings
    .filter((f) => f.signal === 'spin' && typeof f.expected === 'string' && f.expected !== ''
      && Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.start < f.end && f.end <= text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const segments = [];
  let at = 0;
  for (const f of picked) {
    if (f.start < at) continue;
    if (f.start > at) segments.push({ text: text.slice(at, f.start) });
    segments.push({ text: f.expected, spun: text.slice(f.start, f.end), finding: f });
    at = f.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}`;

export const HOME_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsaudit — score an article</title>
<style>
  :root { --fg: #1d1f23; --muted: #5b6270; --line: #d9dce3; --bg: #f7f8fa; --spin: #ffd27a; --boilerplate: #c9d6e8; --propaganda: #ffb3b3; --credibility: #c8e6c9; --language: #e1c8f0; --translation: #b9e4f0; }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
  header, main { max-width: 1100px; margin: 0 auto; padding: 16px; }
  h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 17px; margin: 20px 0 8px; }
  textarea { width: 100%; min-height: 180px; font: 14px/1.4 ui-monospace, monospace; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
  input[type=url] { width: 100%; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
  .row { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
  button { padding: 8px 16px; border: 0; border-radius: 6px; background: #2457d6; color: #fff; font-weight: 600; cursor: pointer; }
  button:disabled { opacity: .6; }
  #score { font-size: 40px; font-weight: 700; } #band { font-size: 18px; color: var(--muted); }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 10px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
  .card.flagged { border-color: #d33; box-shadow: 0 0 0 1px #d33 inset; }
  .card h3 { margin: 0 0 4px; font-size: 15px; text-transform: capitalize; }
  .risk { font-weight: 700; } .muted { color: var(--muted); font-size: 13px; }
  #text { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px; white-space: pre-wrap; }
  mark { background: none; border-bottom: 3px solid; cursor: help; }
  mark.spin { background: var(--spin); } mark.boilerplate { background: var(--boilerplate); } mark.propaganda { background: var(--propaganda); }
  mark.credibility { background: var(--credibility); } mark.language { background: var(--language); } mark.translation { background: var(--translation); }
  ul.sources { padding-left: 18px; } .error { color: #b00020; font-weight: 600; }
  .legend span { padding: 0 6px; border-radius: 4px; margin-right: 6px; font-size: 13px; }
  .toggle { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; font-weight: 600; }
  .toggle input { width: 16px; height: 16px; margin: 0; }
  .swap del { color: var(--muted); text-decoration-thickness: 2px; margin-right: .3em; }
  .swap ins { text-decoration: none; background: #d7f5dd; border-bottom: 3px solid #1e8e3e; cursor: help; }
  .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
</head>
<body>
<header>
  <h1>newsaudit</h1>
  <div class="muted">Paste an article (plain text or the page's HTML) to see its score, what was found, and where. <a href="/docs">API documentation</a></div>
</header>
<main>
  <form id="form">
    <textarea id="input" name="input" placeholder="Paste the article text or HTML here"></textarea>
    <div class="row"><input type="url" id="url" name="url" placeholder="Article URL (optional: the publisher's rating)"></div>
    <div class="row"><button id="go" type="submit">Score</button><span id="status" class="muted"></span></div>
  </form>
  <section id="result" hidden>
    <div class="row"><span id="score"></span><span id="band"></span><span id="lang" class="muted"></span></div>
    <div class="cards" id="cards"></div>
    <h2>Sources</h2>
    <ul class="sources" id="sources"></ul>
    <h2>Text</h2>
    <div class="legend muted"><span class="m spin" style="background:var(--spin)">spin</span><span style="background:var(--boilerplate)">boilerplate</span><span style="background:var(--propaganda)">propaganda</span><span style="background:var(--credibility)">credibility</span><span style="background:var(--language)">language</span><span style="background:var(--translation)">translation</span></div>
    <div class="row"><label class="toggle" for="originals"><input type="checkbox" id="originals" aria-controls="text"> Show likely originals</label><span id="originals-note" class="muted" aria-live="polite"></span></div>
    <div id="text" data-view="highlights"></div>
  </section>
</main>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** The text cut at every finding boundary; each piece lists the findings covering it. */
function highlighted(text, findings) {
  const cuts = new Set([0, text.length]);
  for (const f of findings) { cuts.add(f.start); cuts.add(f.end); }
  const points = [...cuts].sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = esc(text.slice(a, b));
    const over = findings.filter((f) => f.start <= a && f.end >= b);
    if (!over.length) { html += piece; continue; }
    const f = over[over.length - 1];
    const title = over.map((x) => x.rule + ': ' + x.message + (x.expected ? ' (likely original: ' + x.expected + ')' : '') + (x.technique ? ' [' + x.technique + ']' : '')).join('\\n');
    html += '<mark class="' + esc(f.signal) + '" data-rule="' + esc(f.rule) + '" title="' + esc(title) + '">' + piece + '</mark>';
  }
  return html;
}

${ORIGINALS_VIEW_JS}

/** The text with each spin phrase replaced by its likely original, the spun wording struck through before it. */
function originalsHtml(text, findings) {
  return originalsView(text, findings).map((s) => {
    if (s.spun === undefined) return esc(s.text);
    const f = s.finding;
    return '<span class="swap" data-rule="' + esc(f.rule) + '"><span class="vh">spun wording: </span><del>' + esc(s.spun) + '</del><span class="vh">, likely original: </span>'
      + '<ins title="' + esc('likely original of \u201c' + s.spun + '\u201d (' + f.rule + ': ' + f.message + ')') + '">' + esc(s.text) + '</ins></span>';
  }).join('');
}

let report = null;

/** The text view: highlights, or the likely originals when the checkbox is on. */
function renderText() {
  if (!report) return;
  const originals = $('originals').checked;
  const text = report.content.text, findings = report.findings;
  $('text').dataset.view = originals ? 'originals' : 'highlights';
  if (!originals) { $('text').innerHTML = highlighted(text, findings); $('originals-note').textContent = ''; return; }
  $('text').innerHTML = originalsHtml(text, findings);
  const n = $('text').querySelectorAll('.swap').length;
  $('originals-note').textContent = n ? n + ' spun phrase' + (n === 1 ? '' : 's') + ' replaced by the likely original' : 'No spun phrases with a likely original in this text';
}

$('originals').addEventListener('change', renderText);

function render(r) {
  $('score').textContent = r.score;
  $('band').textContent = r.band;
  $('lang').textContent = 'language: ' + r.language.code + ' · ' + r.stats.words + ' words · rules ' + r.ruleset.version;
  $('cards').innerHTML = Object.entries(r.signals).map(([name, s]) =>
    '<div class="card' + (s.flagged ? ' flagged' : '') + '" data-signal="' + esc(name) + '"><h3>' + esc(name) + '</h3><div class="risk">risk ' + s.risk.toFixed(2) + (s.flagged ? ' · flagged' : '') + '</div><div class="muted">' + esc(s.summary) + '</div></div>').join('');
  $('sources').innerHTML = r.sources.length ? r.sources.map((s) => '<li>' + esc(s.role) + ': ' + esc(s.name || s.domain || '?') + (s.domain && s.name ? ' (' + esc(s.domain) + ')' : '') + (s.rating !== undefined ? ' · rating ' + s.rating.toFixed(2) : '') + (s.label ? ' · ' + esc(s.label) : '') + '</li>').join('') : '<li class="muted">none found</li>';
  report = r;
  renderText();
  $('result').hidden = false;
}

$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('input').value;
  const url = $('url').value.trim();
  if (!input.trim()) { $('status').innerHTML = '<span class="error">Paste some text or HTML first.</span>'; return; }
  const body = /^\\s*</.test(input) ? { html: input } : { text: input };
  if (url) body.url = url;
  $('go').disabled = true; $('status').textContent = 'Scoring…';
  try {
    const res = await fetch('/v1/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = await res.json();
    if (!res.ok) { $('status').innerHTML = '<span class="error">' + esc(data.error ? data.error.message : res.statusText) + '</span>'; return; }
    $('status').textContent = 'Done in ' + (res.headers.get('server-timing') || '').replace(/.*total;dur=([0-9.]+).*/, '$1') + ' ms';
    render(data);
  } catch (err) {
    $('status').innerHTML = '<span class="error">' + esc(err.message) + '</span>';
  } finally {
    $('go').disabled = false;
  }
});
</script>
</body>
</html>
`;
