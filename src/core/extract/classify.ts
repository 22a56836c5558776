/**
 * Which blocks are the article: jusText's block classification and context
 * smoothing (Pomikálek 2011), then the container that holds most of the good
 * text, in the manner of Readability.
 *
 * 1. Each block is bad (inside a container that names itself boilerplate, or
 *    link-heavy), short, near-good or good, by length and by its share of
 *    function words (English; pages with too few of them are judged by
 *    length alone).
 * 2. Short and near-good blocks take the class of their neighbours
 *    (jusText's revision, headings included).
 * 3. The main container is the deepest element that holds most of the good
 *    text. Inside it, every block that is not boilerplate by its markup and
 *    not mostly links is main text (this keeps short paragraphs, list items,
 *    code and subheadings that step 1 calls short); outside it only long,
 *    clearly good blocks are.
 */
import { ELISIONS, FUNCTION_WORDS, hashStep, LANGS, type Lang, lowerCode } from './function-words.ts';
import type { Kind } from './cues.ts';
import type { Element, RawBlock } from './segment.ts';

export type BlockClass = 'good' | 'neargood' | 'short' | 'bad';

/** jusText's defaults. */
const LENGTH_LOW = 70;
const LENGTH_HIGH = 200;
const STOPWORDS_LOW = 0.3;
const STOPWORDS_HIGH = 0.32;
const MAX_LINK_DENSITY = 0.2;
const MAX_HEADING_DISTANCE = 200;
const NLANG = LANGS.length;
/**
 * Below this share of the language's function words over the page, stop-word density is not used.
 * Off (Infinity) for the languages other than English: on the other-language tuning half their
 * (short) lists traded recall for precision, F1 0.920 against 0.922 with length and links alone
 * (precision 0.934 / 0.930, recall 0.907 / 0.915). Longer lists, like jusText's, may change that.
 */
const PAGE_DENSITY: Record<Lang, number> = { en: 0.12, de: Infinity, fr: Infinity, es: Infinity, it: Infinity, pt: Infinity, nl: Infinity, pl: Infinity };
/** A language whose function words are this share of the page language's is a second language of the page. */
const SECOND_LANGUAGE = 0.4;
/** Densities are scaled to the English list's (the other lists are shorter), so that one set of thresholds serves every language; 1.25 chosen on the tuning half. */
const SCALE: Record<Lang, number> = { en: 1, de: 1.25, fr: 1.25, es: 1.25, it: 1.25, pt: 1.25, nl: 1.25, pl: 1.25 };
/** Share of the good text the main container must hold. */
const CONTAINER_SHARE = 0.7;
/** Inside the main container, a block of this many words with this share of function words is prose, links or not. */
const PROSE_WORDS = 8;
const PROSE_STOPWORDS = 0.2;
/** Blocks shorter than this take the cue of an inline element they start in. */
const SHORT_WORDS = 8;
/** Paragraph-level and inline elements: a paragraph split by <br> is not the article's container. */
const NOT_CONTAINER = new Set(['p', 'span', 'a', 'b', 'i', 'em', 'strong', 'font', 'li', 'blockquote', 'pre', 'code', 'small', 'u', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Below this share of jusText's good text in the main text, the good blocks outside the container join it. */
const FALLBACK_SHARE = 0.5;
/** A line of at most this many words that ends with a colon is a label, like a heading. */
const LABEL_WORDS = 3;
/** The main container holds at least this many blocks. */
const CONTAINER_MIN_BLOCKS = 3;
/** A container holding this share of the good text is a page wrapper, whatever its class says. */
const WRAPPER_SHARE = 0.4;
/** Inside the main container, a block with more link text than this is navigation. */
const CONTAINER_MAX_LINK_DENSITY = 0.5;

export interface Features {
  chars: number;
  words: number;
  stopDensity: number;
  linkDensity: number;
  heading: boolean;
}

export interface Classified {
  main: boolean[];
  /** For blocks that are not main: the kind of boilerplate. */
  kind: Array<Kind | 'other' | null>;
  cls: BlockClass[];
  features: Features[];
  /** Element index of the main container (0: the whole page). */
  container: number;
}

/** Words, function words per language and non-space characters of a block, in one pass without regular expressions or strings. */
function features(b: RawBlock, fw: Int32Array, at: number): Features {
  const t = b.text;
  let words = 0;
  let visible = 0;
  /** Start of the current word, or -1. */
  let ws = -1;
  let h = 0;
  const endWord = (i: number) => {
    if (ws >= 0) {
      words++;
      if (i - ws <= 12) {
        const m = FUNCTION_WORDS.get(h);
        if (m !== undefined) for (let l = 0; l < NLANG; l++) if (m & (1 << l)) fw[at + l]++;
      }
    }
    ws = -1;
    h = 0;
  };
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 32) {
      endWord(i);
      continue;
    }
    visible++;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
      if (ws < 0) ws = i;
      h = hashStep(h, c >= 65 && c <= 90 ? c + 32 : c);
    } else if (c > 127 && c !== 0x2019 && c !== 0x2014 && c !== 0x2013 && c !== 0x201c && c !== 0x201d && c !== 0xa0 && c !== 0xab && c !== 0xbb && c !== 0x201e) {
      // Letters of other scripts (and other symbols, which are rare inside prose) make words too.
      if (ws < 0) ws = i;
      h = hashStep(h, lowerCode(c));
    } else if ((c === 39 || c === 0x2019) && ws >= 0) {
      // An apostrophe after an elided article ends it ("l'état"); inside a word it belongs to it ("don't").
      if (i - ws <= 4 && ELISIONS.has(h)) endWord(i);
      else h = hashStep(h, 39);
    } else endWord(i);
  }
  endWord(t.length);
  return { chars: t.length, words, stopDensity: 0, linkDensity: visible ? Math.min(1, b.linkChars / visible) : 0, heading: b.ctx.heading };
}

