import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { continuumCodes, mergeOverlapping, partitionUnits, validateContinuum } from './continuum.ts';

describe('continuum (KA14–KA16)', () => {
  it('KA14: normalises codes to strings, drops empty segments and sorts', () => {
    const c = validateContinuum({
      length: 10,
      coders: [[{ start: 5, end: 7, code: 1 }, { start: 0, end: 2, code: 'a' }, { start: 3, end: 3, code: 'a' }], []],
    });
    expect(c.coders[0]).toEqual([
      { start: 0, end: 2, code: 'a' },
      { start: 5, end: 7, code: '1' },
    ]);
    expect(continuumCodes(c)).toEqual(['a', '1']);
  });

  it('KA14: rejects segments outside [0, length) and non-integer offsets', () => {
    const bad = (s: number, e: number): unknown => () => validateContinuum({ length: 10, coders: [[{ start: s, end: e, code: 'a' }]] });
    expect(bad(-1, 2)).toThrow(expect.objectContaining({ reason: 'segmentOutOfRange' }));
    expect(bad(5, 11)).toThrow(AgreementError);
    expect(bad(5, 4)).toThrow(AgreementError);
    expect(bad(1.5, 4)).toThrow(AgreementError);
    expect(() => validateContinuum({ length: -1, coders: [] })).toThrow(AgreementError);
  });

  it('KA15: a partition may not overlap within a coder; touching units stay separate', () => {
    const touching = validateContinuum({ length: 10, coders: [[{ start: 0, end: 5, code: 'a' }, { start: 5, end: 9, code: 'a' }]] });
    expect(partitionUnits(touching, () => 0)[0]).toHaveLength(2);
    const overlapping = validateContinuum({ length: 10, coders: [[{ start: 0, end: 5, code: 'a' }, { start: 4, end: 9, code: 'b' }]] });
    expect(() => partitionUnits(overlapping, () => 0)).toThrow(expect.objectContaining({ reason: 'overlappingSegments' }));
    // Segments left out by valueOf do not count as overlapping.
    expect(partitionUnits(overlapping, (code) => (code === 'a' ? 0 : -1))[0]).toHaveLength(1);
  });

  it('KA16: merges overlapping segments, keeps touching ones apart', () => {
    expect(mergeOverlapping([{ start: 3, end: 8 }, { start: 0, end: 5 }, { start: 8, end: 9 }, { start: 1, end: 2 }], 0)).toEqual([
      { start: 0, end: 8, value: 0 },
      { start: 8, end: 9, value: 0 },
    ]);
  });
});
