/** First versions of the five analyzers, through the Worker with the bundled rule packs. */
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../src/core/analyzers/index.ts';
import { SIGNALS } from '../src/core/types.ts';
import { assertOffsetsValid, score } from './helpers.ts';

const GENUINE = `The city council voted on Tuesday to approve a new budget for public transport, after a debate that lasted more than six hours. The plan adds bus routes in the northern districts and extends the evening service on three tram lines.
Council members who supported the plan said it would cut travel times for thousands of workers who commute from the suburbs. Opponents argued that the money should go to road repairs, which they said had been delayed for years.
The mayor's office said the first new routes would start in March, and that fares would stay the same for at least a year. A spokesperson for the transport authority told reporters that new vehicles had already been ordered.
Residents at the meeting raised questions about accessibility, noise and the timetable for construction work near schools. The council agreed to publish a detailed schedule before the end of the month.`;

describe('analyzer registry', () => {
  it('has one analyzer per signal, each after the analyzers it reads', () => {
    expect(ANALYZERS.map((a) => a.name).sort()).toEqual([...SIGNALS].sort());
    ANALYZERS.forEach((a, i) => {
      for (const dep of a.after ?? []) expect(ANALYZERS.findIndex((b) => b.name === dep)).toBeLessThan(i);
    });
  });
});

describe('genuine news', () => {
  it('is not flagged on spin, boilerplate or propaganda, and scores well', async () => {
    const r = await score({ text: GENUINE });
    expect(r.signals.spin.flagged).toBe(false);
    expect(r.signals.boilerplate.flagged).toBe(false);
    expect(r.signals.propaganda.flagged).toBe(false);
    expect(r.findings.filter((f) => f.signal === 'spin')).toEqual([]);
    expect(r.content.main).toBe(GENUINE);
    expect(r.score).toBeGreaterThanOrEqual(60);
  });
});

describe('spin', () => {
  it('flags a spun article and gives the original wording', async () => {
    const spun = GENUINE.replace('public transport', 'public transport after the Top Minister intervened')
      .replace('six hours', 'six hours, the White Home said')
      .replace('for years', 'since final yr')
      .replace('the timetable', 'the Supreme Courtroom ruling and the timetable')
      .replace('in March', 'in Could');
    const r = await score({ text: spun });
    const spin = r.findings.filter((f) => f.signal === 'spin');
    expect(spin.length).toBeGreaterThanOrEqual(4);
    for (const f of spin) expect(f.expected).toBeTruthy();
    expect(r.signals.spin.flagged).toBe(true);
    expect(r.signals.spin.risk).toBeGreaterThan((await score({ text: GENUINE })).signals.spin.risk);
    assertOffsetsValid(r);
  });
});

describe('boilerplate', () => {
  it('removes comment-form lines from content.main and reports them, keeping real paragraphs', async () => {
    const text = `${GENUINE}\nLeave a Reply\nYour email address will not be published. Required fields are marked *`;
    const r = await score({ text });
    const b = r.findings.filter((f) => f.signal === 'boilerplate');
    expect(b.map((f) => f.category)).toEqual(['comments', 'comments']);
    expect(b[0].text).toBe('Leave a Reply');
    expect(r.content.main).toBe(GENUINE);
    assertOffsetsValid(r);
  });
});

