/** GET /docs — the API description rendered from /v1/openapi.json (no external CDN). */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsaudit API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 1000px; margin: 0 auto; padding: 16px; color: #1d1f23; }
  h2 { border-top: 1px solid #ddd; padding-top: 12px; } code, pre { font: 13px/1.4 ui-monospace, monospace; }
  pre { background: #f5f6f8; padding: 10px; border-radius: 6px; overflow: auto; max-height: 420px; }
  .method { font-weight: 700; text-transform: uppercase; margin-right: 8px; } .muted { color: #5b6270; }
</style>
</head>
<body>
<h1 id="title">newsaudit API</h1>
<p class="muted">Generated from <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1). Try it on the <a href="/">home page</a>.</p>
<div id="desc"></div>
<div id="paths"></div>
<h2>Schemas</h2>
<div id="schemas"></div>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
fetch('/v1/openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('title').textContent = doc.info.title + ' API v' + doc.info.version;
  document.getElementById('desc').innerHTML = '<p>' + esc(doc.info.description) + '</p>';
  let html = '';
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      html += '<h2><span class="method">' + esc(method) + '</span><code>' + esc(path) + '</code></h2><p>' + esc(op.summary || '') + '</p>';
      if (op.parameters) html += '<p class="muted">Parameters: ' + op.parameters.map((p) => esc(p.name + ' (' + p.in + ')')).join(', ') + '</p>';
      if (op.requestBody) html += '<p class="muted">Body: ' + Object.keys(op.requestBody.content).map(esc).join(', ') + '</p>';
      html += '<p class="muted">Responses: ' + Object.entries(op.responses).map(([c, r]) => esc(c + ' ' + r.description)).join('; ') + '</p>';
    }
  }
  document.getElementById('paths').innerHTML = html;
  document.getElementById('schemas').innerHTML = Object.entries(doc.components.schemas).map(([n, s]) => '<h3>' + esc(n) + '</h3><pre>' + esc(JSON.stringify(s, null, 2)) + '</pre>').join('');
});
</script>
</body>
</html>
`;
