import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { coincidenceMatrix } from './coincidence-matrix.ts';
import { alphaComponents, krippendorffAlpha } from './krippendorff-alpha.ts';
import { buildReliabilityData } from './reliability-data.ts';

// Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", 4 coders × 12 units.
const kripp2011 = buildReliabilityData({
  data: [
    [1, 1, null, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [null, 5, 5, 5],
    [null, null, 1, 1],
    [null, null, 3, null],
  ],
});

describe("Krippendorff's alpha (KA10, KA11)", () => {
  it('KA10: reproduces the published values for all four metrics', () => {
    expect(krippendorffAlpha(kripp2011, 'nominal').value).toBeCloseTo(113 / 152, 12);
    expect(krippendorffAlpha(kripp2011, 'ordinal').value).toBeCloseTo(0.815387503754881, 12);
    expect(krippendorffAlpha(kripp2011, 'interval').value).toBeCloseTo(0.849107142857143, 12);
    expect(krippendorffAlpha(kripp2011, 'ratio').value).toBeCloseTo(0.797402774711612, 12);
  });

  it('KA10: builds coincidences over pairable units only, each weighted 1/(r_u − 1)', () => {
    const m = coincidenceMatrix(kripp2011);
    expect(m.total).toBe(40); // 41 values, the single value of the last unit is not pairable
    expect(m.pairCount).toBe(3 + 8 * 6 + 3 + 1); // Σ r_u(r_u − 1)/2 with r_u = 3, 4 (×8), 3, 2
  });

  it('KA3, KA10: is undefined (not 1) when every pairable value is the same', () => {
    const data = buildReliabilityData({ data: [['a', 'a'], ['a', 'a'], ['b', null]] });
    expect(krippendorffAlpha(data)).toEqual({ value: null, undefined: true, reason: 'noExpectedDisagreement' });
  });

  it('KA3, KA10: is undefined without a pairable unit, and for empty data', () => {
    expect(krippendorffAlpha(buildReliabilityData({ data: [['a', null]] }))).toMatchObject({ reason: 'noPairableUnits' });
    expect(krippendorffAlpha(buildReliabilityData({ data: [] }))).toMatchObject({ reason: 'noPairableUnits' });
  });

  it('KA11: interval and ratio need numbers', () => {
    expect(() => krippendorffAlpha(buildReliabilityData({ data: [['x', 'y']] }), 'interval')).toThrow(AgreementError);
  });

  it('KA11: ordinal ranks numbers numerically, not as strings', () => {
    const numbers = buildReliabilityData({ data: [['9', '10'], ['10', '10'], ['1', '1'], ['9', '9']] });
    const ranks = buildReliabilityData({ data: [['b', 'c'], ['c', 'c'], ['a', 'a'], ['b', 'b']] });
    expect(krippendorffAlpha(numbers, 'ordinal').value).toBeCloseTo(krippendorffAlpha(ranks, 'ordinal').value as number, 14);
  });

  it('KA11: ordinal ranks equal numbers written differently ("1", "1.0") as one value, like interval', () => {
    const written = buildReliabilityData({ data: [['1', '1.0'], ['2', '2.00'], ['1e0', '2'], ['3', '3']] });
    const plain = buildReliabilityData({ data: [['1', '1'], ['2', '2'], ['1', '2'], ['3', '3']] });
    expect(krippendorffAlpha(written, 'ordinal').value).toBeCloseTo(krippendorffAlpha(plain, 'ordinal').value as number, 14);
    // A unit coded "1" and "1.0" is an agreement at every numeric level.
    const agreeing = buildReliabilityData({ data: [['1', '1.0'], ['2', '2']] });
    expect(krippendorffAlpha(agreeing, 'ordinal').value).toBe(1);
    expect(krippendorffAlpha(agreeing, 'interval').value).toBe(1);
  });

  it('KA11: ordinal follows the declared codebook order for non-numeric values', () => {
    const declared = buildReliabilityData({ data: [['low', 'mid'], ['high', 'high'], ['mid', 'mid']], categories: ['low', 'mid', 'high'] });
    const coded = buildReliabilityData({ data: [[1, 2], [3, 3], [2, 2]] });
    expect(krippendorffAlpha(declared, 'ordinal').value).toBeCloseTo(krippendorffAlpha(coded, 'ordinal').value as number, 14);
  });

  it('KA10: exposes D_o and D_e with alpha = 1 − D_o/D_e', () => {
    const c = alphaComponents(kripp2011, 'interval');
    expect(1 - c.observedDisagreement / c.expectedDisagreement).toBeCloseTo(c.alpha.value as number, 14);
  });
});
