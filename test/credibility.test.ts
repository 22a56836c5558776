/**
 * Credibility and language through the API with the bundled rules: every way
 * a source is found, the ratings it carries, what the text itself shows, and
 * the language checks.
 */
import { describe, expect, it } from 'vitest';
import type { Report, Source } from '../src/core/types.ts';
import { assertOffsetsValid, call, score } from './helpers.ts';

const P = 'The council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.';
const reasonsOf = (r: Report) => (r.signals.credibility.details?.reasons as Array<{ code: string; effect: number }>).map((x) => x.code);
const cited = (r: Report): Source[] => r.sources.filter((s) => s.role === 'cited');
const evidence = (r: Report, s: Source) => r.content.text.slice(s.evidence!.start, s.evidence!.end);

describe('the publisher', () => {
  it('from url: the registrable domain (tldts), with its rating', async () => {
    const r = await score({ text: P, url: 'https://edition.cnn.com/2024/01/01/world/story.html' });
    const pub = r.sources.find((s) => s.role === 'publisher')!;
    expect(pub.domain).toBe('cnn.com');
    expect(pub.rating).toBeGreaterThan(0.5);
    expect(reasonsOf(r)).toContain('outlet-rating');
  });
  it('from HTML: canonical link and og:site_name', async () => {
    const html = `<html><head><link rel="canonical" href="https://www.theguardian.com/world/2024/story"><meta property="og:site_name" content="The Guardian"></head><body><article><p>${P}</p><p>${P}</p></article></body></html>`;
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html' }, body: html });
    const r = (await res.json()) as Report;
    const pub = r.sources.find((s) => s.role === 'publisher')!;
    expect(pub).toMatchObject({ domain: 'theguardian.com' });
    expect(pub.rating).toBeGreaterThan(0.5);
  });
  it('an outlet named in EUvsDisinfo cases gets that as a separate reason', async () => {
    const r = await score({ text: P, url: 'https://www.rt.com/news/123' });
    expect(reasonsOf(r)).toContain('euvsdisinfo');
    expect(reasonsOf(r)).toContain('outlet-rating');
  });
  it('an unknown publisher is said to be unknown', async () => {
    expect(reasonsOf(await score({ text: P, url: 'https://no-such-outlet-example.org/a' }))).toContain('outlet-unknown');
  });
});

describe('cited sources: each way one is found', () => {
  const cases: Array<[string, string, string]> = [
    ['"according to X"', 'The deal is off, according to Reuters.', 'Reuters'],
    ['"told X"', 'The minister told Bloomberg News that costs rose.', 'Bloomberg News'],
    ['"X reported"', 'The Financial Times reported on Friday that talks failed.', 'Financial Times'],
    ['"X said in a statement"', 'The Foreign Ministry said in a statement that it would appeal.', 'Foreign Ministry'],
    ['a "Source:" line', `${P}\nSource: Eurostat`, 'Eurostat'],
    ['a dateline', `LONDON (Reuters) — ${P}`, 'Reuters'],
    ['an outlet by name', `${P} Der Spiegel first published the plan.`, 'Der Spiegel'],
    ['an outlet by domain', `${P} The figures appeared on example-news.co.uk last week.`, 'example-news.co.uk'],
  ];
  for (const [how, text, name] of cases) {
    it(how, async () => {
      const r = await score({ text });
      const c = cited(r);
      expect(c.some((s) => evidence(r, s).endsWith(name)), JSON.stringify(c)).toBe(true);
      assertOffsetsValid(r);
    });
  }
  it('a rated outlet carries its rating; a byline counts for the article', async () => {
    const r = await score({ text: `By Jane Smith\n${P} The figures were first published by the Financial Times.` });
    const ft = cited(r).find((s) => s.domain === 'ft.com');
    expect(ft?.rating).toBeGreaterThan(0.5);
    expect(reasonsOf(r)).toContain('byline');
  });
});

