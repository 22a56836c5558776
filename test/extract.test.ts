/**
 * HTML in, main text out: markup cues for every boilerplate kind, text-level
 * leftovers of every kind, metadata, the main-text view the other analyzers
 * read, and bad HTML (through the Worker, in workerd).
 */
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../src/core/extract/index.ts';
import { decodeBody } from '../src/core/extract/charset.ts';
import type { Report } from '../src/core/types.ts';
import { assertOffsetsValid, call, type ErrorBody, score } from './helpers.ts';
import { GENUINE as GENUINE_EXCERPTS } from './fixtures.ts';

const GENUINE = GENUINE_EXCERPTS.join('\n');

const P1 =
  'The city council voted on Tuesday to expand the bus network, adding twelve routes that will connect the northern suburbs with the hospital district by the end of next year.';
const P2 =
  'Officials said the plan would be paid for by a regional transport grant, and that fares would stay the same for at least two years while the new routes are tested.';
const P3 =
  'Residents who spoke at the meeting welcomed the decision, although several asked why the eastern estates, where many families have no car, were not included in the first phase.';

/** A page: `around` is markup placed before the article, `inside` inside it after the paragraphs. */
function page(around: string, inside = '', after = ''): string {
  return `<!doctype html><html lang="en"><head><title>Council expands bus network | Example Gazette</title></head><body>
${around}
<main><article><h1>Council expands bus network</h1><p>${P1}</p><p>${P2}</p><p>${P3}</p>${inside}</article></main>
${after}</body></html>`;
}

async function scoreHtml(html: string, headers: Record<string, string> = {}): Promise<Report> {
  const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html', ...headers }, body: html });
  if (res.status !== 200) throw new Error(`score: ${res.status} ${await res.text()}`);
  return (await res.json()) as Report;
}

