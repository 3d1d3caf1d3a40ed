import { describe, expect, it } from 'vitest';
import { characterPatterns, patternReliabilityData, projectPatterns, rangePatterns, segmentPatterns } from './coder-patterns.ts';
import type { ValuedUnit } from './continuum.ts';
import { createSeededRandom } from './seeded-random.ts';

const u = (start: number, end: number): ValuedUnit => ({ start, end, value: 0 });

function randomUnits(random: () => number, length: number): ValuedUnit[] {
  const out: ValuedUnit[] = [];
  let pos = 0;
  while (pos < length) {
    const end = Math.min(length, pos + 1 + Math.floor(random() * 9));
    if (random() < 0.5) out.push(u(pos, end));
    pos = random() < 0.3 ? end : end + Math.floor(random() * 4);
  }
  return out;
}

describe('coder patterns (KA27–KA30)', () => {
  it('KA27: the boundary sweep gives the same histogram as looking at every character', () => {
    const random = createSeededRandom(3);
    for (let trial = 0; trial < 50; trial++) {
      const length = 1 + Math.floor(random() * 60);
      const coders = [randomUnits(random, length), randomUnits(random, length), randomUnits(random, length)];
      const expected = new Map<number, number>();
      for (let x = 0; x < length; x++) {
        let mask = 0;
        coders.forEach((units, i) => {
          if (units.some((v) => v.start <= x && x < v.end)) mask |= 1 << i;
        });
        expected.set(mask, (expected.get(mask) ?? 0) + 1);
      }
      expect(new Map([...characterPatterns(length, coders)].sort())).toEqual(new Map([...expected].sort()));
    }
  });

  it('KA28: a coder marks a transcript unit when a coding overlaps it by a character', () => {
    const h = rangePatterns(
      [
        [0, 5],
        [5, 10],
        [10, 15],
      ],
      [[u(4, 6)], [u(10, 11)]],
    );
    expect(h).toEqual(new Map([[1, 2], [2, 1]]));
  });

  it('KA29: segments matching by the threshold form one unit; others stand alone', () => {
    const h = segmentPatterns([[u(0, 10), u(20, 30)], [u(1, 10), u(22, 40)]], 90);
    // [0,10) and [1,10) match (90 %); [20,30) and [22,40) do not (8/20).
    expect(h).toEqual(new Map([[3, 1], [1, 1], [2, 1]]));
  });

  it('projects a histogram onto a coder subset', () => {
    expect(projectPatterns(new Map([[0b101, 4], [0b011, 1]]), [2, 0])).toEqual(new Map([[0b11, 4], [0b10, 1]]));
  });

  it('KA30: excluding uncoded units drops the all-absent pattern', () => {
    const h = new Map([[0, 10], [3, 5]]);
    expect(patternReliabilityData(h, 2, false).unitCount).toBe(2);
    const kept = patternReliabilityData(h, 2, true);
    expect(kept.unitCount).toBe(1);
    expect(kept.categories).toEqual(['0', '1']);
    expect(kept.declaredCategories).toBe(true);
  });
});
