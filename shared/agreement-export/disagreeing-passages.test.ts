import { describe, expect, it } from 'vitest';
import { disagreeingPassages, excerptPassage } from './disagreeing-passages.ts';

const at = (coderId: string, start: number, end: number) => ({ coderId, start, end });

describe('disagreeing passages', () => {
  it('leaves out stretches every coder coded identically', () => {
    expect(disagreeingPassages([at('ana', 0, 10), at('ben', 0, 10)], ['ana', 'ben'])).toEqual([]);
    // Two touching codings cover the same characters as one.
    expect(disagreeingPassages([at('ana', 0, 5), at('ana', 5, 10), at('ben', 0, 10)], ['ana', 'ben'])).toEqual([]);
  });

  it('finds a passage only one coder coded', () => {
    const [p] = disagreeingPassages([at('ana', 20, 30)], ['ana', 'ben']);
    expect(p).toMatchObject({ start: 20, end: 30, kind: 'missing', disagreeingCharacters: 10 });
    expect(p?.coders).toEqual([
      { coderId: 'ana', spans: [[20, 30]] },
      { coderId: 'ben', spans: [] },
    ]);
  });

  it('finds differing boundaries, with the stretches in text order', () => {
    const [p] = disagreeingPassages([at('ana', 0, 40), at('ben', 5, 45)], ['ana', 'ben']);
    expect(p).toMatchObject({ start: 0, end: 45, kind: 'boundary', disagreeingCharacters: 10 });
    expect(p?.stretches).toEqual([
      { start: 0, end: 5, coderIds: ['ana'] },
      { start: 5, end: 40, coderIds: ['ana', 'ben'] },
      { start: 40, end: 45, coderIds: ['ben'] },
    ]);
  });

  it('keeps separate passages apart and ignores other coders and empty codings', () => {
    const passages = disagreeingPassages([at('ana', 0, 5), at('ana', 50, 60), at('ben', 50, 55), at('cleo', 0, 100), at('ben', 70, 70)], ['ana', 'ben']);
    expect(passages.map((p) => [p.start, p.end, p.kind])).toEqual([
      [0, 5, 'missing'],
      [50, 60, 'boundary'],
    ]);
  });

  it('with three coders, a stretch two of three coded is in dispute', () => {
    const [p] = disagreeingPassages([at('a', 0, 10), at('b', 0, 10), at('c', 0, 4)], ['a', 'b', 'c']);
    expect(p).toMatchObject({ kind: 'boundary', disagreeingCharacters: 6 });
  });

  it('cuts an excerpt with context and shortens long stretches', () => {
    const text = `${'x'.repeat(100)}${'A'.repeat(50)}${'B'.repeat(500)}${'y'.repeat(100)}`;
    const [p] = disagreeingPassages([at('ana', 100, 650), at('ben', 150, 650)], ['ana', 'ben']);
    const excerpt = excerptPassage(text, p!, { context: 10, maxStretch: 100 });
    expect(excerpt.before).toBe(`…${'x'.repeat(10)}`);
    expect(excerpt.after).toBe(`${'y'.repeat(10)}…`);
    expect(excerpt.pieces[0]).toEqual({ text: 'A'.repeat(50), coderIds: ['ana'], elided: false });
    expect(excerpt.pieces[1]?.elided).toBe(true);
    expect(excerpt.pieces[1]?.text).toBe(`${'B'.repeat(50)} … ${'B'.repeat(50)}`);
  });
});