function initial(b: RawBlock, f: Features, english: boolean, kind: Kind | null): BlockClass {
  if (kind) return 'bad';
  if (f.linkDensity > MAX_LINK_DENSITY) return 'bad';
  if (/^(©|\(c\)|copyright\b)/i.test(b.text) || /\b(all rights reserved)\b/i.test(b.text)) return 'bad';
  if (f.chars < LENGTH_LOW) return f.linkDensity > 0 ? 'bad' : 'short';
  const sd = english ? f.stopDensity : f.words >= 10 ? STOPWORDS_HIGH : 0;
  if (sd >= STOPWORDS_HIGH) return f.chars > LENGTH_HIGH ? 'good' : 'neargood';
  if (sd >= STOPWORDS_LOW) return 'neargood';
  return 'bad';
}

/**
 * For each block, the class of the nearest block before it (dir -1) or after it (dir 1) that is
 * good or bad (or also near-good, unless `ignoreNeargood`); 'bad' past the ends. One pass: O(n).
 */
function neighbours(cls: BlockClass[], dir: 1 | -1, ignoreNeargood: boolean): BlockClass[] {
  const n = cls.length;
  const out = new Array<BlockClass>(n);
  let last: BlockClass = 'bad';
  for (let k = dir === 1 ? n - 1 : 0; k >= 0 && k < n; k -= dir) {
    out[k] = last;
    const c = cls[k];
    if (c === 'good' || c === 'bad' || (c === 'neargood' && !ignoreNeargood)) last = c;
  }
  return out;
}

/** jusText's context revision, in linear time (neighbours precomputed; headings look 200 characters ahead). */
function revise(initialCls: BlockClass[], f: Features[], blocks: RawBlock[]): BlockClass[] {
  const cls = [...initialCls];
  const n = cls.length;
  // Characters before each block, and per block the next good block at or after it: "a good block within
  // 200 characters after a heading" in constant time per heading, so 300,000 headings stay linear.
  const before = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) before[i + 1] = before[i] + blocks[i].text.length;
  const nextGood = new Int32Array(n + 1);
  const findGood = () => {
    nextGood[n] = -1;
    for (let i = n - 1; i >= 0; i--) nextGood[i] = cls[i] === 'good' ? i : nextGood[i + 1];
  };
  const goodWithin = (i: number) => {
    const g = nextGood[i + 1];
    return g >= 0 && before[g] - before[i + 1] <= MAX_HEADING_DISTANCE;
  };
  findGood();
  for (let i = 0; i < n; i++) if (f[i].heading && cls[i] === 'short' && goodWithin(i)) cls[i] = 'neargood';
  // Short blocks, from the classes before this step.
  const prevGB = neighbours(cls, -1, true);
  const nextGB = neighbours(cls, 1, true);
  const prevAny = neighbours(cls, -1, false);
  const nextAny = neighbours(cls, 1, false);
  const revised = [...cls];
  for (let i = 0; i < n; i++) {
    if (cls[i] !== 'short') continue;
    const p = prevGB[i];
    const q = nextGB[i];
    if (p === 'good' && q === 'good') revised[i] = 'good';
    else if (p === 'bad' && q === 'bad') revised[i] = 'bad';
    else if ((p === 'bad' && prevAny[i] === 'neargood') || (q === 'bad' && nextAny[i] === 'neargood')) revised[i] = 'good';
    else revised[i] = 'bad';
  }
  // Near-good blocks, in place from left to right as jusText does (earlier decisions count on the left).
  const next2 = neighbours(revised, 1, true);
  let prev: BlockClass = 'bad';
  for (let i = 0; i < n; i++) {
    if (revised[i] === 'neargood') revised[i] = prev === 'bad' && next2[i] === 'bad' ? 'bad' : 'good';
    if (revised[i] === 'good' || revised[i] === 'bad') prev = revised[i];
  }
  for (let i = 0; i < n; i++) cls[i] = revised[i];
  findGood();
  for (let i = 0; i < n; i++) if (f[i].heading && cls[i] === 'bad' && initialCls[i] !== 'bad' && goodWithin(i)) cls[i] = 'good';
  return cls;
}

