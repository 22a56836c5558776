/**
 * Marks that translated copy carries over from another language's writing: the checks of the
 * `typography` rule kind (rules/translation/). Each check is one pass over the text with bounded
 * patterns (no nested quantifiers), so it is linear in the text; what a check looks for is fixed
 * here, what it reports (message, weight, language) is data.
 *
 *   script      runs of letters of another script left untranslated ("[정치]", "Quelle" is Latin and not seen)
 *   spacing     typography of another language: spaces inside quotation marks, "15 -year -old"
 *   run-on      a sentence boundary lost by the translation: "… work When I come back You have to …"
 *   dates       "(13/6)" (Indonesian press), "(4th)" (Korean broadcast), "the 23 of July" (Romance languages)
 *   quote-dash  the Russian attribution “…,” - said X
 *   names       one name transliterated two ways ("Prayut", "Prayuth")
 */
import type { LanguageModel } from '../lm/model.ts';
import type { CompiledRule } from '../rules/schema.ts';
import type { AnalyzerContext, Finding } from '../types.ts';
import { fillMessage } from './util.ts';

export type TypographyRule = Extract<CompiledRule, { kind: 'typography' }>;

/** One regular expression per rule (the `script` and `run-on` checks build theirs from the rule's data). */
const compiled = new WeakMap<TypographyRule, RegExp>();

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const FIXED: Partial<Record<TypographyRule['check'], RegExp>> = {
  // A space after an opening or before a closing double quotation mark; a hyphen spaced off the word it joins.
  // Anchored on the rare characters; what stands before the space is checked in code (a look-behind at every position is slow).
  spacing: /[“«„] (?=\p{L})| [”»]| -\p{L}{2,}(?= -|[ ,.])/gu,
  // The last alternative, any ordinal, is kept only when its suffix is not English's ("the 43st"): checked in code.
  dates: new RegExp(`\\(\\d{1,2}/\\d{1,2}\\)|\\(\\d{1,2}(?:st|nd|rd|th)\\)|\\bthe \\d{1,2} of (?:${MONTHS})\\b|\\b\\d{1,4}(?:st|nd|rd|th)\\b`, 'g'),
  'quote-dash': /[”“"»],? ?[-–—] ?(?:said|says|noted|added|stressed|emphasi[sz]ed|wrote|told|explained|concluded|stated|according)\b/g,
};

function regexOf(rule: TypographyRule): RegExp | null {
  let re: RegExp | undefined = compiled.get(rule);
  if (re) return re;
  if (rule.check === 'script') {
    const names = Object.keys(rule.scripts ?? {});
    if (!names.length) return null;
    const cls = names.map((n) => `\\p{Script=${n}}`).join('');
    // A run: letters of these scripts, with marks and single inner spaces.
    re = new RegExp(`[${cls}][${cls}\\p{M}]*(?: [${cls}][${cls}\\p{M}]*)*`, 'gu');
  } else if (rule.check === 'run-on') {
    const words = rule.words ?? [];
    if (!words.length) return null;
    const alt = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('|');
    // What stands before (a lower-case word, maybe a comma, and a space) is checked in code: cheaper than a look-behind at every position.
    re = new RegExp(`\\b(?:${alt})(?= (?:\\p{Ll}|I\\b))`, 'gu');
  } else re = FIXED[rule.check];
  if (!re) return null;
  compiled.set(rule, re);
  return re;
}

/** The language a `script` run points to: the first script of the rule's map its first letter belongs to. */
const scriptTests = new WeakMap<TypographyRule, Array<[RegExp, string]>>();
function scriptLanguage(rule: TypographyRule, run: string): string | undefined {
  let tests = scriptTests.get(rule);
  if (!tests) scriptTests.set(rule, (tests = Object.entries(rule.scripts ?? {}).map(([s, lang]) => [new RegExp(`^\\p{Script=${s}}`, 'u'), lang])));
  for (const [re, lang] of tests) if (re.test(run)) return lang;
  return undefined;
}

/** Whether an ordinal's suffix is not the one English gives its number ("43st", "2th", "11st"). */
export function wrongOrdinal(s: string): boolean {
  const n = Number(s.slice(0, -2));
  const suffix = s.slice(-2);
  const tens = n % 100;
  const right = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return suffix !== right;
}

function dateLanguage(m: string): string | undefined {
  if (/^\d/.test(m)) return undefined;
  if (m.startsWith('(') && m.includes('/')) return 'ind';
  if (m.startsWith('(')) return 'kor';
  return undefined;
}

function finding(rule: TypographyRule, text: string, start: number, end: number, category?: string, expected?: string): Finding {
  const actual = text.slice(start, end);
  const cat = category ?? rule.category;
  return {
    signal: 'translation',
    rule: rule.ruleId,
    start,
    end,
    text: actual,
    message: fillMessage(rule.message, actual.trim(), expected),
    severity: rule.level,
    ...(expected ? { expected } : {}),
    ...(cat ? { category: cat } : {}),
  };
}

/** Letters outside the Latin script (Greek to Hangul, CJK compatibility): Latin Extended Additional (Vietnamese) is left out. */
const NON_LATIN = /[\u0370-\u1dff\u2e80-\ud7ff\uf900-\ufaff]/;

/** At most this many findings per rule and document: a page of untranslated text is one problem, not hundreds. */
const MAX_PER_RULE = 20;

export function typographyFindings(ctx: AnalyzerContext, rule: TypographyRule): Finding[] {
  if (rule.check === 'names') return nameVariants(ctx, rule);
  const re = regexOf(rule);
  if (!re) return [];
  const text = ctx.doc.text;
  const out: Finding[] = [];
  // Most English texts have no letter outside the Latin script: one scan of a range class says so.
  if (rule.check === 'script' && !NON_LATIN.test(text)) return out;
  re.lastIndex = 0;
  for (let m = re.exec(text); m && out.length < MAX_PER_RULE; m = re.exec(text)) {
    let start = m.index;
    let end = start + m[0].length;
    if (end === start) {
      re.lastIndex++;
      continue;
    }
    let category: string | undefined;
    if (rule.check === 'run-on' && !afterLowerWord(text, start)) continue;
    if (rule.check === 'spacing' && m[0][0] === ' ' && !(start > 0 && /[\p{L}\d]/u.test(text[start - 1]))) continue;
    if (rule.check === 'script') {
      if ([...m[0].replace(/[\s\p{M}]/gu, '')].length < rule.minLetters) continue;
      // A gloss in brackets after a name or term ("Su Tseng-chang (蘇貞昌)") is the translator's, not a leftover.
      if (text[start - 1] === '(' && text[end] === ')') continue;
      category = scriptLanguage(rule, m[0]);
    } else if (rule.check === 'dates') {
      if (/^\d/.test(m[0]) && !wrongOrdinal(m[0])) continue;
      category = dateLanguage(m[0]);
    } else if (rule.check === 'spacing' || rule.check === 'run-on') {
      // Show the words on either side, not a lone space or mark.
      while (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1])) start--;
      while (end < text.length && /[\p{L}\p{N}]/u.test(text[end])) end++;
      if (rule.check === 'run-on') {
        let s = start - 1;
        while (s > 0 && text[s - 1] !== ' ' && text[s - 1] !== '\n') s--;
        if (s >= 0 && s < start - 1) start = Math.max(0, s);
      }
    }
    out.push(finding(rule, text, start, end, category));
  }
  return out;
}

