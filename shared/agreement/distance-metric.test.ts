import { describe, expect, it } from 'vitest';
import { isMetric, numericValue, ordinalOrder, squaredDifferences } from './distance-metric.ts';

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

  it('recognises metric names', () => {
    expect(isMetric('ordinal')).toBe(true);
    expect(isMetric('circular')).toBe(false);
  });
});
