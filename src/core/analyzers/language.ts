/**
 * Language: franc on the whole text and on each long paragraph; paragraphs
 * in another language than the document (untranslated or mixed passages)
 * become findings, and a `lang` hint that disagrees with the text is noted.
 */
import { franc, francAll } from 'franc';
import type { Analyzer, AnalyzerContext, Finding } from '../types.ts';
import { round, signalReport } from './util.ts';
import { STOPWORDS } from '../text/stopwords.ts';
import { typeFlags } from '../doc.ts';

const MIN_PARAGRAPH_WORDS = 20;
/** Below this many words franc guesses too wildly to report a language. */
const MIN_DOC_WORDS = 10;
const MAX_PARAGRAPHS = 40;
/** Characters franc reads for the whole document (its accuracy is flat past ~1,000). */
const DOC_SAMPLE = 600;
/** Characters franc reads for one paragraph. */
const PARAGRAPH_SAMPLE = 400;
/**
 * franc's Scots model wins on plain English news samples of a few hundred
 * characters; Scots news is rare enough that we leave it out.
 */
const IGNORED = ['sco'];
/** Languages a paragraph is compared with besides the document's own: the common ones of news. */
const PARAGRAPH_CANDIDATES = ['eng', 'rus', 'ukr', 'deu', 'fra', 'spa', 'ita', 'por', 'nld', 'pol', 'tur', 'arb', 'cmn', 'jpn', 'bel', 'bul', 'srp', 'ron'];
/** An English paragraph has at least this share of English function words; such paragraphs skip franc. */
const ENGLISH_STOPWORD_SHARE = 0.2;

/** ISO 639-1 → 639-3 for the common hints (franc speaks 639-3). */
const ISO1: Record<string, string> = {
  en: 'eng', ru: 'rus', uk: 'ukr', de: 'deu', fr: 'fra', es: 'spa', it: 'ita', pt: 'por', nl: 'nld', pl: 'pol',
  zh: 'cmn', ja: 'jpn', ar: 'arb', tr: 'tur', sv: 'swe', fi: 'fin', cs: 'ces', ro: 'ron', hu: 'hun', el: 'ell',
};

export function toIso3(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const c = code.toLowerCase().split(/[-_]/)[0];
  return c.length === 2 ? ISO1[c] ?? c : c;
}

/** Share of the document's first 100 words that are English function words. */
function englishShare(doc: AnalyzerContext['doc']): number {
  const isStop = typeFlags(doc, STOPWORDS);
  let words = 0;
  let stop = 0;
  for (const t of doc.tokens) {
    if (t.kind !== 'word') continue;
    words++;
    stop += isStop[t.type];
    if (words === 100) break;
  }
  return words ? stop / words : 0;
}

/** The first DOC_SAMPLE characters of the text's lines that hold words (for HTML: of the main text). */
function sampleOf(doc: AnalyzerContext['doc']): string {
  let out = '';
  for (const l of doc.lines) {
    if (l.words === 0) continue;
    out += (out ? '\n' : '') + doc.text.slice(l.start, Math.min(l.end, l.start + DOC_SAMPLE - out.length));
    if (out.length >= DOC_SAMPLE) break;
  }
  return out;
}

const MAX_WORD_FINDINGS = 20;

/**
 * Words that mix Latin letters with Cyrillic or Greek ones ("Тор Minister"
 * with a Cyrillic Т and о): look-alike characters, used to dodge filters or
 * left by careless copying. Real words of one script never mix them.
 */
export function mixedScriptWords(ctx: AnalyzerContext): Finding[] {
  const { tokens, text } = ctx.doc;
  const out: Finding[] = [];
  // Most documents have no Greek or Cyrillic letter at all: one native scan settles them.
  if (!/[\u0370-\u04ff]/.test(text)) return out;
  for (const t of tokens) {
    if (t.kind !== 'word' || out.length >= MAX_WORD_FINDINGS) continue;
    let latin = false;
    let other = false;
    for (let i = t.start; i < t.end; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin = true;
      else if ((c >= 0x0370 && c <= 0x03ff) || (c >= 0x0400 && c <= 0x04ff)) other = true;
    }
    // Mixed inside the word, or a whole word of look-alikes that the tokenizer read as Latin ("the Тор Minister").
    if (!(other && (latin || /^[a-z]+$/.test(t.norm)))) continue;
    const actual = text.slice(t.start, t.end);
    out.push({
      signal: 'language',
      rule: 'language.mixed-script',
      start: t.start,
      end: t.end,
      text: actual,
      message: `'${actual}' mixes Latin with Cyrillic or Greek letters: look-alike characters`,
      severity: 'warning',
      category: 'mixed-script',
    });
  }
  return out;
}

