import { describe, expect, it } from 'vitest';
import { passageSegments, passageWindow, snippet } from './passage-context.ts';

const text = 'One. Two. Three. Four. Five. Six.';

describe('the passage around a locus', () => {
  it('shows the locus with the given number of whole sentences before and after', () => {
    const start = text.indexOf('Three');
    const w = passageWindow(text, start, start + 'Three.'.length, { sentences: 1 });
    expect(text.slice(w.from, w.to)).toBe('Two. Three. Four.');
    expect(w).toMatchObject({ clippedBefore: true, clippedAfter: true });
    const two = passageWindow(text, start, start + 'Three.'.length);
    expect(text.slice(two.from, two.to)).toBe('One. Two. Three. Four. Five.');
    expect(two.clippedBefore).toBe(false);
  });

  it('counts a locus that starts or ends inside a sentence as part of that sentence', () => {
    const start = text.indexOf('hree');
    const w = passageWindow(text, start, text.indexOf('Four') + 2, { sentences: 1 });
    expect(text.slice(w.from, w.to)).toBe('Two. Three. Four. Five.');
  });

  it('treats line breaks as sentence ends and stops at the ends of the text', () => {
    const turns = 'Interviewer: How did it start\nP01: They pushed a toolkit on us\nInterviewer: And then';
    const start = turns.indexOf('They');
    const w = passageWindow(turns, start, start + 4, { sentences: 1 });
    expect(turns.slice(w.from, w.to)).toBe(turns);
    expect(w).toMatchObject({ clippedBefore: false, clippedAfter: false });
  });

  it('cuts very long context at a space and says so', () => {
    const long = `${'word '.repeat(400)}Target. ${'more '.repeat(400)}`;
    const start = long.indexOf('Target');
    const w = passageWindow(long, start, start + 7, { maxChars: 50 });
    expect(start - w.from).toBeLessThanOrEqual(50);
    expect(w.to - (start + 7)).toBeLessThanOrEqual(50);
    expect(long[w.from - 1]).toBe(' ');
    expect(w).toMatchObject({ clippedBefore: true, clippedAfter: true });
  });

  it('cuts the text where the locus and the highlighted ranges begin and end', () => {
    const segments = passageSegments(text, { from: 0, to: text.length }, { start: 5, end: 16 }, [{ start: 10, end: 22 }]);
    expect(segments.map((s) => [s.text, s.inLocus, s.highlighted])).toEqual([
      ['One. ', false, false],
      ['Two. ', true, false],
      ['Three.', true, true],
      [' Four.', false, true],
      [' Five. Six.', false, false],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('gives a few words of a passage for its queue row', () => {
    expect(snippet('Participant: we worked through it together.', 0, 44, 20)).toBe('Participant: we…');
    expect(snippet('short\n text', 0, 11)).toBe('short text');
  });
});
