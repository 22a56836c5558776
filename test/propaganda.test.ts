/**
 * Propaganda through the API with the bundled rules: every technique, the
 * state formulas in English and Russian (and sentences that merely report a
 * ban or a designation), editorializing, clause spans and calibration.
 */
import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../src/core/rules/schema.ts';
import type { Finding } from '../src/core/types.ts';
import { GENUINE as GENUINE_EXCERPTS } from './fixtures.ts';

const GENUINE = GENUINE_EXCERPTS.join('\n');
import { assertOffsetsValid, score } from './helpers.ts';

const propaganda = async (text: string): Promise<Finding[]> => (await score({ text })).findings.filter((f) => f.signal === 'propaganda');

describe('every technique has a rule that names it', () => {
  const samples: Record<(typeof TECHNIQUES)[number], string> = {
    Loaded_Language: 'The senator slammed the disgraceful and reckless plan.',
    'Name_Calling,Labeling': 'The radical left and its globalist puppets want open borders.',
    Repetition: Array.from({ length: 8 }, (_, i) => `Rally ${i + 1} ended with the words law and order.`).join(' '),
    'Exaggeration,Minimisation': 'This is the worst crisis ever, and the claims are completely false.',
    Doubt: 'The so-called experts failed to provide any evidence for the report.',
    'Appeal_to_fear-prejudice': 'Migrants are flooding into our towns, an existential threat to our way of life.',
    'Flag-Waving': 'True patriots will always defend our great nation.',
    Causal_Oversimplification: 'The government is solely to blame for the crisis.',
    Slogans: 'Make America Great Again, the crowd chanted.',
    Appeal_to_Authority: 'Leading experts agree that the vaccine is dangerous.',
    'Black-and-White_Fallacy': 'You are either with us or against us.',
    'Thought-terminating_Cliches': 'It is what it is, and that is the end of the story.',
    'Whataboutism,Straw_Men,Red_Herring': 'But what about the crimes of the other side?',
    'Bandwagon,Reductio_ad_hitlerum': 'It is no secret that everyone knows the vote was rigged.',
  };
  for (const t of TECHNIQUES) {
    it(t, async () => {
      const f = await propaganda(samples[t]);
      expect(f.map((x) => x.technique), JSON.stringify(f.map((x) => [x.rule, x.text]))).toContain(t);
    });
  }
});

describe('state-mandated and state-media formulas', () => {
  const fires: Array<[string, string]> = [
    ['Fighters of the Islamic State (a terrorist organization banned in Russia) attacked the post.', '(a terrorist organization banned in Russia)'],
    ['Meta (recognized as extremist and banned in Russia) owns Instagram.', '(recognized as extremist and banned in Russia)'],
    ['The journalist (designated a foreign agent) left the country.', '(designated a foreign agent)'],
    ['Корпорация Meta (признана экстремистской и запрещена в РФ) владеет Instagram.', '(признана экстремистской и запрещена в РФ)'],
    ['Журналист (признан иностранным агентом) покинул страну.', '(признан иностранным агентом)'],
    ['The special military operation continues according to plan, the ministry said.', 'special military operation'],
    ['В ходе специальной военной операции уничтожены склады.', 'специальной военной операции'],
    ['Officials in China\u2019s Taiwan region announced new tariffs.', 'China\u2019s Taiwan region'],
    ['The Zionist regime carried out new strikes.', 'The Zionist regime'],
  ];
  for (const [text, formula] of fires) {
    it(`fires: ${formula}`, async () => {
      const r = await score({ text });
      // The finding covers the formula (the rules stop once the shape is certain: "(recognized as extremist").
      const f = r.findings.filter((x) => x.category === 'state-formula');
      expect(f.some((x) => formula.startsWith(x.text) || x.text.endsWith(formula)), JSON.stringify(r.findings.map((x) => [x.rule, x.text]))).toBe(true);
      assertOffsetsValid(r);
    });
  }
  const silent = [
    'The organization was banned in Russia in 2017, the court said.',
    "Russia's Supreme Court banned the group in 2017.",
    'The ministry designated the journalist a foreign agent on Friday.',
    'Верховный суд запретил организацию в 2017 году.',
    'Минюст признал журналиста иностранным агентом в пятницу.',
    'Moscow calls the war a special military operation.',
    'Russia launched what it called a \u201cspecial military operation\u201d in February 2022.',
    'Кремль называет войну \u00abспециальной военной операцией\u00bb.',
  ];
  for (const text of silent) {
    it(`does not fire on a report: ${text}`, async () => {
      const r = await score({ text });
      expect(r.findings.filter((x) => x.category === 'state-formula')).toEqual([]);
    });
  }
  it('repeated formulas are counted and passed to credibility', async () => {
    const text = `${GENUINE}\nThe special military operation goes on. Members of ISIS (organization banned in Russia) fled. Meta (recognized as extremist and banned in Russia) said nothing.`;
    const r = await score({ text });
    expect(r.signals.propaganda.details?.stateFormulas).toBe(3);
    const reasons = r.signals.credibility.details?.reasons as Array<{ code: string; effect: number }>;
    expect(reasons.find((x) => x.code === 'state-formulas')?.effect).toBeGreaterThan(0.25);
  });
});

