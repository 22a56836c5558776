/**
 * Start-up warm-up: one small analysis of text and of HTML with the bundled rules, run once at
 * module scope. V8 compiles functions lazily, on their first call; an isolate's first request would
 * otherwise pay to compile the whole analysis path inside its CPU limit (10 ms on the free plan).
 * Workers account module evaluation separately (start-up), so the compile moves there. The texts are
 * written for this purpose and cover every analyzer and the report's serialization.
 */
import { analyze } from '../core/analyze.ts';
import { boundReport, DEFAULT_MAX_FINDINGS, DEFAULT_MAX_RESPONSE_BYTES } from '../core/bound.ts';
import type { CompiledRuleset } from '../core/rules/compiled.ts';

const TEXT = [
  'The Top Minister said on Tuesday, within the final 12 months, that the council would review the plan, according to Reuters.',
  'In turn, critics called it a "disgraceful betrayal" of voters and asked why nobody had been consulted.',
  'Officials said a new round of talks could start next month. Share on Facebook',
].join('\n');
const HTML = `<html lang="en"><head><title>Council review</title><meta property="og:type" content="article"></head><body><nav><a href="/">Home</a></nav><article><h1>Council review</h1><p>${TEXT.replace(/\n/g, '</p><p>')}</p></article><footer>© Example</footer></body></html>`;

export function warmUp(rules: CompiledRuleset): void {
  try {
    for (const input of [{ text: TEXT }, { html: HTML, url: 'https://www.example.com/news/council' }]) {
      boundReport(analyze(input, rules, { origin: 'bundled' }), { maxFindings: DEFAULT_MAX_FINDINGS, content: 'full', maxBytes: DEFAULT_MAX_RESPONSE_BYTES });
    }
  } catch (e) {
    // A failed warm-up only costs the first request its compile time.
    console.warn(JSON.stringify({ msg: 'warm-up failed', error: String(e) }));
  }
}
