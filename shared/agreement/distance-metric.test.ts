import { describe, expect, it } from 'vitest';
import { isMetric, metricDistance, numericValue, ordinalOrder, ordinalPositions, squaredDifferences, type Metric } from './distance-metric.ts';

describe('distance metrics (KA11)', () => {
  it('KA11: parses plain decimal numbers only', () => {
    expect(numericValue('2.5')).toBe(2.5);
    expect(numericValue('-1e3')).toBe(-1000);
    expect(numericValue('')).toBeNull();
    expect(numericValue('0x10')).toBeNull();
    expect(numericValue('Infinity')).toBeNull();
  });

  it('KA11: orders numbers numerically, declared strings by codebook, others by code point', () => {
    expect(ordinalOrder(['10', '9', '1'], false)).toEqual([2, 1, 0]);
    expect(ordinalOrder(['b', 'a'], true)).toEqual([0, 1]);
    expect(ordinalOrder(['b', 'a'], false)).toEqual([1, 0]);
  });

  it('KA11: computes the four δ² functions', () => {
    expect([...squaredDifferences('nominal', ['a', 'b'], Float64Array.of(1, 1), false)]).toEqual([0, 1, 1, 0]);
    expect([...squaredDifferences('interval', ['1', '3'], Float64Array.of(1, 1), false)]).toEqual([0, 4, 4, 0]);
    expect(squaredDifferences('ratio', ['1', '3'], Float64Array.of(1, 1), false)[1]).toBeCloseTo(0.25, 15);
    expect(squaredDifferences('ratio', ['0', '0'], Float64Array.of(1, 1), false)[1]).toBe(0);
    // ordinal: n = (2, 3, 5) → δ(1,3) = (2 + 3 + 5 − (2 + 5)/2)² = 6.5²
    expect(squaredDifferences('ordinal', ['1', '2', '3'], Float64Array.of(2, 3, 5), false)[2]).toBe(42.25);
  });

  it('KA11: places ordinal categories at mid-ranks, one rank for equal numbers ("1", "1.0")', () => {
    // n = (2, 3, 5) → P = (1, 3.5, 7.5), and δ(1, 3) = P_3 − P_1 = 6.5 as above.
    expect([...ordinalPositions(['1', '2', '3'], Float64Array.of(2, 3, 5), false)]).toEqual([1, 3.5, 7.5]);
    expect([...ordinalPositions(['1', '2', '1.0'], Float64Array.of(1, 2, 1), false)]).toEqual([1, 3, 1]);
    expect(metricDistance('ordinal', ['1', '1.0', '2'], Float64Array.of(1, 1, 1), false).squared(0, 1)).toBe(0);
    // Not all numbers: codebook order, every key its own rank.
    expect([...ordinalPositions(['low', '1', '1.0'], Float64Array.of(1, 1, 1), true)]).toEqual([0.5, 1.5, 2.5]);
  });

  it('KA10, KA11: sums n_c n_k δ²_ck over all pairs of categories without building the matrix', () => {
    const categories = ['1', '2.5', '4', '10', '0'];
    const marginals = Float64Array.of(3, 1, 4, 1, 5);
    for (const metric of ['nominal', 'ordinal', 'interval', 'ratio'] as Metric[]) {
      const delta = squaredDifferences(metric, categories, marginals, false);
      let sum = 0;
      for (let c = 0; c < 5; c++) for (let k = 0; k < 5; k++) sum += marginals[c]! * marginals[k]! * delta[c * 5 + k]!;
      expect(metricDistance(metric, categories, marginals, false).expectedSum, metric).toBeCloseTo(sum, 10);
    }
  });

  it('KA10: sums to exactly 0 when every counted value is the same number', () => {
    // 0.1 + 0.1·2 is not 3·0.1 in doubles: a mean-based sum would leave a tiny positive D_e.
    for (const metric of ['ordinal', 'interval', 'ratio'] as Metric[]) {
      expect(metricDistance(metric, ['0.1', '0.10', '5'], Float64Array.of(1, 2, 0), false).expectedSum, metric).toBe(0);
    }
    expect(metricDistance('nominal', ['a', 'b'], Float64Array.of(0.1, 0), false).expectedSum).toBe(0);
  });

  it('recognises metric names', () => {
    expect(isMetric('ordinal')).toBe(true);
    expect(isMetric('circular')).toBe(false);
  });
});
