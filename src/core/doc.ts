/** Builds the analysed document from an input: text, tokens, lines, metadata, and for HTML the main-text view. */
import type { ArticleInput, Doc, Line } from './types.ts';
import type { Token } from './text/tokenize.ts';
import { extractHtml } from './extract/index.ts';
import { tokenize } from './text/tokenize.ts';

export function buildDoc(input: ArticleInput): Doc {
  let text: string;
  let meta: Doc['meta'] = {};
  let blocks: Doc['blocks'];
  if (typeof input.html === 'string') {
    const extracted = extractHtml(input.html);
    text = extracted.text;
    meta = extracted.meta;
    blocks = extracted.blocks;
  } else {
    text = input.text ?? '';
  }
  if (input.title) meta.title = input.title;
  if (input.url) meta.url = input.url;
  const { tokens, lineStarts, types } = tokenize(text);
  const lines: Line[] = [];
  let t = 0;
  let words = 0;
  for (let l = 0; l < lineStarts.length; l++) {
    const start = lineStarts[l];
    let end = l + 1 < lineStarts.length ? lineStarts[l + 1] - 1 : text.length;
    if (end > start && text[end - 1] === '\r') end--;
    const tokStart = t;
    let lineWords = 0;
    while (t < tokens.length && tokens[t].line === l) {
      if (tokens[t].kind !== 'punct') lineWords++;
      t++;
    }
    words += lineWords;
    lines.push({ start, end: Math.max(start, end), tokStart, tokEnd: t, words: lineWords });
  }
  const doc: Doc = { text, tokens, types, lines, words, meta, langHint: input.lang };
  // Each extracted block is one line of the text (block text holds no line breaks).
  if (blocks && blocks.length === lines.length) doc.blocks = blocks;
  return doc;
}

/**
 * The main-text view of an HTML page: the same text, types and line numbers,
 * with only the tokens of main blocks (token offsets still point into the
 * whole text). `toMain[i]` is the view's index of page token i, or -1.
 * Plain text has no blocks: the view is the page itself.
 */
export function mainView(page: Doc): { doc: Doc; toMain: Int32Array | null } {
  if (!page.blocks) return { doc: page, toMain: null };
  const toMain = new Int32Array(page.tokens.length).fill(-1);
  const tokens: Token[] = [];
  const lines: Line[] = [];
  let words = 0;
  page.lines.forEach((l, li) => {
    const tokStart = tokens.length;
    const main = page.blocks![li].main;
    if (main) {
      for (let t = l.tokStart; t < l.tokEnd; t++) {
        toMain[t] = tokens.length;
        tokens.push(page.tokens[t]);
      }
      words += l.words;
    }
    lines.push({ start: l.start, end: l.end, tokStart, tokEnd: tokens.length, words: main ? l.words : 0 });
  });
  return { doc: { ...page, tokens, lines, words }, toMain };
}

const typeFlagCache = new WeakMap<Doc, Map<{ has(key: string): boolean }, Uint8Array>>();

/**
 * Per distinct token form of `doc` (`Token.type`), 1 when `set` holds it: a
 * per-token set lookup becomes an array read. Computed once per document and set.
 */
export function typeFlags(doc: Doc, set: { has(key: string): boolean }): Uint8Array {
  let bySet = typeFlagCache.get(doc);
  if (!bySet) typeFlagCache.set(doc, (bySet = new Map()));
  let flags = bySet.get(set);
  if (!flags) {
    flags = new Uint8Array(doc.types.length);
    for (let t = 0; t < doc.types.length; t++) if (set.has(doc.types[t])) flags[t] = 1;
    bySet.set(set, flags);
  }
  return flags;
}
