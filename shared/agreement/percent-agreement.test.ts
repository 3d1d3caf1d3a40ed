import { describe, expect, it } from 'vitest';
import { percentAgreement } from './percent-agreement.ts';
import { buildReliabilityData, createReliabilityData } from './reliability-data.ts';

describe('percent agreement (KA5)', () => {
  it('KA5: is the mean share of agreeing pairs over pairable units', () => {
    // unit 1: 3 of 3 pairs agree; unit 2: 1 of 3; unit 3 is not pairable.
    const data = buildReliabilityData({ data: [['a', 'a', 'a'], ['a', 'a', 'b'], ['a', null, null]] });
    expect(percentAgreement(data).value).toBeCloseTo((1 + 1 / 3) / 2, 15);
  });

  it('KA3, KA5: is undefined without a pairable unit', () => {
    expect(percentAgreement(buildReliabilityData({ data: [['a', null], [null, 'b']] }))).toMatchObject({
      undefined: true,
      reason: 'noPairableUnits',
    });
  });

  it('KA27: weights count a row as that many identical units', () => {
    const weighted = createReliabilityData({
      coderCount: 2,
      categories: ['0', '1'],
      values: Int32Array.of(1, 1, 0, 1),
      weights: Float64Array.of(3, 1),
    });
    expect(percentAgreement(weighted).value).toBe(0.75);
  });
});
