/** The ratings build: its normalisers, and the committed pack it produced. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nameKey, normHost, parseCsv, stripEuSuffixes, TYPE_RATING } from '../../scripts/build/outlets.ts';
import { outletsFileSchema } from '../../src/core/rules/schema.ts';

describe('build-outlets normalisers', () => {
  it('normHost: registrable domain through tldts, www and scheme stripped, platforms marked', () => {
    expect(normHost('https://www.News.BBC.co.uk/news/world/')).toMatchObject({ domain: 'bbc.co.uk', host: 'news.bbc.co.uk', path: '/news/world' });
    expect(normHost('someone.blogspot.com')?.platform).toBe(true);
    expect(normHost('reuters.com')).toMatchObject({ domain: 'reuters.com', platform: false, path: '' });
    expect(normHost('not a domain')).toBeUndefined();
    expect(normHost('127.0.0.1')).toBeUndefined();
  });
  it('parseCsv: quotes, doubled quotes, commas and newlines inside fields', () => {
    expect(parseCsv('a,b\n"x, y","he said ""hi"""\n"multi\nline",2\n')).toEqual([['a', 'b'], ['x, y', 'he said "hi"'], ['multi\nline', '2']]);
  });
  it('EUvsDisinfo outlet strings lose their language and platform suffixes', () => {
    expect(stripEuSuffixes('Sputnik Armenia - Russian')).toBe('Sputnik Armenia');
    expect(stripEuSuffixes('News Front - Spanish, Castilian')).toBe('News Front');
    expect(stripEuSuffixes('RT - Russian 2')).toBe('RT');
  });
  it('name keys fold case, accents and dashes', () => {
    expect(nameKey('  Le Monde Diplomatique ')).toBe(nameKey('le monde diplomatique'));
    expect(nameKey('Süddeutsche Zeitung')).toBe('suddeutsche zeitung');
  });
  it('OpenSources types map to ratings in 0..1, fake below reliable', () => {
    for (const v of Object.values(TYPE_RATING)) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
    expect(TYPE_RATING.fake).toBeLessThan(TYPE_RATING.reliable);
  });
});

describe('the committed pack', () => {
  const pack = outletsFileSchema.parse(JSON.parse(readFileSync(new URL('../../rules/credibility/outlets.json', import.meta.url), 'utf8')));
  const by = new Map(pack.outlets.map((o) => [o.domain, o]));
  it('passes its schema, with attribution, sorted and unique by domain', () => {
    expect(pack.attribution?.length).toBeGreaterThan(2);
    const domains = pack.outlets.map((o) => o.domain);
    expect(new Set(domains).size).toBe(domains.length);
    expect([...domains].sort()).toEqual(domains);
  });
  it('rates wire services high and known disinformation sites low, and keeps EUvsDisinfo counts apart from the rating', () => {
    expect(by.get('reuters.com')?.rating).toBeGreaterThan(0.9);
    expect(by.get('apnews.com')?.rating).toBeGreaterThan(0.9);
    expect(by.get('infowars.com')?.rating).toBeLessThan(0.3);
    expect(by.get('rt.com')?.euvsdisinfo).toBeGreaterThanOrEqual(10);
    expect(by.get('reuters.com')?.euvsdisinfo ?? 0).toBeLessThan(3);
  });
  it('says where each rating came from', () => {
    for (const o of pack.outlets) if (o.rating !== undefined) expect(o.from?.length).toBeGreaterThan(0);
  });
});
