/**
 * Per-code-point normalization for matching. Each code point of the original
 * text maps to zero or more matching characters, so every token keeps exact
 * UTF-16 offsets into the original while its `norm` is folded:
 *
 * - compatibility forms (NFKD: full-width letters, ligatures, math letters),
 * - diacritics and other combining marks dropped (café → cafe),
 * - case folded to lower case,
 * - zero-width characters, bidi controls, soft hyphens and variation
 *   selectors ignored (they neither split nor appear in a word),
 * - Cyrillic and Greek look-alike letters mapped to Latin, applied by the
 *   tokenizer only to mixed-script tokens (so Russian text stays Russian).
 */

export const enum CharClass {
  /** Separator: whitespace and anything not otherwise classed. */
  Space = 0,
  Letter = 1,
  Digit = 2,
  Punct = 3,
  /** Invisible: skipped without splitting a word. */
  Ignorable = 4,
  /** Combining mark: joins the current word, contributes nothing. */
  Mark = 5,
  Newline = 6,
}

export interface CharInfo {
  cls: CharClass;
  /** Folded form for matching ('' for ignorable and marks). */
  fold: string;
  /** Folded form with look-alikes mapped to Latin; same as fold when none. */
  homo: string;
  /** Script of a letter: 0 other, 1 Latin, 2 Cyrillic, 3 Greek. */
  script: 0 | 1 | 2 | 3;
  upper: boolean;
}

/** Cyrillic and Greek letters that render like Latin ones. */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  А: 'a', а: 'a', В: 'b', Е: 'e', е: 'e', Ё: 'e', ё: 'e', К: 'k', к: 'k', М: 'm', м: 'm', Н: 'h', н: 'h',
  О: 'o', о: 'o', Р: 'p', р: 'p', С: 'c', с: 'c', Т: 't', т: 't', У: 'y', у: 'y', Х: 'x', х: 'x',
  І: 'i', і: 'i', Ј: 'j', ј: 'j', Ѕ: 's', ѕ: 's', Ԁ: 'd', ԁ: 'd', Ԛ: 'q', ԛ: 'q', Ԝ: 'w', ԝ: 'w',
  Ӏ: 'l', ӏ: 'l', Һ: 'h', һ: 'h', Ү: 'y', ү: 'y', Ь: 'b', ь: 'b',
  // Greek
  Α: 'a', α: 'a', Β: 'b', β: 'b', Ε: 'e', ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', ι: 'i', Κ: 'k', κ: 'k',
  Μ: 'm', Ν: 'n', ν: 'v', Ο: 'o', ο: 'o', Ρ: 'p', ρ: 'p', Τ: 't', τ: 't', Υ: 'y', υ: 'u', Χ: 'x', χ: 'x',
};

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const MARK = /\p{M}/u;
const SPACE = /[\p{Z}\s]/u;
const IGNORABLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF\u{E0000}-\u{E0FFF}]/u;
/** Other controls, lone surrogates, private use and unassigned: separators. */
const CONTROL = /^[\p{Cs}\p{Co}\p{Cn}]$|^[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]$/u;
const NEWLINE = /[\n\r\u2028\u2029\u0085\v\f]/u;

const cache = new Map<number, CharInfo>();

function scriptOf(ch: string): 0 | 1 | 2 | 3 {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x250 || (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0xff21 && cp <= 0xff5a)) return 1;
  if (cp >= 0x400 && cp <= 0x52f) return 2;
  if (cp >= 0x370 && cp <= 0x3ff) return 3;
  return 0;
}

function compute(ch: string): CharInfo {
  if (CONTROL.test(ch)) return { cls: CharClass.Space, fold: '', homo: '', script: 0, upper: false };
  if (NEWLINE.test(ch)) return { cls: CharClass.Newline, fold: '', homo: '', script: 0, upper: false };
  if (IGNORABLE.test(ch)) return { cls: CharClass.Ignorable, fold: '', homo: '', script: 0, upper: false };
  if (MARK.test(ch)) return { cls: CharClass.Mark, fold: '', homo: '', script: 0, upper: false };
  if (SPACE.test(ch)) return { cls: CharClass.Space, fold: '', homo: '', script: 0, upper: false };
  // Compatibility decomposition, then drop marks (diacritics).
  let fold = '';
  let letters = 0;
  let digits = 0;
  for (const c of ch.normalize('NFKD')) {
    if (MARK.test(c) || IGNORABLE.test(c)) continue;
    fold += c;
    if (LETTER.test(c)) letters++;
    else if (DIGIT.test(c)) digits++;
  }
  const lower = fold.toLowerCase();
  const upper = fold !== lower;
  if (letters > 0 && digits === 0 && lower.length > 0) {
    const script = scriptOf(ch);
    const homo = HOMOGLYPHS[ch] ?? lower;
    return { cls: CharClass.Letter, fold: lower, homo, script, upper };
  }
  if (digits > 0 && letters === 0) {
    // Keep only ASCII digits where the decomposition gives them (full-width 1 → 1).
    return { cls: CharClass.Digit, fold: lower, homo: lower, script: 0, upper: false };
  }
  if (letters > 0) return { cls: CharClass.Letter, fold: lower, homo: lower, script: scriptOf(ch), upper };
  return { cls: CharClass.Punct, fold: ch, homo: ch, script: 0, upper: false };
}

/** Classify and fold one code point (`ch` is one code point, possibly two UTF-16 units). */
export function charInfo(ch: string, cp: number): CharInfo {
  let info = cache.get(cp);
  if (info === undefined) {
    info = compute(ch);
    if (cache.size < 65536) cache.set(cp, info);
  }
  return info;
}

/** Pre-computed infos for ASCII, the hot path. */
export const ASCII: CharInfo[] = Array.from({ length: 128 }, (_, cp) => compute(String.fromCharCode(cp)));

/** Fold a phrase the same way the tokenizer folds text (no offsets). */
export function foldString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const info = cp < 128 ? ASCII[cp] : charInfo(ch, cp);
    out += info.cls === CharClass.Space || info.cls === CharClass.Newline ? ' ' : info.fold;
  }
  return out.replace(/ +/g, ' ').trim();
}
