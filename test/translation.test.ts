/** The translation signal in workerd with the bundled rules (no language model): markers, source language, the English-only guard. */
import { describe, expect, it } from 'vitest';
import { assertOffsetsValid, score } from './helpers.ts';

describe('translation signal', () => {
  it('reports translationese openers with the source language they point to', async () => {
    const r = await score({
      text: 'In turn, the ministry denied the report on Tuesday. Recall that the talks were suspended in May after the two sides failed to agree on a date. Officials said a new round could start next month.',
    });
    const t = r.findings.filter((f) => f.signal === 'translation');
    expect(t.map((f) => [f.rule, f.text])).toEqual([
      ['translation.openers-russian', 'In turn,'],
      ['translation.openers-russian', 'Recall that'],
    ]);
    expect(r.signals.translation.details).toMatchObject({ judged: true, markers: 2, likelySource: 'rus', fluency: null });
    expect(r.signals.translation.summary).toMatch(/2 signs of translated copy; likely source language rus/);
    assertOffsetsValid(r);
  });

  it('leaves the same words alone where they are not the formula', async () => {
    const r = await score({ text: 'Residents recall that the river flooded in 1998. Each speaker in turn praised the plan.' });
    expect(r.findings.filter((f) => f.signal === 'translation')).toEqual([]);
    expect(r.signals.translation).toMatchObject({ risk: 0, flagged: false, summary: 'No sign of translation' });
  });

  it('judges English text only', async () => {
    const r = await score({ text: 'Министерство в свою очередь опровергло сообщение во вторник. Напомним, что переговоры были приостановлены в мае.' });
    expect(r.signals.translation).toMatchObject({ risk: 0, flagged: false });
    expect(r.signals.translation.details).toMatchObject({ judged: false, language: 'rus' });
  });

  const P = 'Officials said the plan would be put to a vote next week, after months of talks between the parties.';
  const rules = async (text: string) => (await score({ text: `${P} ${text} ${P}` })).findings.filter((f) => f.signal === 'translation');

  it('finds untranslated script with the language it points to, but not a gloss in brackets', async () => {
    const r = await score({ text: `[정치] ${P} Premier Su Tseng-chang (蘇貞昌) said the 기자 was wrong. ${P}` });
    const f = r.findings.filter((x) => x.rule === 'translation.untranslated-script');
    expect(f.map((x) => [x.text, x.category])).toEqual([
      ['정치', 'kor'],
      ['기자', 'kor'],
    ]);
    expect(r.signals.translation.details).toMatchObject({ likelySource: 'kor' });
    assertOffsetsValid(r);
  });

  it('finds another language’s spacing, lost sentence boundaries, dates, the Russian quote-dash and a stated machine translation', async () => {
    const f = await rules(
      'A 15 -year -old student said: “ We will do better ” and left. The ministers went abroad to see work When I come back you have to see results. The meeting was on Saturday (4/6) and on the 43st of this month. “We need them,” - said Shurygin. This article was machine translated from Spanish.',
    );
    expect(f.map((x) => [x.rule.replace('translation.', ''), x.text])).toEqual([
      ['foreign-spacing', '15 -year'],
      ['foreign-spacing', 'year -old'],
      ['foreign-spacing', '“ We'],
      ['foreign-spacing', 'better ”'],
      ['run-on', 'work When'],
      ['foreign-dates', '(4/6)'],
      ['foreign-dates', '43st'],
      ['quote-dash', '” - said'],
      ['mt-notice', 'machine translated'],
    ]);
    expect(f.find((x) => x.rule === 'translation.foreign-dates')?.category).toBe('ind');
  });

  it('leaves English typography, real boundaries, English ordinals and plain names alone', async () => {
    const f = await rules(
      'A 15-year-old student said: “We will do better” and left - quickly. The ministers went abroad. When they came back, results followed. She starred in Pride And Prejudice. The 21st, 22nd, 23rd, 11th and 112th meetings were held. “We need them,” said Shurygin. Malaysia and Malaysian officials met Abbas and Abbasi.',
    );
    expect(f).toEqual([]);
  });

  it('reports a name transliterated two ways against its usual spelling', async () => {
    const f = await rules('Prime Minister Prayut spoke first. Later, Prime Minister Prayuth met the envoy, and Prayut left.');
    expect(f.map((x) => [x.rule, x.text, x.expected])).toEqual([['translation.name-variants', 'Prayuth', 'Prayut']]);
    expect(f[0].message).toBe("'Prayuth' is written 'Prayut' elsewhere in the text");
  });

  it('caps the findings of one check on a page of untranslated text', async () => {
    const korean = Array.from({ length: 40 }, (_, i) => `${P} 기자${i}가 말했다.`).join(' ');
    const r = await score({ text: korean });
    expect(r.findings.filter((x) => x.rule === 'translation.untranslated-script').length).toBe(20);
  });
});

