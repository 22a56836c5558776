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
    const hint = toIso3(doc.langHint ?? doc.meta.lang);
    const reasons: string[] = [];
    let risk = 0;
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
      signal: signalReport(ctx, 'language', risk, findings.length, summary, { mixedParagraphs: mixed }),
    };
  },
};
