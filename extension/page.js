// newsaudit page reading: whether a page declares an article, whether it has
// a password field, which element holds the article, and the cleaned copy of
// that element that is the only HTML the extension ever sends. Injected into
// a tab (with content.js) only when the user clicks the extension's button or
// on a site the user has allowed; pure DOM code, also loaded by
// test/node/extension-page.test.ts under linkedom.
(() => {
  /** schema.org types that declare an article: Article, NewsArticle and NewsArticle's subtypes. */
  const ARTICLE_TYPES = new Set(['article', 'newsarticle', 'analysisnewsarticle', 'askpublicnewsarticle', 'backgroundnewsarticle', 'opinionnewsarticle', 'reportagenewsarticle', 'reviewnewsarticle']);
  /** An <article> with at least this many words declares an article even without og:type or JSON-LD. */
  const ARTICLE_MIN_WORDS = 80;
  /** The element sent must hold at least this many characters of text. */
  const MAIN_MIN_CHARS = 100;
  /** Elements removed from the copy: code, styles, forms and anything a user can type into, embedded documents, media. */
  const REMOVE = 'script, style, noscript, template, link, meta, form, input, textarea, select, option, optgroup, datalist, button, output, iframe, frame, frameset, object, embed, applet, portal, canvas, svg, math, img, picture, source, video, audio, track, map, area, dialog, [hidden], [contenteditable]:not([contenteditable="false"]), [type="hidden"]';
  /** The only attributes kept: those the API's extraction reads (block cues, language, dates). */
  const KEEP_ATTRS = ['class', 'id', 'role', 'itemprop', 'lang', 'dir', 'datetime', 'aria-hidden'];
  /** <meta> tags copied into the payload's <head> (public page metadata the credibility signal reads). */
  const KEEP_META = ['og:type', 'og:site_name', 'og:title', 'article:published_time', 'author'];
  const SKIP_TEXT = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TEXTAREA|SELECT|OPTION)$/i;

  /** Visible-ish text of an element: its text nodes outside scripts, styles and form controls, spaces collapsed. */
  function textOf(el) {
    let out = '';
    const walk = (n) => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) out += c.nodeValue + ' ';
        else if (c.nodeType === 1 && !SKIP_TEXT.test(c.tagName)) walk(c);
      }
    };
    walk(el);
    return out.replace(/\s+/g, ' ').trim();
  }

  const words = (s) => (s ? s.split(' ').length : 0);

  /** The @type values of a JSON-LD value, walking arrays, @graph and mainEntity (bounded). */
  function jsonLdTypes(value, out = [], depth = 0) {
    if (depth > 6 || out.length > 200 || value === null || typeof value !== 'object') return out;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 100)) jsonLdTypes(v, out, depth + 1);
      return out;
    }
    const t = value['@type'];
    for (const one of Array.isArray(t) ? t : [t]) if (typeof one === 'string') out.push(one.replace(/^.*[/:#]/, '').toLowerCase());
    for (const key of ['@graph', 'mainEntity']) if (value[key]) jsonLdTypes(value[key], out, depth + 1);
    return out;
  }

  /**
   * Why the page counts as an article, or null: og:type article, a JSON-LD
   * Article or NewsArticle (also inside @graph or an array), or an <article>
   * with at least ARTICLE_MIN_WORDS words.
   */
  function declaresArticle(doc) {
    for (const m of doc.querySelectorAll('meta[property], meta[name]')) {
      const key = (m.getAttribute('property') || m.getAttribute('name') || '').trim().toLowerCase();
      if (key === 'og:type' && /^article\b/.test((m.getAttribute('content') || '').trim().toLowerCase())) return 'og:type';
    }
    for (const s of doc.querySelectorAll('script')) {
      if ((s.getAttribute('type') || '').trim().toLowerCase() !== 'application/ld+json') continue;
      let data;
      try {
        data = JSON.parse(s.textContent || '');
      } catch {
        continue;
      }
      if (jsonLdTypes(data).some((t) => ARTICLE_TYPES.has(t))) return 'json-ld';
    }
    for (const a of doc.querySelectorAll('article')) if (words(textOf(a)) >= ARTICLE_MIN_WORDS) return 'article-element';
    return null;
  }

  /** Whether the page has a password field (type=password, or autocomplete current-/new-password), open shadow roots included. */
  function hasPasswordField(doc) {
    const roots = [doc];
    for (let i = 0; i < roots.length && i < 500; i++) {
      const root = roots[i];
      for (const input of root.querySelectorAll('input')) {
        const type = (input.getAttribute('type') || '').trim().toLowerCase();
        const auto = (input.getAttribute('autocomplete') || '').toLowerCase();
        if (type === 'password' || /\b(current|new)-password\b/.test(auto)) return true;
      }
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return false;
  }

  /**
   * The element that holds the article: the <article> (or itemprop=articleBody)
   * with the most text, else <main> / role=main, else the element whose own
   * paragraphs hold the most text. Null when none has MAIN_MIN_CHARS characters:
   * the page as a whole is never sent.
   */
  function findMain(doc) {
    const best = (els) => {
      let pick = null;
      let len = 0;
      for (const el of els) {
        const n = textOf(el).length;
        if (n > len) [pick, len] = [el, n];
      }
      return len >= MAIN_MIN_CHARS ? pick : null;
    };
    const article = best(doc.querySelectorAll('article, [itemprop~="articleBody"]'));
    if (article) return article;
    const main = best(doc.querySelectorAll('main, [role="main"]'));
    if (main) return main;
    const score = new Map();
    for (const p of doc.querySelectorAll('p, pre, blockquote')) {
      const n = textOf(p).length;
      if (n < 25 || !p.parentElement || p.parentElement === doc.documentElement) continue;
      score.set(p.parentElement, (score.get(p.parentElement) ?? 0) + n);
    }
    let pick = null;
    let top = 0;
    for (const [el, n] of score) if (n > top && el.tagName !== 'BODY') [pick, top] = [el, n];
    return top >= MAIN_MIN_CHARS ? pick : null;
  }

  /** A copy of `el` with REMOVE elements, comments and every attribute but KEEP_ATTRS taken out; display:none elements are dropped. */
  function cleanCopy(el) {
    const copy = el.cloneNode(true);
    for (const bad of [...copy.querySelectorAll(REMOVE)]) bad.remove();
    const all = [copy, ...copy.querySelectorAll('*')];
    for (const e of all) {
      const style = (e.getAttribute('style') || '').replace(/\s+/g, '').toLowerCase();
      if (e !== copy && /(^|;)(display:none|visibility:hidden)/.test(style)) {
        e.remove();
        continue;
      }
      for (const name of e.getAttributeNames()) if (!KEEP_ATTRS.includes(name.toLowerCase())) e.removeAttribute(name);
    }
    const comments = [];
    const walk = (n) => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 8) comments.push(c);
        else if (c.nodeType === 1) walk(c);
      }
    };
    walk(copy);
    for (const c of comments) c.remove();
    return copy;
  }

  const escapeText = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const escapeAttr = (s) => escapeText(s).replace(/"/g, '&quot;');

  /** The page's URL without its query string and fragment (they can carry session tokens). */
  function bareUrl(href) {
    try {
      const u = new URL(href);
      return `${u.origin}${u.pathname}`;
    } catch {
      return '';
    }
  }

  /**
   * What is sent for the article element `main` of `doc`: a small HTML document
   * (the page's <html lang>, <title>, the KEEP_META tags and the cleaned copy
   * of `main` as its body), the page's title and its URL without query or fragment.
   */
  function buildPayload(doc, main, href) {
    const lang = doc.documentElement.getAttribute('lang');
    const title = (doc.title || '').trim().slice(0, 500);
    let head = `<meta charset="utf-8"><title>${escapeText(title)}</title>`;
    for (const m of doc.querySelectorAll('meta[property], meta[name]')) {
      const key = (m.getAttribute('property') || m.getAttribute('name') || '').trim().toLowerCase();
      if (!KEEP_META.includes(key)) continue;
      const attr = m.hasAttribute('property') ? 'property' : 'name';
      head += `<meta ${attr}="${escapeAttr(key)}" content="${escapeAttr((m.getAttribute('content') || '').slice(0, 300))}">`;
    }
    const body = cleanCopy(main).outerHTML;
    const html = `<!doctype html><html${lang ? ` lang="${escapeAttr(lang.slice(0, 35))}"` : ''}><head>${head}</head><body>${body}</body></html>`;
    return { html, url: bareUrl(href), title };
  }

  globalThis.newsauditPage = { declaresArticle, hasPasswordField, findMain, cleanCopy, buildPayload, bareUrl, textOf, KEEP_ATTRS, KEEP_META, ARTICLE_MIN_WORDS, MAIN_MIN_CHARS };
})();