describe('HTML: markup cues for each kind of boilerplate', () => {
  const cases: Array<[string, string, string]> = [
    ['navigation', '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>', 'Home'],
    ['navigation', '<div class="breadcrumbs"><a href="/">Home</a> › <a href="/local">Local</a></div>', 'Local'],
    ['footer', '', '<footer><p>Example Gazette, 1 High Street, Exampleton. Contact the newsroom at news@example.com</p></footer>'],
    ['comments', '', '<section id="comments" class="comments-area"><h3>3 thoughts on this story</h3><p>I think the buses should run all night, personally, it would help shift workers a lot.</p></section>'],
    ['share', '<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>', 'Facebook'],
    ['related', '', '<aside><h3>More from the council</h3><p>Library hours to be cut in the spring as budget talks drag on</p></aside>'],
    ['related', '', '<div class="related-posts"><p>Read next: the history of the number 9 bus, from horse trams to hybrids</p></div>'],
    ['newsletter', '', '<div class="newsletter-signup"><p>Get the morning briefing in your inbox every day from our editors</p></div>'],
    ['cookie', '<div id="cookie-consent"><p>This site uses small files to remember your preferences and measure visits</p></div>', 'preferences'],
    ['advertising', '<div class="ad-slot"><p>Advertisement: the best mortgage rates of the season, compared for you</p></div>', 'mortgage'],
    ['widget', '', '<div class="sidebar"><p>Weather: sunny spells, 18 degrees, light winds from the west in the afternoon</p></div>'],
    ['metadata', '<div class="byline"><span>By Jane Reporter</span> <span>Transport correspondent</span></div>', 'Jane Reporter'],
    ['header', '<header><a href="/">Example Gazette</a><p>Your town, every day</p></header>', 'Your town'],
  ];
  for (const [kind, before, after] of cases) {
    const marker = before ? after : after.replace(/<[^>]+>/g, ' ').trim().split(/\s+/).slice(0, 3).join(' ');
    it(`${kind}: ${marker}`, async () => {
      const html = before ? page(before) : page('', '', after);
      const r = await scoreHtml(html);
      const f = r.findings.filter((x) => x.signal === 'boilerplate' && x.text.includes(marker));
      expect(f.length, JSON.stringify(r.findings.map((x) => [x.category, x.text]))).toBeGreaterThan(0);
      expect(f[0].category).toBe(kind);
      expect(r.content.main).not.toContain(marker);
      for (const p of [P1, P2, P3]) expect(r.content.main).toContain(p);
      assertOffsetsValid(r);
      // A page's own furniture is not evidence of scraping.
      expect(r.signals.boilerplate.risk).toBe(0);
    });
  }

  it('does not believe a boilerplate class on a wrapper that holds the article', () => {
    const ex = extractHtml(`<html><body><div class="Page-ad-margins"><div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></div></body></html>`);
    expect(ex.main).toBe([P1, P2, P3].join('\n'));
  });

  it('skips hidden elements but not utility-CSS "hidden md:block"', () => {
    const ex = extractHtml(
      `<html><body><article><p>${P1}</p><div aria-hidden="true">Hidden duplicate author link</div><span class="sr-only">Opens in a new window</span><div style="display: none">Invisible text</div><div class="hidden md:block"><p>${P2}</p></div><p>${P3}</p></article></body></html>`,
    );
    expect(ex.text).not.toMatch(/Hidden duplicate|Opens in a new window|Invisible text/);
    expect(ex.main).toBe([P1, P2, P3].join('\n'));
  });

  it('keeps short paragraphs, subheadings, list items and code inside the article', () => {
    const ex = extractHtml(
      `<html><body><nav><a href="/">Home</a></nav><article><p>${P1}</p><h2>What changes</h2><ul><li>Route 7 runs every ten minutes</li><li>Night buses on Fridays</li></ul><pre>timetable --route 7</pre><p>${P2}</p><p>${P3}</p></article></body></html>`,
    );
    expect(ex.main.split('\n')).toEqual([P1, 'What changes', 'Route 7 runs every ten minutes', 'Night buses on Fridays', 'timetable --route 7', P2, P3]);
  });

  it('a script-rendered page: the JSON-LD articleBody becomes the main text, appended so offsets stay valid', async () => {
    const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Council expands bus network', articleBody: `${P1}\n\n${P2}\n\n${P3}` });
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><div id="app"><h1>Council expands bus network</h1><p>Loading the story, please wait a moment.</p></div></body></html>`;
    const ex = extractHtml(html);
    expect(ex.main.split('\n')).toEqual(['Council expands bus network', P1, P2, P3]);
    const r = await scoreHtml(html);
    expect(r.content.main).toContain(P2);
    assertOffsetsValid(r);
    // A page whose markup holds the article keeps it.
    expect(extractHtml(page('', `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', articleBody: P1 })}</script>`)).main).toContain(P3);
  });
  it('the heading the page title names is the title, and the standfirst the description repeats is kept', () => {
    const ex = extractHtml(`<html><head><title>Council expands bus network - Example Gazette</title>
      <meta name="description" content="Twelve new routes will link the northern suburbs with the hospital district."></head>
      <body><div class="page-header"><h1>Council expands bus network</h1><p>Twelve new routes will link the northern suburbs with the hospital district.</p></div>
      <div class="story"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></body></html>`);
    expect(ex.main.split('\n').slice(0, 2)).toEqual(['Council expands bus network', 'Twelve new routes will link the northern suburbs with the hospital district.']);
  });
});

describe('HTML: the other analyzers read the main text only', () => {
  it('a spun phrase in the navigation is not a spin finding; in the article it is', async () => {
    const nav = '<nav><a href="/pm">Top Minister news</a> <a href="/x">Other</a></nav>';
    const quiet = await scoreHtml(page(nav));
    expect(quiet.findings.filter((f) => f.signal === 'spin')).toEqual([]);
    const loud = await scoreHtml(page(nav, '<p>The Top Minister said the plan was fair and would be reviewed in a year.</p>'));
    const spin = loud.findings.filter((f) => f.signal === 'spin');
    expect(spin.map((f) => f.text)).toEqual(['Top Minister']);
    expect(loud.content.text.slice(spin[0].start, spin[0].end)).toBe('Top Minister');
    expect(loud.stats.words).toBeLessThan(loud.content.text.split(/\s+/).length);
    assertOffsetsValid(loud);
  });
});

