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
    expect(r.signals.translation.summary).toMatch(/2 translationese markers; likely source language rus/);
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
});
