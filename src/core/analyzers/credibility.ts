/**
 * Credibility: who published the article (from `url`, canonical link or
 * og:site_name), whom it cites (outlets named in the text, domains, "according
 * to X"), and what the text itself shows (byline, named vs anonymous
 * sourcing, state-media formulas from the propaganda analyzer). The reasons
 * are listed in `signals.credibility.details.reasons`, like a nutrition label.
 */
import { getDomain, parse } from 'tldts';
import type { Analyzer, AnalyzerContext, Finding, RuleMatch, Source } from '../types.ts';
import type { Outlet } from '../rules/schema.ts';
import { findingFor, resolveOverlaps, round, signalReport } from './util.ts';
import { buildDoc } from '../doc.ts';

const EUVSDISINFO_MIN_CASES = 3;
/** Capitalised words of citation patterns that are not part of the cited name. */
const CITATION_WORDS = new Set(['according', 'told', 'said', 'says', 'source', 'sources', 'by', 'a', 'an', 'the', 'spokesperson', 'spokesman', 'spokeswoman', 'for', 'to', 'reported', 'reports', 'in', 'statement']);
/** Words of an outlet name that may be lower case in running text ("the Guardian"). */
const NAME_FUNCTION_WORDS = new Set(['the', 'of', 'and', '&', 'de', 'la', 'le', 'el', 'der', 'die']);

interface Reason {
  code: string;
  text: string;
  /** Change to risk (negative = more credible). */
  effect: number;
}

function domainOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const d = getDomain(url, { allowPrivateDomains: false });
    return d ?? undefined;
  } catch {
    return undefined;
  }
}

function outletSource(o: Outlet | undefined, role: Source['role'], domain?: string, name?: string): Source {
  const s: Source = { role };
  const n = o?.name ?? name;
  if (n) s.name = n;
  const d = o?.domain ?? domain;
  if (d) s.domain = d;
  if (o?.rating !== undefined) s.rating = o.rating;
  if (o?.label) s.label = o.label;
  return s;
}

/** Domains written in the text (reuters.com, www.rt.com, example-news.co.uk): adjacent word, '-' and '.' tokens. */
function domainMentions(ctx: AnalyzerContext): Array<{ domain: string; start: number; end: number }> {
  const { tokens, text } = ctx.doc;
  const out: Array<{ domain: string; start: number; end: number }> = [];
  const joinable = (i: number) => tokens[i].kind !== 'punct' || tokens[i].norm === '.' || tokens[i].norm === '-';
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i].kind === 'punct') {
      i++;
      continue;
    }
    // The longest run of touching word/'.'/'-' tokens, ending on a word.
    let j = i;
    let dots = 0;
    while (j + 1 < tokens.length && tokens[j + 1].start === tokens[j].end && joinable(j + 1) && j - i < 40) {
      j++;
      if (tokens[j].norm === '.') dots++;
    }
    while (j > i && tokens[j].kind === 'punct') j--;
    if (dots > 0 && j > i) {
      const host = text.slice(tokens[i].start, tokens[j].end).toLowerCase();
      const p = parse(host);
      if (p.domain && p.isIcann && !p.isIp && p.publicSuffix && p.publicSuffix.length >= 2 && p.domain.includes('.')) {
        out.push({ domain: p.domain, start: tokens[i].start, end: tokens[j].end });
      }
    }
    i = j + 1;
  }
  return out;
}

const QUOTE_OPEN = new Set(['\u201c', '\u00ab', '\u201e']);
const QUOTE_CLOSE = new Set(['\u201d', '\u00bb', '\u201c']);
const PRONOUNS = new Set(['he', 'she', 'they', 'i', 'we', 'он', 'она', 'они']);
const SPEECH = new Set([
  'said', 'says', 'say', 'saying', 'told', 'telling', 'tells', 'add', 'added', 'adding', 'adds', 'asked', 'asks', 'wrote', 'writes', 'write', 'explained', 'explains', 'noted', 'notes', 'stated', 'states', 'stating',
  'tweeted', 'posted', 'according', 'insisted', 'argued', 'argues', 'warned', 'warns', 'recalled', 'replied', 'responded', 'declared', 'declares', 'reported', 'reports', 'urged', 'urges', 'called', 'calls',
  'described', 'describes', 'claimed', 'claims', 'announced', 'commented', 'acknowledged', 'admitted', 'confirmed', 'continued', 'concluded', 'remarked', 'suggested', 'reads', 'read', 'quoted', 'quoting', 'statement',
  'сказал', 'сказала', 'заявил', 'заявила', 'отметил', 'отметила', 'добавил', 'добавила', 'написал', 'написала', 'пояснил', 'пояснила', 'словам',
]);

/**
 * Quotations of five words or more (between double or angle quotes on one
 * line) and whether each is attributed: a speech verb with a capitalised name
 * or a personal pronoun ("he said": the speaker was named before) within
 * eight tokens after the quotation or before it.
 */
