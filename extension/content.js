// newsaudit content script: sends the page's HTML to the service worker and
// highlights the findings it gets back. The report's offsets point into its
// content.text (the page's text, one block per line); a finding is found in
// the page by its text and by how many times that text occurred before it in
// content.text, so repeated phrases land on the right occurrence.
(() => {
  if (window.top !== window || document.documentElement.dataset.newsaudit) return;
  document.documentElement.dataset.newsaudit = 'pending';

  /** Text nodes of the page in document order, skipping scripts, styles and our own marks. */
  function textNodes() {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
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

  function highlight(report) {
    const text = report.content.text;
    let placed = 0;
    // Page furniture (boilerplate page blocks) is not highlighted: it is the page's own, not the article's.
    const findings = report.findings.filter((f) => f.rule !== 'boilerplate.page-block' && f.text.length >= 2 && f.text.length <= 300 && !f.text.includes('\n'));
    for (const f of findings) {
      let k = 0;
      for (let i = text.indexOf(f.text); i >= 0 && i < f.start; i = text.indexOf(f.text, i + 1)) k++;
      if (wrap(f.text, k, f) || wrap(f.text, 0, f)) placed++;
    }
    document.documentElement.dataset.newsaudit = `scored:${report.score}:${placed}`;
  }

  chrome.runtime.sendMessage({ type: 'page', url: location.href, title: document.title, html: document.documentElement.outerHTML }, (res) => {
    if (chrome.runtime.lastError || !res) {
      document.documentElement.dataset.newsaudit = 'error';
      return;
    }
    if (res.ok) highlight(res.report);
    else document.documentElement.dataset.newsaudit = `error:${res.error}`;
  });
})();