describe('HTML: metadata', () => {
  it('reads title, byline, date, canonical, site name, language and description', async () => {
    const r = await scoreHtml(`<html lang="en-GB"><head><title>Fallback title</title>
      <meta property="og:title" content="Council expands bus network">
      <meta property="og:site_name" content="Example Gazette">
      <meta property="article:published_time" content="2024-03-05T09:30:00Z">
      <meta name="description" content="Twelve new routes.">
      <link rel="canonical" href="https://gazette.example/news/buses">
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":[{"@type":"Person","name":"Jane Reporter"}],"datePublished":"2024-03-04"}</script>
      </head><body><article><p>${P1}</p><p>${P2}</p></article></body></html>`);
    expect(r.content).toMatchObject({
      title: 'Council expands bus network',
      byline: 'Jane Reporter',
      published: '2024-03-05T09:30:00Z',
      canonical: 'https://gazette.example/news/buses',
      siteName: 'Example Gazette',
      lang: 'en-GB',
      url: 'https://gazette.example/news/buses',
    });
  });
  it('falls back to JSON-LD and <time> for the date', () => {
    expect(extractHtml('<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"BlogPosting","datePublished":"2023-11-08T10:00:00+01:00","author":{"name":"A. Writer"}}]}</script><p>x</p>').meta).toMatchObject({
      published: '2023-11-08T10:00:00+01:00',
      byline: 'A. Writer',
    });
    expect(extractHtml('<article><time datetime="2022-01-31">31 January</time><p>x</p></article>').meta.published).toBe('2022-01-31');
    expect(extractHtml('<script type="application/ld+json">{not json</script><p>x</p>').meta.published).toBeUndefined();
  });
});

describe('plain text: scraped leftovers of every kind', () => {
  const lines: Array<[string, string]> = [
    ['comments', 'Leave a Reply'],
    ['captcha', 'What is seventeen minus 16?'],
    ['share', 'Click to share on Twitter (Opens in new window)'],
    ['newsletter', 'Sign up for our newsletter'],
    ['cookie', 'We use cookies to improve your experience. Accept all cookies'],
    ['navigation', 'Skip to content'],
    ['footer', '© 2024 Example Gazette. All rights reserved.'],
    ['related', 'Related Articles'],
    ['widget', 'Increase font size'],
    ['seo', 'To read more local news, visit our website.'],
    ['advertising', 'Story continues below advertisement'],
    ['paywall', 'Subscribe to continue reading'],
    ['disclaimer', 'The views expressed in this article are those of the author.'],
    ['credit', '(Credit: Jane Doe / Example Agency)'],
  ];
  for (const [kind, line] of lines) {
    it(`${kind}: "${line}"`, async () => {
      const r = await score({ text: `${GENUINE}\n${line}\n${P1}` });
      const b = r.findings.filter((f) => f.signal === 'boilerplate');
      expect(b.map((f) => [f.category, f.text])).toEqual([[kind, line]]);
      expect(r.content.main).toBe(`${GENUINE}\n${P1}`);
      expect(r.signals.boilerplate.risk).toBeGreaterThan(0);
      assertOffsetsValid(r);
    });
  }
});

