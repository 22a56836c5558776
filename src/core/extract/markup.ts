/**
 * Markup primitives for the linear HTML scanner (segment.ts): element
 * classes, entity decoding, tag ends, closing-tag search and attributes.
 * No DOM and no regular expression over the whole page.
 */

export const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
  'option', 'button', 'label', 'caption', 'body', 'html',
]);
/** Elements whose content is never article text (raw text or invisible). */
export const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'canvas', 'select', 'textarea', 'head']);
export const RAW = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'plaintext', 'noscript', 'template']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '\u2013', mdash: '\u2014',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', hellip: '\u2026', copy: '\u00a9',
  reg: '\u00ae', trade: '\u2122', laquo: '\u00ab', raquo: '\u00bb', middot: '\u00b7', bull: '\u2022',
  eacute: '\u00e9', egrave: '\u00e8', aacute: '\u00e1', agrave: '\u00e0', oacute: '\u00f3', uuml: '\u00fc',
  ouml: '\u00f6', auml: '\u00e4', szlig: '\u00df', ccedil: '\u00e7', ntilde: '\u00f1', iacute: '\u00ed',
  uacute: '\u00fa', euro: '\u20ac', pound: '\u00a3', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', thinsp: '\u2009',
  ensp: '\u2002', emsp: '\u2003', times: '\u00d7', minus: '\u2212', deg: '\u00b0', para: '\u00b6', sect: '\u00a7',
};

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  // Pieces joined once at the end: a text of two million '&' builds no two-million-deep rope.
  const out: string[] = [];
  let i = 0;
  let from = 0;
  while (i < s.length) {
    const amp = s.indexOf('&', i);
    if (amp < 0) break;
    // The ';' within 12 characters, looked for there only: an indexOf over the rest of the text would
    // make a text of many '&' and no ';' quadratic.
    let semi = -1;
    for (let k = amp + 1, lim = Math.min(s.length, amp + 13); k < lim; k++) {
      if (s.charCodeAt(k) === 59) {
        semi = k;
        break;
      }
    }
    if (semi > amp) {
      const name = s.slice(amp + 1, semi);
      let rep: string | undefined;
      if (name[0] === '#') {
        const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) rep = String.fromCodePoint(cp);
        else if (Number.isFinite(cp)) rep = '\ufffd';
      } else {
        rep = NAMED[name] ?? NAMED[name.toLowerCase()];
      }
      if (rep !== undefined) {
        if (amp > from) out.push(s.slice(from, amp));
        out.push(rep);
        i = from = semi + 1;
        continue;
      }
    }
    i = amp + 1;
  }
  if (from === 0) return s;
  if (from < s.length) out.push(s.slice(from));
  return out.join('');
}

export function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95;
}

/** Position of the `>` that ends the tag opened at `from`, honouring quotes. -1 if none. */
export function tagEnd(html: string, from: number): number {
  let quote = 0;
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      // Quotes only count inside attribute values (after '=').
      let k = i - 1;
      while (k > from && (html.charCodeAt(k) === 32 || html.charCodeAt(k) === 9 || html.charCodeAt(k) === 10)) k--;
      if (html.charCodeAt(k) === 61) quote = c;
    } else if (c === 62) return i;
  }
  return -1;
}

/** Case-insensitive search for `</name`. */
export function findClose(html: string, name: string, from: number): number {
  let i = from;
  for (;;) {
    const lt = html.indexOf('</', i);
    if (lt < 0) return -1;
    if (html.substr(lt + 2, name.length).toLowerCase() === name && !isNameChar(html.charCodeAt(lt + 2 + name.length))) return lt;
    i = lt + 2;
  }
}

/**
 * Attributes of a start tag's text (after the name), first occurrence wins;
 * with `only`, just those names. A hand-written scanner: no regular expression.
 */
export function attrs(tag: string, only?: ReadonlySet<string>): Record<string, string> {
  return attrsIn(tag, 0, tag.length, only);
}

/** `attrs` of s[from, to), without slicing the tag out first. */
export function attrsIn(s: string, from: number, to: number, only?: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  const n = Math.min(to, from + 4096);
  let i = from;
  const space = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 47;
  while (i < n) {
    while (i < n && space(s.charCodeAt(i))) i++;
    const ns = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (space(c) || c === 61 || c === 62) break;
      i++;
    }
    if (i === ns) {
      i++;
      continue;
    }
    // With `only`, skip building names that cannot be wanted (data-*, href, src, …) by length and first letter
    // (class, id, itemprop, role, style, hidden, aria-hidden start with c i r s h a).
    const c0 = s.charCodeAt(ns) | 32;
    const keep = !only || (i - ns <= 11 && (c0 === 99 || c0 === 105 || c0 === 114 || c0 === 115 || c0 === 104 || c0 === 97) && only.has(s.slice(ns, i).toLowerCase()));
    const name = keep ? s.slice(ns, i).toLowerCase() : '';
    let j = i;
    while (j < n && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9 || s.charCodeAt(j) === 10 || s.charCodeAt(j) === 13)) j++;
    let value = '';
    if (j < n && s.charCodeAt(j) === 61) {
      j++;
      while (j < n && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9 || s.charCodeAt(j) === 10 || s.charCodeAt(j) === 13)) j++;
      const q = s.charCodeAt(j);
      if (q === 34 || q === 39) {
        const end = s.indexOf(q === 34 ? '"' : "'", j + 1);
        const e = end < 0 || end > to ? to : end;
        value = keep ? s.slice(j + 1, e) : '';
        i = e + 1;
      } else {
        const vs = j;
        while (j < n && !(s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9 || s.charCodeAt(j) === 10 || s.charCodeAt(j) === 62)) j++;
        value = keep ? s.slice(vs, j) : '';
        i = j;
      }
    }
    if (keep && !Object.hasOwn(out, name)) out[name] = decodeEntities(value);
  }
  return out;
}
