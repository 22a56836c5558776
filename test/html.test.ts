/** HTML to text: metadata, entities, skipped elements, and bad HTML that must not crash. */
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../src/core/extract/index.ts';
import { decodeEntities } from '../src/core/extract/markup.ts';
import { call } from './helpers.ts';

describe('htmlToText', () => {
  it('extracts text, title, site name, canonical, author and lang', () => {
    const { text, meta } = htmlToText(`<html lang="en-GB"><head><title> A &amp; B </title>
      <meta property="og:site_name" content="The Daily Example"><meta name="author" content="Jane Doe">
      <link rel="canonical" href="https://example.com/a"></head>
      <body><nav><a href="/">Home</a></nav><p>First <b>bold</b> para.</p><p>Second<br>line &#8212; &#x41;&nbsp;z</p></body></html>`);
    expect(text).toBe('Home\nFirst bold para.\nSecond\nline \u2014 A z');
    expect(meta).toMatchObject({ title: 'A & B', siteName: 'The Daily Example', byline: 'Jane Doe', canonical: 'https://example.com/a', lang: 'en-GB' });
  });
  it('drops script, style, template, svg and comments, even with tags inside strings', () => {
    const { text } = htmlToText('<p>a</p><script>if (a < b) document.write("</p><p>x");</script><style>p:after{content:"<b>"}</style><!-- <p>c</p> --><template><p>t</p></template><svg><text>s</text></svg><p>b</p>');
    expect(text).toBe('a\nb');
  });
  it('copes with unclosed tags, deep nesting, a lone <, attributes with >, and no closing head', () => {
    expect(htmlToText('<div><p>one<p>two<span>three').text).toBe('one\ntwothree');
    expect(htmlToText('<div>'.repeat(10_000) + 'deep' + '</div>'.repeat(10_000)).text).toBe('deep');
    expect(htmlToText('<p>a < b and c > d</p>').text).toBe('a < b and c > d');
    expect(htmlToText('<p title="x > y">kept</p>').text).toBe('kept');
    expect(htmlToText('<html><head><title>T</title><body><p>body text</p>').text).toBe('body text');
    expect(htmlToText('<p>unterminated <b').text).toBe('unterminated');
  });
  it('decodes entities and leaves unknown ones alone', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&#39;&#x1F600;&bogus;&#0;&#xD800;&')).toBe('<>&"\'😀&bogus;\ufffd\ufffd&');
  });
  it('a huge inline script does not matter', async () => {
    const html = `<html><body><script>${'var a = "<div>";'.repeat(50_000)}</script><p>The Top Minister spoke on Monday about the budget.</p></body></html>`;
    const res = await call('/v1/score', { method: 'POST', headers: { 'content-type': 'text/html' }, body: html });
    expect(res.status).toBe(200);
    const r = (await res.json()) as { content: { text: string } };
    expect(r.content.text).toBe('The Top Minister spoke on Monday about the budget.');
  });
});
