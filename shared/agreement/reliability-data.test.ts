import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { buildReliabilityData, categoryKey, createReliabilityData, selectCoders, tallyUnits } from './reliability-data.ts';

describe('reliability data (KA1, KA4)', () => {
  it('KA1: compares values as strings, so 1 and "1" are one category', () => {
    const data = buildReliabilityData({ data: [[1, '1'], ['2', 2]] });
    expect(data.categories).toEqual(['1', '2']);
    expect([...data.values]).toEqual([0, 0, 1, 1]);
    expect(categoryKey(1.5)).toBe('1.5');
  });

  it('KA1: null and absent values are missing', () => {
    const data = buildReliabilityData({ data: [[null, 'a'], [undefined, null]] });
    expect([...data.values]).toEqual([-1, 0, -1, -1]);
  });

  it('KA1: declared categories come first, in codebook order', () => {
    const data = buildReliabilityData({ data: [['b', 'b']], categories: ['a', 'b', 'c'] });
    expect(data.categories).toEqual(['a', 'b', 'c']);
    expect(data.declaredCategories).toBe(true);
  });

  it('KA1: rejects a value outside the declared categories', () => {
    expect(() => buildReliabilityData({ data: [['z', 'a']], categories: ['a'] })).toThrow(
      expect.objectContaining({ reason: 'valueOutsideCategories' }),
    );
  });

  it('KA1: rejects ragged rows, non-finite numbers and objects', () => {
    expect(() => buildReliabilityData({ data: [['a', 'b'], ['a']] })).toThrow(AgreementError);
    expect(() => buildReliabilityData({ data: [[Number.NaN, 1]] })).toThrow(AgreementError);
    expect(() => buildReliabilityData({ data: [[{} as unknown as string, 1]] })).toThrow(AgreementError);
    expect(() => buildReliabilityData({ data: 'x' as unknown as [] })).toThrow(AgreementError);
  });

  it('accepts empty data', () => {
    const data = buildReliabilityData({ data: [] });
    expect(data).toMatchObject({ unitCount: 0, coderCount: 0 });
  });

  it('KA4: tallies r_u and r_uk per unit', () => {
    const t = tallyUnits(buildReliabilityData({ data: [['a', 'b', 'a'], [null, null, 'b']] }));
    expect([...t.valueCount]).toEqual([3, 1]);
    expect([...t.start]).toEqual([0, 2, 3]);
    expect([...t.count]).toEqual([2, 1, 1]);
  });

  it('selects coders in the given order', () => {
    const data = buildReliabilityData({ data: [['a', 'b', 'c']] });
    expect([...selectCoders(data, [2, 0]).values]).toEqual([2, 0]);
  });

  it('checks the shape of weighted data', () => {
    expect(() => createReliabilityData({ coderCount: 2, categories: ['0'], values: Int32Array.of(0, 0, 0) })).toThrow(AgreementError);
    expect(() =>
      createReliabilityData({ coderCount: 1, categories: ['0'], values: Int32Array.of(0), weights: Float64Array.of(1, 2) }),
    ).toThrow(AgreementError);
  });
});
