/**
 * One pass over the original text that yields tokens with folded `norm`
 * forms and exact UTF-16 offsets (`start`/`end` always fall on code-point
 * boundaries of the original, whatever ignorable or combining characters
 * sit inside a word).
 */
import { ASCII, CharClass, charInfo, type CharInfo } from './normalize.ts';
import { HASH_SEED, hashStep, Interner } from './interner.ts';

export type TokenKind = 'word' | 'num' | 'punct';
export type Caps = 'lower' | 'title' | 'upper' | 'mixed' | 'none';

export interface Token {
  kind: TokenKind;
  /** Folded form used for matching. */
  norm: string;
  start: number;
  end: number;
  caps: Caps;
  /** First word of a sentence (after . ! ? or a line break, or the first word). */
  sentStart: boolean;
  /** Index of the line the token is on. */
  line: number;
  /** Index of `norm` in `Tokenized.types`: tokens with the same folded form share it, so per-word lookups run once per distinct word. */
  type: number;
}

const APOSTROPHES = new Set(["'", '\u2019', '\u02bc']);
const SENTENCE_END = new Set(['.', '!', '?', '\u2026', '\u3002']);

/** The word being read. One object per tokenize call, reset for each word. */
interface WordState {
  active: boolean;
  start: number;
  end: number;
  /** Only ASCII letters and digits so far: no strings built, `hash` kept over the lower-cased codes. */
  simple: boolean;
  hash: number;
  fold: string;
  homo: string;
  latin: boolean;
  foreign: boolean;
  /** Letters that are not Latin and have no Latin look-alike. */
  plainForeign: number;
  upper: number;
  lower: number;
  firstUpper: boolean;
  letters: number;
  digits: number;
}

export interface Tokenized {
  tokens: Token[];
  /** Start offset of each line; line i spans [lineStarts[i], lineStarts[i+1]). */
  lineStarts: number[];
  /** The distinct `norm` values, indexed by `Token.type`. */
  types: string[];
}