const ASCII_WORD = /^[a-z]+$/;
const LOWER = /\p{Ll}/u;

/** Whether text[start] follows a lower-case word and a space, maybe with a comma between. */
function afterLowerWord(text: string, start: number): boolean {
  if (text[start - 1] !== ' ') return false;
  const k = text[start - 2] === ',' ? start - 3 : start - 2;
  return k >= 0 && LOWER.test(text[k]);
}

/** Letters a transliteration tends to vary (Prayut/Prayuth, Zelensky/Zelenskyy, Aksoy/Aksoi). */
const VARYING = new Set('aeiouyjhkcqszvw');

/** Whether a and b (lower case) differ by one edit of a letter that transliterations vary. */
function transliterationPair(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // One substitution (never the first letter), both letters of the varying kind.
    if (i === 0 || a.slice(i + 1) !== b.slice(i + 1)) return false;
    return VARYING.has(a[i]) && VARYING.has(b[i]);
  }
  // One insertion in the longer: inside the word, or an h or y at its end (not a suffix such as -s, -n, -i, -an).
  if (b.slice(i + 1) !== a.slice(i)) return false;
  if (i === a.length) return b[i] === 'h' || b[i] === 'y';
  return i > 0 && VARYING.has(b[i]);
}

/** The same name written two ways: capitalised words inside sentences that the language model does not know as common words. */
function nameVariants(ctx: AnalyzerContext, rule: TypographyRule): Finding[] {
  const { tokens, types, text } = ctx.doc;
  const lm: LanguageModel | null = ctx.rules.lm;
  const typeId = lm ? lm.typeIds(types) : null;
  // First occurrence and count of each candidate form, by type; per distinct form: 1 a candidate name, 2 not (decided once).
  const firstAt = new Int32Array(types.length).fill(-1);
  const count = new Int32Array(types.length);
  const decided = new Uint8Array(types.length);
  const names: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.caps !== 'title' || t.sentStart || t.kind !== 'word') continue;
    const type = t.type;
    let d = decided[type];
    if (d === 0) {
      const form = types[type];
      // A common English word (Malaysia, Prefecture) is no transliteration.
      const ok = form.length >= Math.max(4, rule.minLetters) && ASCII_WORD.test(form) && !(typeId && typeId[type] >= 0 && lm!.unigram(typeId[type]) > -5.5);
      decided[type] = d = ok ? 1 : 2;
      if (ok) {
        if (names.length >= 400) break;
        firstAt[type] = i;
        names.push(type);
      }
    }
    if (d === 1) count[type]++;
  }
  if (names.length < 2) return [];
  // Bucket by first letter and length so that only near spellings are compared.
  const buckets = new Map<number, number[]>();
  const keyOf = (f: string, len: number) => f.charCodeAt(0) * 64 + Math.min(len, 63);
  for (const type of names) {
    const f = types[type];
    const k = keyOf(f, f.length);
    (buckets.get(k) ?? buckets.set(k, []).get(k)!).push(type);
  }
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const type of names) {
    const f = types[type];
    for (let len = f.length - 1; len <= f.length + 1; len++) {
      for (const other of buckets.get(keyOf(f, len)) ?? []) {
        if (other === type || seen.has(type) || seen.has(other)) continue;
        if (!transliterationPair(f, types[other])) continue;
        // Report the rarer spelling (on a tie, the later one) against the other.
        const ca = count[type];
        const cb = count[other];
        const typeIsOdd = ca < cb || (ca === cb && firstAt[type] > firstAt[other]);
        const odd = typeIsOdd ? type : other;
        const usual = typeIsOdd ? other : type;
        seen.add(odd);
        seen.add(usual);
        const tok = tokens[firstAt[odd]];
        const ref = tokens[firstAt[usual]];
        const expected = text.slice(ref.start, ref.end);
        out.push(finding(rule, text, tok.start, tok.end, undefined, expected));
        if (out.length >= MAX_PER_RULE) return out;
      }
    }
  }
  return out;
}
