import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../agreement/seeded-random.ts';
import { addLayerCooccurrence, cooccurringSegments, cooccurs, mergeSpans, unitRange, type CooccurrenceSpan, type UnitSpan } from './cooccurrence.ts';

const square = (n: number) => Array.from({ length: n }, () => new Array<number>(n).fill(0));

describe('unitRange', () => {
  const units: UnitSpan[] = [
    { start: 0, end: 10 },
    { start: 10, end: 20 },
    { start: 25, end: 30 },
  ];
  it('names the units a span touches by at least one character', () => {
    expect(unitRange(units, 5, 12)).toEqual([0, 2]);
    expect(unitRange(units, 10, 11)).toEqual([1, 2]);
    expect(unitRange(units, 9, 10)).toEqual([0, 1]);
    expect(unitRange(units, 0, 30)).toEqual([0, 3]);
  });
  it('is empty for text between units or past the last one', () => {
    const [a, b] = unitRange(units, 20, 25);
    expect(a).toBe(b);
    const [c, d] = unitRange(units, 30, 40);
    expect(c).toBe(d);
  });
});

describe('cooccurs', () => {
  const units: UnitSpan[] = [
    { start: 0, end: 10 },
    { start: 10, end: 20 },
  ];
  it('needs one shared character to overlap: touching spans do not', () => {
    expect(cooccurs({ start: 0, end: 5 }, { start: 4, end: 9 }, 'overlap', units)).toBe(true);
    expect(cooccurs({ start: 0, end: 5 }, { start: 5, end: 9 }, 'overlap', units)).toBe(false);
  });
  it('in unit mode, joins spans that lie apart in one unit and parts spans in neighbouring units', () => {
    expect(cooccurs({ start: 0, end: 2 }, { start: 8, end: 10 }, 'unit', units)).toBe(true);
    expect(cooccurs({ start: 8, end: 10 }, { start: 10, end: 12 }, 'unit', units)).toBe(false);
  });
  it('never counts an empty span', () => {
    expect(cooccurs({ start: 3, end: 3 }, { start: 0, end: 9 }, 'overlap', units)).toBe(false);
  });
});

describe('addLayerCooccurrence', () => {
  // Hand-computed: A [0,10) and [30,40); B [5,35); C [50,60) in a unit of its own.
  const spans: CooccurrenceSpan[] = [
    { code: 0, start: 0, end: 10 },
    { code: 0, start: 30, end: 40 },
    { code: 1, start: 5, end: 35 },
    { code: 2, start: 50, end: 60 },
  ];
  const units: UnitSpan[] = [
    { start: 0, end: 20 },
    { start: 20, end: 45 },
    { start: 45, end: 70 },
  ];
  it('counts pairs of codings of different codes that overlap', () => {
    const cells = square(3);
    addLayerCooccurrence(cells, spans, units, 'overlap', 'count');
    expect(cells).toEqual([
      [0, 2, 0],
      [2, 0, 0],
      [0, 0, 0],
    ]);
  });
  it('counts the characters both codes cover', () => {
    const cells = square(3);
    addLayerCooccurrence(cells, spans, units, 'overlap', 'chars');
    // [5,10) and [30,35): 10 characters.
    expect(cells[0]![1]).toBe(10);
    expect(cells[1]![0]).toBe(10);
  });
  it('in unit mode counts pairs sharing a unit and the length of the shared units', () => {
    const count = square(3);
    addLayerCooccurrence(count, [...spans, { code: 2, start: 41, end: 44 }], units, 'unit', 'count');
    // A1–B share unit 0, A2–B unit 1, the second C (unit 1) pairs with A2 and B.
    expect(count).toEqual([
      [0, 2, 1],
      [2, 0, 1],
      [1, 1, 0],
    ]);
    const chars = square(3);
    addLayerCooccurrence(chars, [...spans, { code: 2, start: 41, end: 44 }], units, 'unit', 'chars');
    expect(chars[0]![1]).toBe(20 + 25);
    expect(chars[1]![2]).toBe(25);
  });
});

describe('mergeSpans', () => {
  it('joins overlapping and touching spans and drops empty ones', () => {
    expect(
      mergeSpans([
        { start: 5, end: 9 },
        { start: 0, end: 6 },
        { start: 9, end: 12 },
        { start: 20, end: 20 },
      ]),
    ).toEqual([[0, 12]]);
  });
});