const ENTITY = /&(?:amp;)?(?:#\d{2,6}|#x[0-9a-f]{2,5}|quot|apos|nbsp|lt|gt|amp|rsquo|lsquo|rdquo|ldquo|mdash|ndash|hellip);/gi;

/**
 * Signs of machine translation or mangled text, each documented where it is
 * common: HTML entities left as text ("&quot;", "&#39;": text escaped twice
 * on its way through a scraper or translation API); a space before a comma
 * or full stop in English (tokenised MT output re-joined word by word; French
 * typography spaces only ; : ! ?). A stated machine translation is the
 * translation signal's (rules/translation/translationese.yaml, mt-notice).
 */
export function translationArtifacts(ctx: AnalyzerContext, code: string): Finding[] {
  const { tokens, text } = ctx.doc;
  const out: Finding[] = [];
  const push = (start: number, end: number, message: string) => {
    if (out.length < MAX_WORD_FINDINGS) out.push({ signal: 'language', rule: 'language.translation-artifact', start, end, text: text.slice(start, end), message, severity: 'info', category: 'translation' });
  };
  // One pass of each expression over the whole text, keeping matches on lines the document view
  // keeps (for HTML: the main blocks; lines are sorted, so a binary search finds each).
  const lines = ctx.doc.lines;
  const kept = (offset: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lines[lo].tokEnd > lines[lo].tokStart;
  };
  if (text.includes('&')) {
    for (const m of text.matchAll(ENTITY)) if (kept(m.index!)) push(m.index!, m.index! + m[0].length, `HTML entity '${m[0]}' left in the text (escaped twice by a scraper or translation step)`);
  }
  if (code === 'eng') {
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i];
      const prev = tokens[i - 1];
      if (t.kind === 'punct' && (t.norm === ',' || t.norm === '.') && prev.kind === 'word' && prev.line === t.line && t.start > prev.end && /^[ \t]+$/.test(text.slice(prev.end, t.start))) {
        push(prev.start, t.end, `Space before '${t.norm}': a word-by-word re-joined sentence, typical of machine-translated or scraped text`);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export const language: Analyzer = {
  name: 'language',
  analyze(ctx) {
    const { doc } = ctx;
    const findings: Finding[] = [];
    let code = 'und';
    let confidence: number | undefined;
    if (doc.words >= MIN_DOC_WORDS) {
      const sample = sampleOf(doc);
      // franc against all its ~400 languages costs ~2 ms; English news (most input) is settled
      // against the common news languages alone (~0.3 ms) when English function words agree.
      let all = englishShare(doc) >= ENGLISH_STOPWORD_SHARE ? francAll(sample, { minLength: 10, only: PARAGRAPH_CANDIDATES }) : [];
      if (all[0]?.[0] !== 'eng') all = francAll(sample, { minLength: 10, ignore: IGNORED });
      code = all[0]?.[0] ?? 'und';
      if (code !== 'und') {
        const second = all[1]?.[1] ?? 0;
        // francAll scores are relative to the best (1.0): the gap is the confidence; short texts are capped.
        confidence = round((1 - second) * Math.min(1, doc.words / 20) + Math.min(0.5, doc.words / 40) * second, 2);
      }
    }
    let mixed = 0;
    if (code !== 'und') {
      const isStop = typeFlags(doc, STOPWORDS);
      let checked = 0;
      for (const line of doc.lines) {
        if (checked >= MAX_PARAGRAPHS) break;
        let words = 0;
        let stop = 0;
        for (let t = line.tokStart; t < line.tokEnd; t++) {
          const tok = doc.tokens[t];
          if (tok.kind !== 'word') continue;
          words++;
          stop += isStop[tok.type];
        }
        if (words < MIN_PARAGRAPH_WORDS) continue;
        // Cheap test first: an English paragraph in an English document needs no franc.
        if (code === 'eng' && stop / words >= ENGLISH_STOPWORD_SHARE) continue;
        checked++;
        const para = doc.text.slice(line.start, Math.min(line.end, line.start + PARAGRAPH_SAMPLE));
        const only = PARAGRAPH_CANDIDATES.includes(code) ? PARAGRAPH_CANDIDATES : [code, ...PARAGRAPH_CANDIDATES];
        const pl = franc(para, { minLength: 10, only });
        if (pl !== 'und' && pl !== code) {
          mixed++;
          const start = doc.tokens[line.tokStart].start;
          const end = doc.tokens[line.tokEnd - 1].end;
          findings.push({
            signal: 'language',
            rule: 'language.mixed',
            start,
            end,
            text: doc.text.slice(start, end),
            message: `Paragraph looks like another language (${pl}) than the article (${code}): untranslated or mixed passage`,
            severity: 'info',
            category: 'mixed-language',
          });
        }
      }
    }
    const scripts = mixedScriptWords(ctx);
    for (const f of scripts) findings.push(f);
    const artifacts = translationArtifacts(ctx, code);
    for (const f of artifacts) findings.push(f);
    const hint = toIso3(doc.langHint ?? doc.meta.lang);
    const reasons: string[] = [];
    let risk = 0;
    if (scripts.length) {
      risk += Math.min(0.4, 0.1 * scripts.length);
      reasons.push(`${scripts.length} word${scripts.length > 1 ? 's' : ''} mixing Latin with Cyrillic or Greek letters (look-alike characters)`);
    }
    if (artifacts.length) {
      risk += Math.min(0.3, 0.05 * artifacts.length);
      reasons.push(`${artifacts.length} sign${artifacts.length > 1 ? 's' : ''} of machine translation or mangled text`);
    }
    if (hint && code !== 'und' && hint !== code) {
      risk += 0.3;
      reasons.push(`Declared language ${hint} but the text reads as ${code}`);
    }
    if (mixed) {
      risk += Math.min(0.5, 0.15 * mixed);
      reasons.push(`${mixed} paragraph${mixed > 1 ? 's' : ''} in another language`);
    }
    const summary = code === 'und' ? 'Too little text to tell the language' : reasons.length ? reasons.join('; ') : `Reads as ${code}`;
    const report: { code: string; confidence?: number; hint?: string } = { code };
    if (confidence !== undefined) report.confidence = confidence;
    if (doc.langHint) report.hint = doc.langHint;
    return {
      findings,
      language: report,
      signal: signalReport(ctx, 'language', risk, findings.length, summary, { mixedParagraphs: mixed, mixedScriptWords: scripts.length, translationArtifacts: artifacts.length }),
    };
  },
};