/** The ancestor `up` levels above element `e` (the root at most). */
function ancestor(elements: Element[], e: number, up: number): number {
  for (let k = 0; k < up && e > 0; k++) e = elements[e].parent;
  return e;
}

/** Per element, whether it is `anc` or inside it: one forward pass (parents come before children). */
function inside(elements: Element[], anc: number): Uint8Array {
  const out = new Uint8Array(elements.length);
  if (anc === 0) return out.fill(1);
  for (let e = anc; e < elements.length; e++) out[e] = e === anc || (elements[e].parent >= anc && out[elements[e].parent] === 1) ? 1 : 0;
  return out;
}

/** Good characters per element, summed up the tree (children come after their parents). */
function goodPerElement(blocks: RawBlock[], f: Features[], cls: BlockClass[], elements: Element[]): { good: Float64Array; total: number } {
  const good = new Float64Array(elements.length);
  let total = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (cls[i] !== 'good') continue;
    good[blocks[i].el] += f[i].chars;
    total += f[i].chars;
  }
  for (let e = elements.length - 1; e > 0; e--) good[elements[e].parent] += good[e];
  return { good, total };
}

export function classify(blocks: RawBlock[], elements: Element[]): Classified {
  const fw = new Int32Array(blocks.length * NLANG);
  const f = blocks.map((b, i) => features(b, fw, i * NLANG));
  // The page's language: the one whose function words are densest over the page. When none is
  // dense enough (Chinese, or a language without a list), stop-word density is not used.
  let words = 0;
  const stop = new Float64Array(NLANG);
  for (let i = 0; i < f.length; i++) {
    words += f[i].words;
    for (let l = 0; l < NLANG; l++) stop[l] += fw[i * NLANG + l];
  }
  let lang = 0;
  for (let l = 1; l < NLANG; l++) if (stop[l] > stop[lang]) lang = l;
  const english = words > 0 && stop[lang] / words >= PAGE_DENSITY[LANGS[lang]];
  // A page may be in two languages (an English post in a German blog template): each block is read
  // in whichever of the page's languages suits it best.
  const langs: number[] = [];
  for (let l = 0; l < NLANG; l++) if (stop[l] >= SECOND_LANGUAGE * stop[lang] && stop[l] / Math.max(words, 1) >= PAGE_DENSITY[LANGS[l]] / 2) langs.push(l);
  for (let i = 0; i < f.length; i++) {
    let best = 0;
    for (const l of langs) best = Math.max(best, fw[i * NLANG + l] * SCALE[LANGS[l]]);
    f[i].stopDensity = f[i].words ? best / f[i].words : 0;
  }

  // Pass 1, text alone: which elements hold the good text. A container that names itself
  // boilerplate but holds much of the good text is a page wrapper ("Page-ad-margins"): not believed.
  // (Near-good counts here: a short article of 170-character paragraphs has no 'good' block before revision.)
  const cls0 = blocks.map((b, i) => initial(b, f[i], english, null)).map((c): BlockClass => (c === 'neargood' ? 'good' : c));
  const pass1 = goodPerElement(blocks, f, cls0, elements);
  // Elements that contain the article's own element (<article>, <main>, "entry-content") are wrappers too.
  const holdsBody = new Uint8Array(elements.length);
  for (let e = elements.length - 1; e > 0; e--) if (elements[e].body || holdsBody[e]) holdsBody[elements[e].parent] = 1;
  const believed = (e: number) => elements[e].kind !== null && !holdsBody[e] && !(pass1.total > 0 && pass1.good[e] >= WRAPPER_SHARE * pass1.total);
  // A block's kind: the nearest believed cue above it, unless the article's own element comes first
  // (a "date-outer" wrapper around a blog post does not make the post metadata).
  // A cue on an inline element (a dateline <span> opening the first paragraph) counts only for a short block.
  // Per element, the nearest element at or above it that is a believed cue or the article's own element
  // (parents come before children, so one forward pass).
  const stopAt = new Int32Array(elements.length);
  for (let e = 1; e < elements.length; e++) stopAt[e] = believed(e) || elements[e].body ? e : stopAt[elements[e].parent];
  const kindOf = blocks.map((b, i) => {
    const e = stopAt[f[i].words < SHORT_WORDS ? b.el : b.owner];
    if (e === 0 || !believed(e)) return null;
    const k = elements[e].kind;
    // A page <header> outside the article may still hold its standfirst: prose there is not navigation.
    if (k === 'header' && f[i].words >= 12 && f[i].linkDensity < MAX_LINK_DENSITY && (!english || f[i].stopDensity >= STOPWORDS_LOW)) return null;
    return k;
  });

  // Pass 2, with the markup cues.
  const init = blocks.map((b, i) => initial(b, f[i], english, kindOf[i]));
  const cls = revise(init, f, blocks);
  const { good, total } = goodPerElement(blocks, f, cls, elements);
  // Blocks per element, to keep the container from shrinking to a single paragraph.
  const count = new Int32Array(elements.length);
  for (const b of blocks) count[b.el]++;
  for (let e = elements.length - 1; e > 0; e--) count[elements[e].parent] += count[e];
  let container = 0;
  if (total > 0) {
    for (let e = 1; e < elements.length; e++) {
      if (good[e] >= CONTAINER_SHARE * total && count[e] >= CONTAINER_MIN_BLOCKS && !NOT_CONTAINER.has(elements[e].name) && elements[e].depth > elements[container].depth) container = e;
    }
  }

  const inContainer = inside(elements, container);
  const nearContainer = inside(elements, ancestor(elements, container, 2));
  const main: boolean[] = [];
  const kind: Array<Kind | 'other' | null> = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const isInside = inContainer[b.el] === 1;
    let m: boolean;
    if (kindOf[i]) m = false;
    else if (isInside) {
      m =
        cls[i] === 'good' ||
        // A long sentence is prose however many of its words are links.
        (f[i].words >= 15 && (!english || f[i].stopDensity >= 0.25)) ||
        (f[i].linkDensity <= CONTAINER_MAX_LINK_DENSITY &&
          (init[i] !== 'bad' || cls[i] !== 'bad' || b.ctx.pre || (f[i].words >= PROSE_WORDS && (!english || f[i].stopDensity >= PROSE_STOPWORDS))));
    }
    else m = cls[i] === 'good' && (f[i].chars >= LENGTH_HIGH || (f[i].chars >= LENGTH_LOW && nearContainer[b.el] === 1));
    main.push(m);
    kind.push(m ? null : kindOf[i] ?? (f[i].linkDensity > CONTAINER_MAX_LINK_DENSITY ? 'navigation' : 'other'));
  }
  // A heading introduces what follows it. When that is boilerplate up to the next heading or the end
  // of the article ("Read also" over a list of links, "About the author" over a bio box), the heading
  // belongs to it. (Consecutive headings, title and subtitle, have nothing between them: kept.)
  // A short line ending with a colon ("Further information:", "Kontakt:") heads what follows it as a heading does.
  const heads = (i: number) => f[i].heading || (f[i].words <= LABEL_WORDS && blocks[i].text.charCodeAt(blocks[i].text.length - 1) === 58);
  let nextMain = -1;
  const first = main.indexOf(true);
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (!main[i]) continue;
    if (heads(i) && nextMain !== i + 1 && (nextMain < 0 || heads(nextMain)) && i > first) {
      main[i] = false;
      kind[i] = kind[i + 1] ?? 'other';
      continue;
    }
    nextMain = i;
  }
  // Fallback comparison (as trafilatura compares its result with jusText's): when the container holds
  // less than FALLBACK_SHARE of the text that jusText calls good and no markup calls boilerplate, the
  // container was the wrong one, and the good blocks outside it join the main text.
  let mainChars = 0;
  let goodChars = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (main[i]) mainChars += f[i].chars;
    if (cls[i] === 'good' && !kindOf[i]) goodChars += f[i].chars;
  }
  if (mainChars < FALLBACK_SHARE * goodChars) {
    for (let i = 0; i < blocks.length; i++) {
      if (!main[i] && cls[i] === 'good' && !kindOf[i]) {
        main[i] = true;
        kind[i] = null;
      }
    }
  }
  return { main, kind, cls, features: f, container };
}