describe('co-occurrence, randomized against a brute force (seeded)', () => {
  function randomLayer(seed: number) {
    const random = createSeededRandom(seed);
    const int = (n: number) => Math.floor(random() * n);
    const length = 200 + int(300);
    const units: UnitSpan[] = [];
    for (let at = int(5); at < length; ) {
      const end = Math.min(length, at + 5 + int(40));
      units.push({ start: at, end });
      at = end + int(4); // sometimes a gap between units
    }
    const codes = 2 + int(5);
    const spans: CooccurrenceSpan[] = Array.from({ length: int(25) }, () => {
      const start = int(length);
      return { code: int(codes), start, end: Math.min(length, start + int(60)) };
    });
    return { length, units, codes, spans };
  }

  it('is symmetric with an empty diagonal and agrees with checking every pair and character', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { length, units, codes, spans } = randomLayer(seed);
      for (const mode of ['overlap', 'unit'] as const) {
        const count = square(codes);
        const chars = square(codes);
        addLayerCooccurrence(count, spans, units, mode, 'count');
        addLayerCooccurrence(chars, spans, units, mode, 'chars');
        const expectedCount = square(codes);
        for (let i = 0; i < spans.length; i++) {
          for (let j = i + 1; j < spans.length; j++) {
            const a = spans[i]!;
            const b = spans[j]!;
            if (a.code !== b.code && cooccurs(a, b, mode, units)) (expectedCount[a.code]![b.code]! += 1), (expectedCount[b.code]![a.code]! += 1);
          }
        }
        // Characters: per character (overlap) or per unit (unit), the set of codes present.
        const expectedChars = square(codes);
        const pieces = mode === 'overlap' ? Array.from({ length }, (_, c) => ({ start: c, end: c + 1 })) : units;
        for (const piece of pieces) {
          const present = [...new Set(spans.filter((s) => s.end > s.start && s.start < piece.end && piece.start < s.end).map((s) => s.code))];
          for (const x of present) for (const y of present) if (x !== y) expectedChars[x]![y]! += piece.end - piece.start;
        }
        expect(count, `seed ${seed} ${mode} count`).toEqual(expectedCount);
        expect(chars, `seed ${seed} ${mode} chars`).toEqual(expectedChars);
        for (let x = 0; x < codes; x++) {
          expect(count[x]![x]).toBe(0);
          for (let y = 0; y < codes; y++) expect(count[x]![y]).toBe(count[y]![x]);
        }
      }
    }
  });

  it('drills down to a non-empty list exactly where the count is above zero', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { units, codes, spans } = randomLayer(seed);
      const segments = spans.map((s) => ({ documentId: 'd', userId: 'u', codeId: `c${s.code}`, start: s.start, end: s.end }));
      for (const mode of ['overlap', 'unit'] as const) {
        const count = square(codes);
        addLayerCooccurrence(count, spans, units, mode, 'count');
        for (let x = 0; x < codes; x++) {
          for (let y = 0; y < codes; y++) {
            const found = cooccurringSegments(segments, () => units, `c${x}`, `c${y}`, mode);
            expect(found.length > 0, `seed ${seed} ${mode} ${x}×${y}`).toBe(count[x]![y]! > 0);
            expect(found.every((s) => s.codeId === `c${x}`)).toBe(true);
          }
        }
      }
    }
  });
});

describe('cooccurringSegments', () => {
  it('compares only codings of the same coder in the same document', () => {
    const segments = [
      { documentId: 'd1', userId: 'ana', codeId: 'hope', start: 0, end: 10 },
      { documentId: 'd1', userId: 'ben', codeId: 'fear', start: 0, end: 10 },
      { documentId: 'd2', userId: 'ana', codeId: 'fear', start: 0, end: 10 },
      { documentId: 'd1', userId: 'ana', codeId: 'hope', start: 20, end: 30 },
      { documentId: 'd1', userId: 'ana', codeId: 'fear', start: 25, end: 26 },
    ];
    expect(cooccurringSegments(segments, () => [], 'hope', 'fear', 'overlap')).toEqual([segments[3]]);
    expect(cooccurringSegments(segments, () => [], 'fear', 'hope', 'overlap')).toEqual([segments[4]]);
    expect(cooccurringSegments(segments, () => [], 'hope', 'hope', 'overlap')).toEqual([]);
  });
});