describe('propaganda and state formulas', () => {
  it('finds the Russian-law formulas in English and Russian and passes them to credibility', async () => {
    const en = await score({ text: `${GENUINE}\nFighters of the Islamic State (organization banned in Russia) claimed the attack.` });
    const f = en.findings.filter((x) => x.category === 'state-formula');
    expect(f.map((x) => x.text)).toEqual(['(organization banned in Russia)']);
    expect(f[0].technique).toBeTruthy();
    expect(en.signals.propaganda.details?.stateFormulas).toBe(1);
    const reasons = en.signals.credibility.details?.reasons as Array<{ code: string }>;
    expect(reasons.map((x) => x.code)).toContain('state-formulas');
    const plain = await score({ text: GENUINE });
    expect(en.signals.credibility.risk).toBeGreaterThan(plain.signals.credibility.risk);

    const ru = await score({ text: 'Боевики «Исламского государства» (запрещена в РФ) взяли на себя ответственность за нападение, сообщили в министерстве.' });
    expect(ru.findings.filter((x) => x.category === 'state-formula').map((x) => x.text)).toEqual(['(запрещена в РФ)']);
    expect(ru.language.code).toBe('rus');
  });
  it('does not fire on sentences that merely report a ban', async () => {
    const r = await score({ text: 'Russia banned the organization in 2017. The Supreme Court said the organization was banned in Russia because of its activities.' });
    expect(r.findings.filter((x) => x.category === 'state-formula')).toEqual([]);
  });
  it('reports a slogan repeated eight times as Repetition, but not a name repeated as often', async () => {
    const lines = [
      'Stop the steal, they shouted.', 'The crowd chanted stop the steal again.', 'Organisers printed stop the steal on banners.', 'Speakers said stop the steal twice.',
      'A banner read stop the steal in red.', 'Drivers honked and yelled stop the steal.', 'Children repeated stop the steal too.', 'The last chant was stop the steal.',
    ];
    const r = await score({ text: `${lines.join(' ')} The march ended at noon.` });
    const rep = r.findings.filter((x) => x.technique === 'Repetition');
    expect(rep.map((x) => x.text.toLowerCase())).toEqual(Array(8).fill('stop the steal'));
    const names = ['arrived in Rome', 'met the mayor', 'visited a school', 'held a mass', 'greeted pilgrims', 'toured the museum', 'blessed a hospital', 'addressed parliament', 'left by train']
      .map((what) => `On Monday Pope Francis ${what}.`)
      .join(' ');
    expect((await score({ text: names })).findings.filter((x) => x.technique === 'Repetition')).toEqual([]);
  });
});

describe('credibility', () => {
  it('takes the publisher from the url (registrable domain) and lists reasons', async () => {
    const r = await score({ text: GENUINE, url: 'https://www.news.bbc.co.uk/news/world-123' });
    const pub = r.sources.find((s) => s.role === 'publisher');
    expect(pub?.domain).toBe('bbc.co.uk');
    const reasons = r.signals.credibility.details?.reasons as Array<{ code: string }>;
    expect(reasons.length).toBeGreaterThan(0);
    expect(r.signals.credibility.summary.length).toBeGreaterThan(0);
  });
  it('finds cited sources by "according to X", "told X" and by domain, with evidence spans', async () => {
    const text = 'The ministry confirmed the figures, according to Reuters. The mayor told Bloomberg News that costs rose, as first reported on example-news.co.uk last week. Der Spiegel reported the same.';
    const r = await score({ text });
    const cited = r.sources.filter((s) => s.role === 'cited');
    const names = cited.map((s) => s.name ?? s.domain);
    expect(names).toEqual(expect.arrayContaining(['Reuters', 'Bloomberg News', 'example-news.co.uk', 'Der Spiegel']));
    // Each citation once, without the verb.
    expect(names.filter((n) => n === 'Reuters')).toHaveLength(1);
    expect(names.some((n) => /reported|told/.test(n ?? ''))).toBe(false);
    for (const s of cited) expect(text.slice(s.evidence!.start, s.evidence!.end)).toBe(s.name ?? s.domain);
    assertOffsetsValid(r);
  });
  it('reports anonymous sourcing', async () => {
    const r = await score({ text: `${GENUINE}\nSources said the plan would change, and people familiar with the matter agreed.` });
    expect(r.findings.filter((f) => f.signal === 'credibility').length).toBeGreaterThanOrEqual(2);
    expect(r.signals.credibility.details?.anonymous).toBeGreaterThanOrEqual(2);
  });
});

describe('language', () => {
  it('detects English with a confidence, and a wrong hint', async () => {
    const r = await score({ text: GENUINE, lang: 'de' });
    expect(r.language.code).toBe('eng');
    expect(r.language.confidence).toBeGreaterThan(0.5);
    expect(r.signals.language.risk).toBeGreaterThan(0);
    expect(r.signals.language.summary).toMatch(/Declared language deu/);
  });
  it('flags an untranslated paragraph', async () => {
    const r = await score({ text: `${GENUINE}\nDer Stadtrat hat am Dienstag nach einer langen Debatte einen neuen Haushalt für den öffentlichen Nahverkehr beschlossen, der neue Buslinien in den nördlichen Bezirken vorsieht.` });
    const f = r.findings.filter((x) => x.signal === 'language');
    expect(f.length).toBe(1);
    expect(f[0].text).toMatch(/^Der Stadtrat/);
    assertOffsetsValid(r);
  });
  it('says und for very short texts', async () => {
    expect((await score({ text: 'Short note.' })).language.code).toBe('und');
  });
});