describe('editorializing', () => {
  it('assertive openers, common-knowledge framing, reminders and loaded attribution', async () => {
    const f = await propaganda('Obviously, the sanctions failed. It is no secret that the West funds them. Recall that the treaty ended in 2019. The Pentagon was forced to admit the losses.');
    expect(f.map((x) => x.rule)).toEqual(['propaganda.assertive-openers', 'propaganda.common-knowledge', 'propaganda.reminders-start', 'propaganda.loaded-attribution']);
  });
  it('questions in the writer\u2019s voice, not quoted ones, and not an interview\u2019s', async () => {
    const own = await propaganda('The minister resigned on Friday. But who will believe the official story now?');
    expect(own.filter((x) => x.rule === 'propaganda.rhetorical-questions').map((x) => x.text)).toEqual(['But who will believe the official story now?']);
    expect(await propaganda('\u201cWho will pay for this?\u201d asked a resident. "Why now?" said another.')).toEqual([]);
    const interview = ['((WN)) What made you run for office this year?', 'I wanted to help.', '((WN)) Which issue matters most to you?', 'Housing.', '((WN)) How will you pay for it?', 'Taxes.'].join('\n');
    expect((await propaganda(interview)).filter((x) => x.rule === 'propaganda.rhetorical-questions')).toEqual([]);
  });
});

describe('clause spans', () => {
  it('a claim is reported with its clause, and its triggers are named in the message', async () => {
    const text = 'The report, which was brutal and disgraceful, came out on Monday.';
    const r = await score({ text });
    const f = r.findings.filter((x) => x.technique === 'Loaded_Language');
    expect(f).toHaveLength(1);
    expect(f[0].text).toBe('which was brutal and disgraceful');
    expect(f[0].message).toContain("'brutal', 'disgraceful'");
    assertOffsetsValid(r);
  });
});

describe('calibration', () => {
  it('ordinary news is not flagged; a text dense with techniques is', async () => {
    expect((await score({ text: GENUINE })).signals.propaganda.flagged).toBe(false);
    const text = [
      'The corrupt regime of thugs and crooks slammed the brave patriots again.',
      'Obviously, these globalist puppets are lying, and the so-called experts know it.',
      'It is no secret that the radical left wants to destroy our great nation.',
      'This disgraceful, humiliating betrayal is the worst crisis ever.',
    ].join(' ');
    const r = await score({ text });
    expect(r.signals.propaganda.flagged).toBe(true);
    expect(Object.keys(r.signals.propaganda.details?.techniques as object).length).toBeGreaterThanOrEqual(4);
  });
});