export function quoteAttribution(ctx: AnalyzerContext): { quotes: number; attributed: number } {
  const { tokens } = ctx.doc;
  let quotes = 0;
  let attributed = 0;
  const named = (from: number, to: number) => {
    let verb = false;
    let name = false;
    for (let k = Math.max(0, from); k < Math.min(tokens.length, to); k++) {
      const t = tokens[k];
      if (t.kind !== 'word') continue;
      if (SPEECH.has(t.norm)) verb = true;
      else if (((t.caps === 'title' || t.caps === 'upper') && !t.sentStart) || PRONOUNS.has(t.norm)) name = true;
    }
    return verb && name;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const straight = t.norm === '"';
    if (!(straight || QUOTE_OPEN.has(t.norm))) continue;
    let j = i + 1;
    let words = 0;
    while (j < tokens.length && tokens[j].line === t.line && !(straight ? tokens[j].norm === '"' : QUOTE_CLOSE.has(tokens[j].norm))) {
      if (tokens[j].kind !== 'punct') words++;
      j++;
    }
    if (j >= tokens.length || tokens[j].line !== t.line) continue; // unclosed on this line
    if (words >= 5) {
      quotes++;
      if (named(j + 1, j + 9) || named(i - 8, i)) attributed++;
    }
    i = j;
  }
  return { quotes, attributed };
}

/** Problems of the headline (meta title, else the first line when it is short): clickbait wording, capitals, a question. */
function headlineProblems(ctx: AnalyzerContext): string[] {
  const { doc, rules } = ctx;
  let title = doc.meta.title;
  if (!title) {
    const first = doc.lines.find((l) => l.words > 0);
    if (first && first.words <= 20) title = doc.text.slice(first.start, first.end);
  }
  if (!title) return [];
  const out: string[] = [];
  const head = buildDoc({ text: title });
  let clickbait = false;
  rules.trie.scan(head.tokens, head.types, (m) => {
    if (m.rule >= 0 && rules.rules[m.rule].category === 'clickbait') clickbait = true;
  });
  if (clickbait) out.push('clickbait wording');
  const letters = title.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 12 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) out.push('in capitals');
  if (/\?\s*$/.test(title) && head.words >= 4) out.push('a question (the answer is usually no)');
  if ((title.match(/!/g) ?? []).length >= 2) out.push('exclamation marks');
  return out;
}

