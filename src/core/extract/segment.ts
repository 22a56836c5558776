/**
 * One linear scan of an HTML page into text blocks with the features the
 * classifier needs: where the block sits (inside <article>/<main>, inside a
 * container whose tag, role or class names it navigation, comments, share
 * bar, …), how much of it is link text, whether it is a heading. Elements
 * are kept as a parent-linked list (no DOM), so the classifier can find the
 * container that holds most of the article.
 *
 * Robustness: tags are read with a bounded attribute parser, raw-text
 * elements (script, style) are skipped by searching for their end tag, a
 * closing tag looks for its opening element among the nearest MAX_CLOSE_SEARCH
 * open elements only (so unbalanced markup cannot make the scan quadratic),
 * and the open-element stack stops growing at MAX_DEPTH (deeper elements
 * are read as text of the deepest one).
 */
import { attrs, attrsIn, BLOCK, decodeEntities, findClose, isNameChar, RAW, SKIP, tagEnd } from './markup.ts';
import { cueOf, type Kind } from './cues.ts';
import { collectMeta, type MetaCollector } from './meta.ts';

const MAX_DEPTH = 512;
const MAX_CLOSE_SEARCH = 64;
/** Elements with no content and no end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen']);
const HEADING = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Inline elements: a cue on one of them describes its own words, not the whole block. */
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var']);
/** The attributes markup cues read. */
const CUE_ATTRS = new Set(['class', 'id', 'role', 'itemprop', 'style', 'hidden', 'aria-hidden']);

/** Where text sits: inherited from the open elements. */
export interface Context {
  /** Inside <article>, <main>, role=main or itemprop=articleBody. */
  article: boolean;
  /** Inside an element whose class or id names article content ("entry-content", "story-body"). */
  content: boolean;
  link: boolean;
  heading: boolean;
  pre: boolean;
}

export interface Element {
  name: string;
  parent: number;
  depth: number;
  /** Boilerplate kind its tag, role or class names (nav, footer, class="comments", …); the classifier decides whether to believe it. */
  kind: Kind | null;
  /** The element is the article or its body by tag, role, itemprop or class (<article>, "entry-content"). */
  body: boolean;
}

export interface RawBlock {
  text: string;
  /** Characters inside links. */
  linkChars: number;
  ctx: Context;
  /** Innermost open element when the block's text began. */
  el: number;
  /** Nearest element above `el` (or `el`) that is not inline: the block's own element. */
  owner: number;
  tag: string;
}

export interface Segmented {
  blocks: RawBlock[];
  elements: Element[];
  meta: MetaCollector;
}

/** Known tag names by the hash of their lower-cased letters: most tags need no string built. */
const KNOWN = new Map<number, string>();
for (const t of [...BLOCK, ...SKIP, ...RAW, ...VOID, ...INLINE, ...HEADING, 'html', 'head', 'body', 'title', 'meta', 'link', 'nav', 'img', 'picture', 'source', 'label', 'input', 'button', 'time', 'font', 'center', 'abbr', 'path', 'g', 'use', 'symbol', 'defs', 'circle', 'rect']) {
  let h = 0;
  for (let k = 0; k < t.length; k++) h = (Math.imul(h, 31) + t.charCodeAt(k)) | 0;
  if (!KNOWN.has(h)) KNOWN.set(h, t);
}

/** The lower-cased name of html[start, end), whose hash is `h`. */
function tagName(html: string, start: number, end: number, h: number): string {
  const known = KNOWN.get(h);
  if (known !== undefined && known.length === end - start) {
    let k = 0;
    for (; k < known.length; k++) {
      let c = html.charCodeAt(start + k);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== known.charCodeAt(k)) break;
    }
    if (k === known.length) return known;
  }
  return html.slice(start, end).toLowerCase();
}

