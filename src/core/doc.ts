/** Builds the analysed document from an input: text, tokens, lines, metadata. */
import type { ArticleInput, Doc, Line } from './types.ts';
import { htmlToText } from './text/html.ts';
import { tokenize } from './text/tokenize.ts';

export function buildDoc(input: ArticleInput): Doc {
  let text: string;
  let meta: Doc['meta'] = {};
  if (typeof input.html === 'string') {
    const extracted = htmlToText(input.html);
    text = extracted.text;
    meta = extracted.meta;
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
  return { text, tokens, types, lines, words, meta, langHint: input.lang };
}

const typeFlagCache = new WeakMap<Doc, Map<ReadonlySet<string>, Uint8Array>>();

/**
 * Per distinct token form of `doc` (`Token.type`), 1 when `set` holds it: a
 * per-token set lookup becomes an array read. Computed once per document and set.
 */
export function typeFlags(doc: Doc, set: ReadonlySet<string>): Uint8Array {
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
