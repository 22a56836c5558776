// newsaudit content script. It is not declared in the manifest: the service
// worker injects it (after page.js) into one tab when the user clicks the
// extension's button, or when a page loads on a site the user has allowed.
// collect() decides whether the page may be sent and builds the payload (the
// article element only, see page.js); highlight() marks the findings the API
// returned inside that same element. The report's offsets point into its
// content.text (the article's text, one block per line); a finding is found
// in the element by its text and by how many times that text occurred before
// it in content.text, so repeated phrases land on the right occurrence.
// Progress is kept in <html data-newsaudit> (pending, scored:SCORE:MARKS,
// refused:REASON, error).
(() => {
  if (globalThis.newsaudit) return; // injected again into the same page
  const page = globalThis.newsauditPage;
  const root = document.documentElement;
  /** The element that was sent; findings are highlighted inside it. */
  let sent = null;

  /**
   * mode 'click' (the user asked) or 'auto' (an allowed site). Returns
   * { ok: true, payload } or { ok: false, reason }: reason 'incognito' and
   * 'not-article' apply to automatic scoring only; 'password' and 'no-article'
   * to both, so a page with a password field is never sent.
   */
  function collect(mode, { allowIncognito = false } = {}) {
    if (window.top !== window) return { ok: false, reason: 'frame' };
    if (root.dataset.newsaudit === 'pending') return { ok: false, reason: 'busy' };
    if (mode === 'auto') {
      if (root.dataset.newsaudit?.startsWith('scored:')) return { ok: false, reason: 'already' };
      const ext = (globalThis.browser ?? globalThis.chrome)?.extension;
      if (ext?.inIncognitoContext && !allowIncognito) return { ok: false, reason: 'incognito' };
      if (!page.declaresArticle(document)) return { ok: false, reason: 'not-article' };
    }
    if (page.hasPasswordField(document)) {
      root.dataset.newsaudit = 'refused:password';
      return { ok: false, reason: 'password' };
    }
    const main = page.findMain(document);
    if (!main) {
      root.dataset.newsaudit = 'refused:no-article';
      return { ok: false, reason: 'no-article' };
    }
    unmark();
    sent = main;
    root.dataset.newsaudit = 'pending';
    return { ok: true, payload: page.buildPayload(document, main, location.href) };
  }

  /** Removes the marks of an earlier scoring (the user asked again). */
  function unmark() {
    for (const m of document.querySelectorAll('mark.newsaudit-finding')) m.replaceWith(...m.childNodes);
    document.body?.normalize();
  }

  /** Text nodes of the sent element in document order, skipping scripts, styles and our own marks. */
  function textNodes() {
    const out = [];
    if (!sent?.isConnected) return out;
    const walker = document.createTreeWalker(sent, NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        const p = n.parentElement;
        if (!p || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TEXTAREA)$/.test(p.tagName) || p.closest('mark.newsaudit-finding')) return NodeFilter.FILTER_REJECT;
        return n.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
    return out;
  }

  /** Wrap the k-th occurrence of `needle` inside a single text node; returns whether it was found. */
  function wrap(needle, k, finding) {
    let seen = 0;
    for (const node of textNodes()) {
      let from = 0;
      for (;;) {
        const i = node.nodeValue.indexOf(needle, from);
        if (i < 0) break;
        if (seen === k) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + needle.length);
          const mark = document.createElement('mark');
          mark.className = `newsaudit-finding newsaudit-${finding.signal}`;
          mark.dataset.rule = finding.rule;
          mark.title = `${finding.rule}: ${finding.message}${finding.expected ? ` (likely original: ${finding.expected})` : ''}${finding.technique ? ` [${finding.technique}]` : ''}`;
          range.surroundContents(mark);
          return true;
        }
        seen++;
        from = i + needle.length;
      }
    }
    return false;
  }

  /** Marks the report's findings in the sent element; returns how many were placed. */
  function highlight(report) {
    const text = report.content?.text ?? '';
    let placed = 0;
    // Page furniture (boilerplate page blocks) is not highlighted: it is the page's own, not the article's.
    const findings = (report.findings ?? []).filter((f) => f.rule !== 'boilerplate.page-block' && f.text.length >= 2 && f.text.length <= 300 && !f.text.includes('\n'));
    for (const f of findings) {
      let k = 0;
      for (let i = text.indexOf(f.text); i >= 0 && i < f.start; i = text.indexOf(f.text, i + 1)) k++;
      if (wrap(f.text, k, f) || wrap(f.text, 0, f)) placed++;
    }
    root.dataset.newsaudit = `scored:${report.score}:${placed}`;
    return placed;
  }

  function failed(message) {
    root.dataset.newsaudit = `error:${message}`;
  }

  globalThis.newsaudit = { collect, highlight, failed };
})();