export const credibility: Analyzer = {
  name: 'credibility',
  after: ['propaganda'],
  analyze(ctx) {
    const { doc, rules } = ctx;
    const reasons: Reason[] = [];
    const sources: Source[] = [];
    const findings: Finding[] = [];

    // Publisher.
    const pubDomain = domainOf(doc.meta.url) ?? domainOf(doc.meta.canonical);
    const outlet = pubDomain ? rules.outletsByDomain.get(pubDomain) : undefined;
    let risk: number;
    if (pubDomain || doc.meta.siteName) {
      sources.push(outletSource(outlet, 'publisher', pubDomain, doc.meta.siteName));
    }
    if (outlet?.rating !== undefined) {
      risk = 1 - outlet.rating;
      reasons.push({ code: 'outlet-rating', text: `Publisher ${outlet.name ?? outlet.domain} rated ${outlet.rating.toFixed(2)}${outlet.from?.length ? ` (${outlet.from.join(', ')})` : ''}`, effect: 0 });
    } else {
      risk = 0.4;
      reasons.push({ code: 'outlet-unknown', text: pubDomain ? `Publisher ${pubDomain} has no rating` : 'Publisher unknown (no url given)', effect: 0 });
    }
    // EUvsDisinfo case counts: one or two cases also hit mainstream outlets, so the signal starts at three.
    if (outlet?.euvsdisinfo && outlet.euvsdisinfo >= EUVSDISINFO_MIN_CASES) {
      const e = outlet.euvsdisinfo >= 10 ? 0.2 : 0.1;
      risk += e;
      reasons.push({ code: 'euvsdisinfo', text: `Publisher named in ${outlet.euvsdisinfo} EUvsDisinfo cases`, effect: e });
    }

    // Cited outlets by name (longest name wins where names overlap) and by domain.
    const isName = (m: RuleMatch) => {
      // Outlet names are proper names: every word but function words must be capitalised.
      for (let k = m.tokStart; k < m.tokEnd; k++) {
        const w = doc.tokens[k];
        if (w.kind === 'word' && w.caps !== 'title' && w.caps !== 'upper' && !NAME_FUNCTION_WORDS.has(w.norm)) return false;
      }
      return true;
    };
    for (const m of resolveOverlaps(ctx.outletMatches.filter(isName), () => 'all')) {
      const o = rules.outlet(m.rule);
      if (o.domain === pubDomain) continue;
      // "the Guardian": the evidence starts at the name proper.
      let first = m.tokStart;
      while (first < m.tokEnd - 1 && doc.tokens[first].caps === 'lower' && NAME_FUNCTION_WORDS.has(doc.tokens[first].norm)) first++;
      sources.push({ ...outletSource(o, 'cited'), evidence: { start: doc.tokens[first].start, end: doc.tokens[m.tokEnd - 1].end } });
    }
    for (const d of domainMentions(ctx)) {
      if (d.domain === pubDomain) continue;
      const o = rules.outletsByDomain.get(d.domain);
      sources.push({ ...outletSource(o, 'cited', d.domain), evidence: { start: d.start, end: d.end } });
    }

    // What the text shows.
    let byline = !!doc.meta.byline;
    let anonymous = 0;
    let advertising = 0;
    for (const m of ctx.matches.credibility) {
      const rule = rules.rules[m.rule];
      const tok = doc.tokens[m.tokStart];
      switch (rule.category) {
        case 'byline':
          if (tok.line <= 3) byline = true;
          break;
        case 'citation': {
          // The cited name: the capitalised run around the last capitalised word of the match
          // ("according to Reuters", "Reuters reported", "told Bloomberg News").
          const isCap = (i: number) => doc.tokens[i].kind === 'word' && (doc.tokens[i].caps === 'title' || doc.tokens[i].caps === 'upper');
          let c = m.tokEnd - 1;
          while (c >= m.tokStart && !(isCap(c) && !CITATION_WORDS.has(doc.tokens[c].norm))) c--;
          if (c < m.tokStart) break;
          let s = c;
          while (s > m.tokStart && isCap(s - 1) && !doc.tokens[s].sentStart) s--;
          let e = c + 1;
          while (e < doc.tokens.length && e - c < 6 && isCap(e) && !doc.tokens[e].sentStart) e++;
          const start = doc.tokens[s].start;
          const end = doc.tokens[e - 1].end;
          // One source per span: overlapping citation patterns and outlet names count once.
          if (sources.some((x) => x.evidence && x.evidence.start < end && start < x.evidence.end)) break;
          sources.push({ name: doc.text.slice(start, end), role: 'cited', evidence: { start, end } });
          break;
        }
        case 'anonymous':
          anonymous++;
          findings.push(findingFor(ctx, m));
          break;
        default:
          advertising += rule.category === 'advertising' ? 1 : 0;
          findings.push(findingFor(ctx, m));
      }
    }
    const cited = sources.filter((s) => s.role === 'cited').length;
    if (byline) {
      risk -= 0.05;
      reasons.push({ code: 'byline', text: 'Has a byline', effect: -0.05 });
    } else if (doc.words >= 150) {
      risk += 0.1;
      reasons.push({ code: 'no-byline', text: 'No byline', effect: 0.1 });
    }
    if (cited >= 2) {
      risk -= 0.1;
      reasons.push({ code: 'named-sources', text: `${cited} named or cited sources`, effect: -0.1 });
    } else if (doc.words >= 150) {
      risk += 0.05;
      reasons.push({ code: 'few-sources', text: 'Fewer than two named sources', effect: 0.05 });
    }
    if (anonymous) {
      const e = Math.min(0.15, 0.05 * anonymous);
      risk += e;
      reasons.push({ code: 'anonymous-sources', text: `${anonymous} anonymous attribution${anonymous > 1 ? 's' : ''}`, effect: e });
    }
    if (advertising) {
      risk += 0.1;
      reasons.push({ code: 'advertising', text: 'Advertising or sponsored-content markers', effect: 0.1 });
    }
    // Quotations and who says them.
    const q = quoteAttribution(ctx);
    if (q.quotes >= 2) {
      const share = q.attributed / q.quotes;
      if (share < 0.5) {
        risk += 0.05;
        reasons.push({ code: 'unattributed-quotes', text: `${q.quotes - q.attributed} of ${q.quotes} quotations not attributed to a named speaker`, effect: 0.05 });
      } else {
        reasons.push({ code: 'attributed-quotes', text: `${q.attributed} of ${q.quotes} quotations attributed to a named speaker`, effect: 0 });
      }
    }
    // Opinion language in news copy (the propaganda signal's editorializing markers).
    const editorial = (ctx.results.propaganda?.findings ?? []).filter((f) => f.category === 'editorializing' || f.category === 'attribution').length;
    if (editorial >= 2) {
      const e = editorial >= 5 ? 0.1 : 0.05;
      risk += e;
      reasons.push({ code: 'opinion-language', text: `${editorial} editorializing markers in news copy (opinion in the writer's voice)`, effect: e });
    }
    // The headline: clickbait wording, shouting, and a question headline.
    const headline = headlineProblems(ctx);
    if (headline.length) {
      risk += 0.05;
      reasons.push({ code: 'headline', text: `Headline: ${headline.join('; ')}`, effect: 0.05 });
    }
    const stateFormulas = Number(ctx.results.propaganda?.facts?.stateFormulas ?? 0);
    if (stateFormulas > 0) {
      const e = stateFormulas > 1 ? 0.35 : 0.25;
      risk += e;
      reasons.push({ code: 'state-formulas', text: `${stateFormulas} state-mandated formula${stateFormulas > 1 ? 's' : ''} (state-aligned outlet sign)`, effect: e });
    }
    risk = round(risk);
    const summary = reasons.map((r) => r.text).join('; ');
    return {
      findings,
      sources,
      signal: signalReport(ctx, 'credibility', risk, findings.length, summary, { reasons, byline, namedSources: cited, anonymous }),
    };
  },
};
