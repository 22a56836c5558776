/**
 * Offsets are UTF-16 indices into content.text and stay valid on hostile
 * Unicode; normalization (case, width, accents, homoglyphs, invisible
 * characters) helps matching without moving offsets.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../src/core/text/tokenize.ts';
import { foldString } from '../src/core/text/normalize.ts';
import { assertOffsetsValid, score } from './helpers.ts';

describe('normalization for matching', () => {
  it('folds case, width, math letters, accents and ignores invisible characters', () => {
    const t = 'ＴＯＰ 𝐌𝐢𝐧𝐢𝐬𝐭𝐞𝐫 Pri\u200Bme Mi\u00ADnister Cafe\u0301 ﬁnal';
    expect(tokenize(t).tokens.map((x) => x.norm)).toEqual(['top', 'minister', 'prime', 'minister', 'cafe', 'final']);
  });
  it('maps Cyrillic and Greek look-alikes in mixed-script words only', () => {
    // "Tор" = Latin T + Cyrillic о, р; "Μinister" = Greek capital Mu.
    expect(tokenize('Tор Μinister').tokens.map((x) => x.norm)).toEqual(['top', 'minister']);
    // A Russian word stays Russian.
    expect(tokenize('Москва сообщила').tokens.map((x) => x.norm)).toEqual(['москва', 'сообщила']);
    // A whole word of Cyrillic look-alikes between Latin words reads as Latin; in Russian text it does not.
    expect(tokenize('the Тор Minister').tokens.map((x) => x.norm)).toEqual(['the', 'top', 'minister']);
    expect(tokenize('ОНО ТАМ').tokens.map((x) => x.norm)).toEqual(['оно', 'там']);
  });
  it('token offsets point at the original characters', () => {
    const t = '👍🏽 Pri\u200Bme\u0301 "Min"';
    for (const tok of tokenize(t).tokens) {
      expect(t.slice(tok.start, tok.end).length).toBe(tok.end - tok.start);
    }
    const prime = tokenize(t).tokens.find((x) => x.norm === 'prime')!;
    expect(t.slice(prime.start, prime.end)).toBe('Pri\u200Bme\u0301');
  });
  it('tokens of the same folded form share one type, whatever their case or script', () => {
    const { tokens, types } = tokenize('Top top TOP Tор tор 2019 2019 café Café, «top»');
    for (const t of tokens) expect(types[t.type]).toBe(t.norm);
    const tops = tokens.filter((t) => t.norm === 'top');
    expect(tops).toHaveLength(6);
    expect(new Set(tops.map((t) => t.type)).size).toBe(1);
    expect(new Set(types).size).toBe(types.length);
    expect(tokens.filter((t) => t.norm === 'cafe').map((t) => t.type)).toEqual([tops[0].type + 2, tops[0].type + 2]);
  });
  it('keeps distinct forms apart when they collide in the form table', () => {
    // Enough distinct words to fill and regrow the table several times.
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
    const { tokens, types } = tokenize(`${words.join(' ')} ${words.join(' ').toUpperCase()}`);
    expect(types).toHaveLength(5000);
    for (let i = 0; i < 5000; i++) {
      expect(tokens[i].norm).toBe(words[i]);
      expect(tokens[i + 5000].type).toBe(tokens[i].type);
    }
  });
  it('foldString folds phrases the same way as text', () => {
    expect(foldString('  Top\u00A0MINISTER ')).toBe('top minister');
  });
});

describe('hostile Unicode through the API', () => {
  it('finds spun phrases through homoglyphs, zero-width and bidi marks, with exact offsets', async () => {
    const text = '👩‍👩‍👧 \u202eThe Tор Minister\u202c met the Pro\u200Btection Secretary. 🇺🇦 Ｔｏｐ Ｍｉｎｉｓｔｅｒ.';
    const r = await score({ text });
    assertOffsetsValid(r);
    const spin = r.findings.filter((f) => f.signal === 'spin');
    expect(spin.map((f) => f.text)).toEqual(['Tор Minister', 'Pro\u200Btection Secretary', 'Ｔｏｐ Ｍｉｎｉｓｔｅｒ']);
    expect(spin.map((f) => f.expected)).toEqual(['Prime Minister', 'Defense Secretary', 'Prime Minister']);
  });

  it('lone surrogates, combining marks and emoji never break offsets (randomised)', async () => {
    const pieces = [' Top Minister ', ' White Home ', ' ', '\n', 'e\u0301', '\u0301\u0302', '👍🏽', '\ud800', '\udc00', '\u200b', '\u200f', '\u2066', 'Ｑ', 'ß', 'İ', 'ﬁ', 'Σ', '. ', 'Leave a Reply\n', '(organization banned in Russia)'];
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let round = 0; round < 25; round++) {
      let text = 'Start: Top Minister. ';
      for (let i = 0; i < 200; i++) text += pieces[rand(pieces.length)];
      const r = await score({ text });
      expect(r.content.text).toBe(text);
      assertOffsetsValid(r);
      expect(r.findings.some((f) => f.signal === 'spin')).toBe(true);
    }
  });

  it('a text of only marks, controls and invisible characters is handled', async () => {
    const r = await score({ text: '\u0301\u0000\u200b\u202e\ud800\u0007 x' });
    assertOffsetsValid(r);
    expect(r.language.code).toBe('und');
  });
});