describe('what the text shows', () => {
  it('anonymous sourcing', async () => {
    const r = await score({ text: `${P} Sources said the mayor would resign. People familiar with the matter told reporters the same.` });
    expect(reasonsOf(r)).toContain('anonymous-sources');
  });
  it('quotations with and without a named speaker', async () => {
    const unattributed = await score({ text: `${P} Critics call it "a plan that nobody asked for at all". The slogan was "better buses for a better city".` });
    expect(reasonsOf(unattributed)).toContain('unattributed-quotes');
    const attributed = await score({ text: `${P} "It is a plan nobody asked for," said Jane Smith. "We will fund every single route," the mayor added.` });
    expect(reasonsOf(attributed)).toContain('attributed-quotes');
    expect(reasonsOf(attributed)).not.toContain('unattributed-quotes');
  });
  it('opinion language in news copy', async () => {
    const r = await score({ text: `Obviously, ${P.toLowerCase()} It is no secret that the plan is late. Clearly, the council failed.` });
    expect(reasonsOf(r)).toContain('opinion-language');
  });
  it('a clickbait, shouting or question headline', async () => {
    const r = await score({ text: P, title: "You won't believe what the council did next!!" });
    expect(reasonsOf(r)).toContain('headline');
    expect((r.signals.credibility.details?.reasons as Array<{ code: string; text: string }>).find((x) => x.code === 'headline')?.text).toMatch(/clickbait wording.*exclamation marks/);
    expect(reasonsOf(await score({ text: P, title: 'COUNCIL EXPANDS THE BUS NETWORK' }))).toContain('headline');
    expect(reasonsOf(await score({ text: P, title: 'Council expands the bus network' }))).not.toContain('headline');
  });
  it('undisclosed advertising markers', async () => {
    const r = await score({ text: `${P}\nThis article contains affiliate links. We may earn a commission if you buy through them.` });
    expect(reasonsOf(r)).toContain('advertising');
  });
});

describe('language checks', () => {
  it('language.code is reliable from 20 words', async () => {
    const en = await score({ text: 'The council voted on Tuesday to expand the bus network and to add twelve new routes to the northern suburbs next year.' });
    expect(en.language.code).toBe('eng');
    const ru = await score({ text: 'Городской совет во вторник проголосовал за расширение автобусной сети и добавил двенадцать новых маршрутов в северные районы города.' });
    expect(ru.language.code).toBe('rus');
    const de = await score({ text: 'Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern und zwölf neue Linien in die nördlichen Vororte der Stadt einzurichten.' });
    expect(de.language.code).toBe('deu');
  });
  it('words that mix Latin with Cyrillic or Greek letters', async () => {
    const r = await score({ text: `${P} The Тор Minister and the Prіme Minister met the Μinister.` });
    const f = r.findings.filter((x) => x.rule === 'language.mixed-script').map((x) => x.text);
    expect(f).toEqual(['Тор', 'Prіme', 'Μinister']);
    expect(r.signals.language.risk).toBeGreaterThan(0);
    assertOffsetsValid(r);
  });
  it('machine-translation artifacts: entities left in text, spaces before commas (a stated machine translation is the translation signal’s)', async () => {
    const r = await score({ text: `${P} The mayor said &quot;yes&quot; to the plan , and the council agreed . This article was machine-translated from Spanish.` });
    const f = r.findings.filter((x) => x.rule === 'language.translation-artifact').map((x) => x.text);
    expect(f).toEqual(['&quot;', '&quot;', 'plan ,', 'agreed .']);
    expect(r.findings.filter((x) => x.rule === 'translation.mt-notice').map((x) => x.text)).toEqual(['machine-translated']);
  });
  it('ordinary English has none of these', async () => {
    const r = await score({ text: `${P} ${P}` });
    expect(r.findings.filter((x) => x.signal === 'language')).toEqual([]);
  });
});
