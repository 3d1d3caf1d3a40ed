import { describe, expect, it } from 'vitest';
import { brennanPrediger } from './brennan-prediger.ts';
import { buildReliabilityData } from './reliability-data.ts';

describe('Brennan–Prediger (KA8)', () => {
  it('KA8: uses the declared codebook size for q', () => {
    const data = buildReliabilityData({ data: [['a', 'a'], ['a', 'b']], categories: ['a', 'b', 'c', 'd'] });
    expect(brennanPrediger(data).value).toBeCloseTo((0.5 - 0.25) / 0.75, 15);
  });

  it('KA8: otherwise counts values observed anywhere, unpairable units included', () => {
    const data = buildReliabilityData({ data: [['a', 'a'], ['a', 'b'], ['c', null]] });
    expect(brennanPrediger(data).value).toBeCloseTo((0.5 - 1 / 3) / (2 / 3), 15);
  });

  it('KA3, KA8: is 1 for perfect agreement on one category of a declared 2-category codebook, undefined without one', () => {
    expect(brennanPrediger(buildReliabilityData({ data: [['a', 'a']], categories: ['a', 'b'] })).value).toBe(1);
    expect(brennanPrediger(buildReliabilityData({ data: [['a', 'a']] }))).toMatchObject({ reason: 'singleCategory' });
  });
});