/** White space collapsed to single spaces and trimmed; the string itself when it needs neither (no allocation). */
function collapse(s: string): string {
  const n = s.length;
  let clean = n > 0 && s.charCodeAt(0) !== 32 && s.charCodeAt(n - 1) !== 32;
  for (let i = 0; clean && i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (s.charCodeAt(i + 1) === 32) clean = false;
    } else if (c < 32 || c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) {
      clean = false;
    }
  }
  return clean ? s : s.replace(/[\s\u0085]+/g, ' ').trim();
}

/** Whether the '<' at `lt` opens a tag, an end tag, a comment or a declaration. */
function startsTag(html: string, lt: number): boolean {
  const c1 = html.charCodeAt(lt + 1);
  if (c1 === 33 || c1 === 63) return true;
  if (c1 === 47) return isNameChar(html.charCodeAt(lt + 2));
  return isNameChar(c1);
}

const ROOT_CTX: Context = { article: false, content: false, link: false, heading: false, pre: false };

export function segment(html: string): Segmented {
  const meta: MetaCollector = { jsonLd: [] };
  const elements: Element[] = [{ name: '#root', parent: -1, depth: 0, kind: null, body: false }];
  /** Open elements: element index and the context inside it. */
  const stackEl: number[] = [0];
  const stackName: string[] = ['#root'];
  const stackCtx: Context[] = [ROOT_CTX];
  const blocks: RawBlock[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let blockCtx: Context | null = null;
  let blockEl = 0;
  let blockOwner = 0;
  let blockTag = '';
  let skipDepth = 0;
  let skipName = '';

  const top = () => stackCtx[stackCtx.length - 1];
  const endBlock = () => {
    if (parts.length) {
      const joined = parts.length === 1 ? parts[0] : parts.join('');
      const text = collapse(joined);
      if (text) blocks.push({ text, linkChars, ctx: blockCtx!, el: blockEl, owner: blockOwner, tag: blockTag });
    }
    parts = [];
    linkChars = 0;
    blockCtx = null;
  };
  const pushText = (raw: string) => {
    if (skipDepth > 0 || !raw) return;
    if (blockCtx === null && raw.charCodeAt(0) <= 32 && raw.trim() === '') return; // white space between blocks
    const t = decodeEntities(raw);
    const ctx = top();
    if (blockCtx === null) {
      if (!/\S/.test(t)) return;
      blockCtx = ctx;
      blockEl = stackEl[stackEl.length - 1];
      // The block's own element: the nearest open element that is not inline.
      let k = stackName.length - 1;
      while (k > 0 && INLINE.has(stackName[k])) k--;
      blockOwner = stackEl[k];
      blockTag = stackName[stackName.length - 1];
    }
    parts.push(t);
    if (ctx.link) {
      for (let k = 0; k < t.length; k++) {
        const c = t.charCodeAt(k);
        if (c > 32 && c !== 160) linkChars++;
      }
    }
  };
  /** Open element `name` whose attributes are html[from, to). */
  const open = (name: string, from: number, to: number) => {
    const parent = top();
    const a = to - from > 1 ? attrsIn(html, from, to, CUE_ATTRS) : {};
    const cue = name === 'body' || name === 'html' ? null : cueOf(name, a, parent);
    if (cue?.hidden) return 'hidden';
    let ctx = parent;
    if (cue?.article || cue?.content || name === 'a' || HEADING.has(name) || name === 'pre') {
      ctx = {
        article: parent.article || cue?.article === true,
        content: parent.content || cue?.content === true,
        link: parent.link || name === 'a',
        heading: parent.heading || HEADING.has(name),
        pre: parent.pre || name === 'pre',
      };
    }
    if (stackEl.length >= MAX_DEPTH) return 'deep';
    const idx = elements.length;
    elements.push({ name, parent: stackEl[stackEl.length - 1], depth: stackEl.length, kind: cue?.kind ?? null, body: cue?.article === true || cue?.body === true });
    stackEl.push(idx);
    stackName.push(name);
    stackCtx.push(ctx);
    return 'open';
  };
  const close = (name: string) => {
    const lo = Math.max(1, stackName.length - MAX_CLOSE_SEARCH);
    for (let k = stackName.length - 1; k >= lo; k--) {
      if (stackName[k] === name) {
        // pop() rather than setting length (a slow runtime call in V8).
        while (stackName.length > k) {
          stackEl.pop();
          stackName.pop();
          stackCtx.pop();
        }
        return;
      }
    }
    // No matching open element nearby: ignore the stray end tag.
  };
  /** Hidden elements: their content is skipped like a script's, up to the matching end tag. */
  let hiddenName = '';
  let hiddenDepth = 0;

  const n = html.length;
  let i = 0;
  while (i < n) {
    // A '<' that starts no tag ("a < b") is text: look past it without ending the text run, so a page
    // of a million stray '<' costs one scan, not a million text pieces.
    let lt = html.indexOf('<', i);
    while (lt >= 0 && !startsTag(html, lt)) lt = html.indexOf('<', lt + 1);
    if (lt < 0) {
      if (hiddenDepth === 0) pushText(html.slice(i));
      break;
    }
    if (hiddenDepth === 0) pushText(html.slice(i, lt));
    const c1 = html.charCodeAt(lt + 1);
    if (c1 === 33 && html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (c1 === 33 || c1 === 63) {
      const end = html.indexOf('>', lt + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const closing = c1 === 47;
    let j = lt + (closing ? 2 : 1);
    const nameStart = j;
    let h = 0;
    for (; j < n; j++) {
      const c = html.charCodeAt(j);
      if (!isNameChar(c)) break;
      h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c + 32 : c)) | 0;
    }
    if (j === nameStart) {
      if (hiddenDepth === 0) pushText('<');
      i = lt + 1;
      continue;
    }
    const name = tagName(html, nameStart, j, h);
    const end = tagEnd(html, j);
    if (end < 0) break; // unterminated tag at the end of the input: drop it
    i = end + 1;
    if (hiddenDepth > 0) {
      // Inside a hidden element: only track its nesting.
      if (name === hiddenName && !VOID.has(name)) {
        if (closing) hiddenDepth--;
        else if (html.charCodeAt(end - 1) !== 47) hiddenDepth++;
      }
      if (RAW.has(name) && !closing) {
        const close2 = findClose(html, name, i);
        const after = close2 < 0 ? n : tagEnd(html, close2 + 2 + name.length);
        i = after < 0 ? n : after + 1;
      }
      continue;
    }
    if (closing) {
      if (skipDepth > 0) {
        if (name === skipName) skipDepth--;
        continue;
      }
      if (BLOCK.has(name) || HEADING.has(name)) endBlock();
      close(name);
      continue;
    }
    const selfClosing = html.charCodeAt(end - 1) === 47;
    if (name === 'body' && skipName === 'head') skipDepth = 0;
    if (name === 'meta' || name === 'link' || name === 'html' || name === 'time') collectMeta(meta, name, attrs(html.slice(j, end)));
    if (RAW.has(name) && !selfClosing) {
      const close2 = findClose(html, name, i);
      const inner = html.slice(i, close2 < 0 ? n : close2);
      if (name === 'title' && meta.titleTag === undefined) meta.titleTag = decodeEntities(inner).replace(/\s+/g, ' ').trim();
      if (name === 'script' && end - j > 10 && /application\/ld\+json/i.test(html.slice(j, end)) && inner.length < 200_000) meta.jsonLd.push(inner);
      if (name === 'textarea' && skipDepth === 0) endBlock();
      const after = close2 < 0 ? n : tagEnd(html, close2 + 2 + name.length);
      i = after < 0 ? n : after + 1;
      continue;
    }
    if (SKIP.has(name) && !selfClosing) {
      if (skipDepth === 0) skipName = name;
      if (name === skipName) skipDepth++;
      continue;
    }
    if (skipDepth > 0) continue;
    if (BLOCK.has(name) || HEADING.has(name)) endBlock();
    if (VOID.has(name) || selfClosing) continue;
    const r = open(name, j, end);
    if (r === 'hidden') {
      hiddenName = name;
      hiddenDepth = 1;
    }
  }
  endBlock();
  return { blocks, elements, meta };
}
