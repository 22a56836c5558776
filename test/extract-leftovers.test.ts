/**
 * In-article leftovers that the extractor leaves out by markup: captions,
 * teasers, author boxes, paywall boxes, and the heading or label over a
 * boilerplate section; and what it keeps (subheadings over article text,
 * title and subtitle together). Pages invented for these tests.
 */
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../src/core/extract/index.ts';

const P1 =
  'Der Stadtrat hat am Dienstag beschlossen, das Busnetz bis zum Ende des nächsten Jahres um zwölf Linien zu erweitern, die die nördlichen Vororte mit dem Klinikviertel verbinden.';
const P2 =
  'Bezahlt werden soll der Ausbau aus einem regionalen Verkehrsfonds. Die Fahrpreise sollen mindestens zwei Jahre lang gleich bleiben, während die neuen Linien erprobt werden.';
const P3 =
  'Anwohner, die bei der Sitzung sprachen, begrüßten den Beschluss, fragten aber, warum die östlichen Siedlungen, in denen viele Familien kein Auto haben, nicht in der ersten Phase dabei sind.';

const page = (inside: string) =>
  `<html lang="de"><head><title>Stadtrat erweitert Busnetz</title></head><body><nav><a href="/">Start</a></nav><article><h1>Stadtrat erweitert Busnetz</h1><p>${P1}</p>${inside}</article><footer>Beispielzeitung</footer></body></html>`;

describe('in-article leftovers left out by markup', () => {
  it('figcaption and caption/credit classes are captions', () => {
    const ex = extractHtml(page(`<figure><img src="a.jpg"><figcaption>Der Busbahnhof am Abend, von Süden gesehen</figcaption></figure><p>${P2}</p><p class="image-credit">Beispielagentur / Erika Mustermann</p><p>${P3}</p>`));
    expect(ex.main).toContain(P2);
    expect(ex.main).toContain(P3);
    expect(ex.main).not.toContain('Busbahnhof am Abend');
    expect(ex.main).not.toContain('Erika Mustermann');
    const lines = ex.text.split('\n');
    const caption = ex.blocks[lines.findIndex((l) => l.includes('Busbahnhof am Abend'))];
    expect(caption.kind).toBe('caption');
  });
  it('teaser, author-box and paywall boxes are left out', () => {
    const ex = extractHtml(
      page(
        `<p>${P2}</p><div class="teaser"><a href="/x">Neue Radwege für die Innenstadt geplant, sagt die Verwaltung</a></div><p>${P3}</p>` +
          `<div class="author-box"><p>Erika Mustermann schreibt seit 2010 über Verkehr und Stadtplanung für die Beispielzeitung.</p></div>` +
          `<div class="paywall"><p>Lesen Sie weiter mit einem Abo für nur einen Euro im ersten Monat.</p></div>`,
      ),
    );
    for (const p of [P1, P2, P3]) expect(ex.main).toContain(p);
    expect(ex.main).not.toContain('Radwege');
    expect(ex.main).not.toContain('schreibt seit 2010');
    expect(ex.main).not.toContain('Abo');
  });
  it('a heading or a short label over a boilerplate section goes with it; a subheading over article text stays', () => {
    const ex = extractHtml(
      page(
        `<h2>Was die Anwohner sagen</h2><p>${P2}</p><p>${P3}</p>` +
          `<h3>Lesen Sie auch</h3><ul class="related-links"><li><a href="/a">Neue Radwege</a></li><li><a href="/b">Parken wird teurer</a></li></ul>` +
          `<p>Kontakt:</p><div class="sidebar"><p>Redaktion Verkehr, Telefon 0000 000000, verkehr@example.org</p></div>`,
      ),
    );
    expect(ex.main).toContain('Was die Anwohner sagen');
    expect(ex.main).toContain('Stadtrat erweitert Busnetz');
    expect(ex.main).not.toContain('Lesen Sie auch');
    expect(ex.main).not.toContain('Kontakt:');
    expect(ex.main.split('\n').at(-1)).toBe(P3);
  });
});