export function tokenize(text: string): Tokenized {
  const tokens: Token[] = [];
  const lineStarts = [0];
  const interner = new Interner();
  /** Whole-word look-alikes ("Тор" in Cyrillic): token index → Latin reading, decided after the scan. */
  const lookalikes: Array<[number, string]> = [];
  /** Per token: 1 if the word is in Latin script. */
  const latinWord: number[] = [];
  let line = 0;
  const w: WordState = {
    active: false, start: 0, end: 0, simple: true, hash: HASH_SEED, fold: '', homo: '', latin: false, foreign: false,
    plainForeign: 0, upper: 0, lower: 0, firstUpper: false, letters: 0, digits: 0,
  };
  const begin = (start: number, firstUpper: boolean) => {
    w.active = true;
    w.start = w.end = start;
    w.simple = true;
    w.hash = HASH_SEED;
    w.fold = w.homo = '';
    w.latin = w.foreign = false;
    w.plainForeign = w.upper = w.lower = w.letters = w.digits = 0;
    w.firstUpper = firstUpper;
  };
  let sentencePending = true;

  /** Leave the ASCII fast path: build fold/homo for what was read so far. */
  const materialize = () => {
    w.fold = w.homo = text.slice(w.start, w.end).toLowerCase();
    w.simple = false;
  };
  const flush = () => {
    if (!w.active) return;
    w.active = false;
    const mixed = w.latin && w.foreign;
    const type = w.simple ? interner.idOfAsciiSlice(text, w.start, w.end, w.hash) : interner.idOf(mixed ? w.homo : w.fold);
    let caps: Caps = 'none';
    if (w.letters > 0) {
      if (w.upper === 0) caps = 'lower';
      else if (w.lower === 0) caps = w.letters > 1 ? 'upper' : 'title';
      else if (w.firstUpper && w.upper === 1) caps = 'title';
      else caps = 'mixed';
    }
    const kind: TokenKind = w.letters === 0 ? 'num' : 'word';
    if (!w.latin && w.foreign && w.plainForeign === 0 && !w.simple) lookalikes.push([tokens.length, w.homo]);
    latinWord[tokens.length] = w.latin ? 1 : 0;
    tokens.push({ kind, norm: interner.types[type], start: w.start, end: w.end, caps, sentStart: sentencePending, line, type });
    sentencePending = false;
  };
  const punct = (norm: string, start: number, end: number) => {
    const type = interner.idOf(norm);
    tokens.push({ kind: 'punct', norm: interner.types[type], start, end, caps: 'none', sentStart: false, line, type });
  };

  const len = text.length;
  let i = 0;
  while (i < len) {
    let cp = text.charCodeAt(i);
    let size = 1;
    let info: CharInfo;
    if (cp < 128) {
      info = ASCII[cp];
    } else {
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < len) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          size = 2;
        }
      }
      info = charInfo(size === 2 ? text.slice(i, i + 2) : text[i], cp);
    }
    switch (info.cls) {
      case CharClass.Letter: {
        if (!w.active) begin(i, info.upper);
        if (w.simple && cp >= 128) materialize();
        if (w.simple) w.hash = hashStep(w.hash, cp <= 90 && cp >= 65 ? cp + 32 : cp);
        else {
          w.fold += info.fold;
          w.homo += info.homo;
        }
        if (info.script === 1) w.latin = true;
        if (info.homo !== info.fold) w.foreign = true;
        else if (info.script !== 1) w.plainForeign++;
        if (info.upper) w.upper++;
        else w.lower++;
        w.letters++;
        w.end = i + size;
        if (w.simple) {
          // Fast path: the rest of an ASCII word, without the per-character table.
          let j = i + 1;
          let h = w.hash;
          for (; j < len; j++) {
            const c = text.charCodeAt(j);
            if (c >= 97 && c <= 122) {
              h = hashStep(h, c);
              w.lower++;
            } else if (c >= 65 && c <= 90) {
              h = hashStep(h, c + 32);
              w.upper++;
            } else break;
          }
          w.hash = h;
          w.letters += j - i - 1;
          w.end = j;
          size = j - i;
        }
        break;
      }
      case CharClass.Digit: {
        if (!w.active) begin(i, false);
        if (w.simple && cp >= 128) materialize();
        if (w.simple) w.hash = hashStep(w.hash, cp);
        else {
          w.fold += info.fold;
          w.homo += info.fold;
        }
        w.digits++;
        w.end = i + size;
        break;
      }
      case CharClass.Ignorable:
        // Invisible: neither splits a word nor appears in it.
        if (w.active && w.simple) materialize();
        break;
      case CharClass.Mark:
        if (w.active) {
          if (w.simple) materialize();
          w.end = i + size;
        }
        break;
      case CharClass.Punct: {
        const ch = text[i];
        const next = i + 1 < len ? text.charCodeAt(i + 1) : 0;
        const nextInfo = next < 128 ? ASCII[next] : null;
        // Apostrophe inside a word: don't → don't; possessive 's becomes its own token.
        if (w.active && w.letters > 0 && APOSTROPHES.has(ch)) {
          const afterNext = i + 2 < len ? text.charCodeAt(i + 2) : 0;
          const isPossessive = (next === 115 || next === 83) && !(afterNext < 128 && (ASCII[afterNext].cls === CharClass.Letter || ASCII[afterNext].cls === CharClass.Digit));
          if (!isPossessive && (nextInfo ? nextInfo.cls === CharClass.Letter : next > 127 && /\p{L}/u.test(text[i + 1]))) {
            if (w.simple) materialize();
            w.fold += "'";
            w.homo += "'";
            w.end = i + 1;
            break;
          }
          if (isPossessive) {
            flush();
            punct("'s", i, i + 2);
            i += 2;
            continue;
          }
        }
        // Decimal and thousands separators inside numbers: 12,000 and 3.5.
        if (w.active && w.letters === 0 && (ch === ',' || ch === '.') && nextInfo && nextInfo.cls === CharClass.Digit) {
          if (w.simple) materialize();
          w.fold += ch;
          w.homo += ch;
          w.end = i + 1;
          break;
        }
        flush();
        punct(size === 2 ? text.slice(i, i + 2) : info.fold, i, i + size);
        if (SENTENCE_END.has(ch)) sentencePending = true;
        break;
      }
      case CharClass.Newline: {
        flush();
        // \r\n counts once.
        if (!(text[i] === '\r' && text[i + 1] === '\n')) {
          line++;
          lineStarts.push(i + 1);
          sentencePending = true;
        }
        break;
      }
      default:
        flush();
    }
    i += size;
  }
  flush();
  // A word written entirely in Cyrillic or Greek look-alikes between Latin words ("the Тор Minister")
  // is read as Latin; in Russian or Greek text it stays as written.
  for (const [idx, homo] of lookalikes) {
    const near = (dir: number) => {
      for (let k = idx + dir; k >= 0 && k < tokens.length && Math.abs(k - idx) <= 3; k += dir) {
        if (tokens[k].kind === 'word') return latinWord[k] === 1 ? 1 : -1;
      }
      return 0;
    };
    const before = near(-1);
    const after = near(1);
    if (before >= 0 && after >= 0 && before + after > 0) {
      const type = interner.idOf(homo);
      tokens[idx].norm = interner.types[type];
      tokens[idx].type = type;
    }
  }
  return { tokens, lineStarts, types: interner.types };
}
