import { describe, expect, it } from 'vitest';
import { createSeededRandom, type RandomSource } from '../agreement/seeded-random.ts';
import { codePointLength, CodePointIndex } from './code-points.ts';

describe('CodePointIndex', () => {
  it('counts an emoji as one code point and two code units', () => {
    const text = 'I 😀 it';
    const index = new CodePointIndex(text);
    expect(index.utf16Length).toBe(7);
    expect(index.codePointLength).toBe(6);
    // "it" starts after the emoji: UTF-16 5, code point 4.
    expect(index.toCodePoint(5)).toBe(4);
    expect(index.toUtf16(4)).toBe(5);
    expect(Array.from(text).slice(4).join('')).toBe('it');
  });

  it('counts combining marks one for one in both units', () => {
    // x + COMBINING ACUTE, a + COMBINING DIAERESIS + COMBINING DOT BELOW: no precomposed forms needed.
    const text = 'x\u0301 a\u0308\u0323!';
    const index = new CodePointIndex(text);
    expect(index.codePointLength).toBe(text.length);
    for (let i = 0; i <= text.length; i++) {
      expect(index.toCodePoint(i)).toBe(i);
      expect(index.toUtf16(i)).toBe(i);
    }
  });

  it('handles skin-tone modifiers, ZWJ sequences and flags as the code points they are', () => {
    const text = '👍🏽👩‍👩‍👧🇳🇱';
    // 👍 🏽 | 👩 ZWJ 👩 ZWJ 👧 | 🇳 🇱
    expect(codePointLength(text)).toBe(2 + 5 + 2);
    const index = new CodePointIndex(text);
    expect(index.rangeToCodePoints(4, 4 + '👩‍👩‍👧'.length)).toEqual({ ok: true, start: 2, end: 7 });
  });

  it('reports a range that would split a surrogate pair instead of shifting it', () => {
    const index = new CodePointIndex('a😀b');
    expect(index.toCodePoint(2)).toBeNull();
    expect(index.rangeToCodePoints(2, 4)).toEqual({ ok: false, problem: 'splitsSurrogatePair', offset: 2 });
    expect(index.rangeToCodePoints(0, 2)).toEqual({ ok: false, problem: 'splitsSurrogatePair', offset: 2 });
    expect(index.rangeToCodePoints(1, 3)).toEqual({ ok: true, start: 1, end: 2 });
  });

  it('reports offsets outside the text and reversed ranges', () => {
    const index = new CodePointIndex('a😀b');
    expect(index.rangeToCodePoints(0, 5)).toEqual({ ok: false, problem: 'outOfRange', offset: 5 });
    expect(index.rangeToCodePoints(-1, 1)).toEqual({ ok: false, problem: 'outOfRange', offset: -1 });
    expect(index.rangeToCodePoints(1.5, 2)).toEqual({ ok: false, problem: 'outOfRange', offset: 1.5 });
    expect(index.rangeToUtf16(0, 4)).toEqual({ ok: false, problem: 'outOfRange', offset: 4 });
    expect(index.rangeToUtf16(2, 1)).toEqual({ ok: false, problem: 'reversed', offset: 1 });
    expect(index.toUtf16(4)).toBeNull();
  });

  it('counts a lone surrogate as one code point, as JavaScript iteration does', () => {
    const text = 'a\ud800b\udc00c';
    const index = new CodePointIndex(text);
    expect(index.codePointLength).toBe(Array.from(text).length);
    expect(index.toCodePoint(2)).toBe(2);
  });
});

/** Random text mixing ASCII, combining marks, BMP letters, astral characters and lone surrogates. */
function randomText(random: RandomSource, length: number): string {
  const pick = (from: number, to: number) => from + Math.floor(random() * (to - from));
  let text = '';
  for (let i = 0; i < length; i++) {
    const kind = random();
    if (kind < 0.35) text += String.fromCharCode(pick(0x20, 0x7f));
    else if (kind < 0.45) text += String.fromCharCode(pick(0x300, 0x370));
    else if (kind < 0.6) text += String.fromCharCode(pick(0x4e00, 0x9fff));
    else if (kind < 0.95) text += String.fromCodePoint(pick(0x10000, 0x10ffff));
    else text += String.fromCharCode(pick(0xd800, 0xe000));
  }
  return text;
}

describe('code point ↔ UTF-16 conversion (property, seeded)', () => {
  it('round-trips every offset and agrees with Array.from on 300 random strings', () => {
    const random = createSeededRandom(20240512);
    for (let round = 0; round < 300; round++) {
      const text = randomText(random, Math.floor(random() * 60));
      const points = Array.from(text);
      const index = new CodePointIndex(text);
      expect(index.codePointLength).toBe(points.length);
      let utf16 = 0;
      for (let cp = 0; cp <= points.length; cp++) {
        expect(index.toUtf16(cp)).toBe(utf16);
        expect(index.toCodePoint(utf16)).toBe(cp);
        // The offset inside a pair is the only UTF-16 offset without a code point.
        if (points[cp] && points[cp]!.length === 2) expect(index.toCodePoint(utf16 + 1)).toBeNull();
        utf16 += points[cp]?.length ?? 0;
      }
      // A random code-point range maps to a UTF-16 range holding the same characters, and back.
      const a = Math.floor(random() * (points.length + 1));
      const b = a + Math.floor(random() * (points.length - a + 1));
      const range = index.rangeToUtf16(a, b);
      expect(range.ok).toBe(true);
      if (!range.ok) continue;
      expect(text.slice(range.start, range.end)).toBe(points.slice(a, b).join(''));
      expect(index.rangeToCodePoints(range.start, range.end)).toEqual({ ok: true, start: a, end: b });
    }
  });
});