describe('bad HTML', () => {
  it('unclosed tags and stray end tags', async () => {
    const r = await scoreHtml(`<html><body><div><p>${P1}<p>${P2}</span></i></b></div></div></div><p>${P3}<div><span>`);
    for (const p of [P1, P2, P3]) expect(r.content.main).toContain(p);
  });
  it('10,000-deep nesting, and 50,000 stray end tags under a deep stack, stay linear', async () => {
    const deep = `<html><body>${'<div>'.repeat(10_000)}<p>${P1}</p><p>${P2}</p>${'</div>'.repeat(10_000)}</body></html>`;
    const r = await scoreHtml(deep);
    expect(r.content.main).toContain(P1);
    const stray = `<html><body>${'<span>'.repeat(5_000)}<p>${P1}</p>${'</div>'.repeat(50_000)}<p>${P2}</p></body></html>`;
    const t0 = Date.now();
    const r2 = await scoreHtml(stray);
    expect(r2.content.text).toContain(P2);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
  it('30,000 short blocks in a row stay linear (context revision looks at neighbours in one pass)', () => {
    const t0 = Date.now();
    const ex = extractHtml(`<html><body><p>${P1}</p>${'<p>ok</p>'.repeat(30_000)}<p>${P2}</p></body></html>`);
    expect(ex.blocks).toHaveLength(30_002);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });
  it('a huge inline script and style are skipped', async () => {
    const html = page(`<script>${'var a = "<div>";'.repeat(50_000)}</script><style>${'p{color:red}'.repeat(20_000)}</style>`);
    const r = await scoreHtml(html);
    expect(r.content.main).toContain(P1);
    expect(r.content.text).not.toContain('var a');
  });
  it('binary junk is a 400, not a crash', async () => {
    const junk = new Uint8Array(20_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    for (const type of ['text/html', 'text/plain']) {
      const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': type }, body: junk });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe('binary_body');
    }
  });
  it('HTML with no text is a 400 empty_text', async () => {
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html' }, body: '<html><head><script>x()</script></head><body><img src=a.png></body></html>' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('empty_text');
  });
  it('wrong and missing charset declarations', async () => {
    const utf8 = new TextEncoder().encode(page('<meta charset="iso-8859-1">', '<p>Café owners in Zürich said the “new” routes help.</p>'));
    const r = await (await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html; charset=iso-8859-1' }, body: utf8 })).json() as Report;
    expect(r.content.main).toContain('Café owners in Zürich said the “new” routes help.');
    // windows-1252 bytes with no declaration at all.
    const latin = Uint8Array.from([...new TextEncoder().encode(`<p>${P1}</p><p>Caf`), 0xe9, ...new TextEncoder().encode(' owners said '), 0x93, 0x6e, 0x6f, 0x94, 0x2e, ...new TextEncoder().encode('</p>')]);
    const r2 = await (await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html' }, body: latin })).json() as Report;
    expect(r2.content.text).toContain('Café owners said “no”.');
    // A charset the runtime does not know falls back without an error.
    const r3 = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html; charset=x-made-up' }, body: latin });
    expect(r3.status).toBe(200);
  });
  it('a 1.5 MB page is handled', async () => {
    const filler = `<div class="related-posts"><ul>${'<li><a href="/x">Another story about the town council and its budget</a></li>'.repeat(20_000)}</ul></div>`;
    const html = page('', '', filler);
    expect(html.length).toBeGreaterThan(1_500_000);
    const r = await scoreHtml(html);
    for (const p of [P1, P2, P3]) expect(r.content.main).toContain(p);
    expect(r.content.main).not.toContain('Another story');
    // Its page text and the related block's finding would pass 2 MB together: the page text is left out, the article kept.
    expect(r.stats.contentOmitted).toEqual(['text']);
  });
});

describe('decodeBody', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('honours byte-order marks', () => {
    expect(decodeBody(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('hé')])).text).toBe('hé');
    expect(decodeBody(Uint8Array.from([0xff, 0xfe, 0x68, 0x00, 0xe9, 0x00]))).toMatchObject({ text: 'hé', charset: 'utf-16le' });
  });
  it('prefers valid UTF-8 over a wrong declaration, and reports the declaration', () => {
    expect(decodeBody(enc('<meta charset="windows-1252"><p>hé</p>'))).toMatchObject({ text: '<meta charset="windows-1252"><p>hé</p>', charset: 'utf-8', declared: 'windows-1252' });
  });
  it('decodes windows-1252 by hand, including its 0x80–0x9F block', () => {
    expect(decodeBody(Uint8Array.from([0x80, 0x20, 0x93, 0x61, 0x94, 0xe9]), 'text/html; charset=windows-1252').text).toBe('€ “a”é');
  });
  it('tells binary from text', () => {
    expect(decodeBody(new Uint8Array(100)).binary).toBe(true);
    expect(decodeBody(enc('plain text\twith tabs\r\n')).binary).toBe(false);
  });
});
