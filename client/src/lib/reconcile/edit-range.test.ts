import { describe, expect, it } from 'vitest';
import { intersectionRange, unionRange, wordBoundary } from './edit-range.ts';

describe('the range editor’s helpers', () => {
  it('offers the union and the intersection of the versions', () => {
    const versions = [
      { start: 300, end: 420 },
      { start: 290, end: 430 },
    ];
    expect(unionRange(versions)).toEqual({ start: 290, end: 430 });
    expect(intersectionRange(versions)).toEqual({ start: 300, end: 420 });
    expect(intersectionRange([{ start: 0, end: 10 }, { start: 20, end: 30 }])).toBeNull();
    expect(unionRange([])).toBeNull();
  });

  it('nudges a boundary to the next word start or end', () => {
    const text = 'we worked hard.';
    expect(wordBoundary(text, 3, 1)).toBe(9);
    expect(wordBoundary(text, 9, 1)).toBe(10);
    expect(wordBoundary(text, 9, -1)).toBe(3);
    expect(wordBoundary(text, 0, -1)).toBe(0);
    expect(wordBoundary(text, 14, 1)).toBe(15);
  });
});
