import { describe, expect, it } from 'vitest';
import { gwetAc1 } from './gwet-ac1.ts';
import { buildReliabilityData } from './reliability-data.ts';

describe("Gwet's AC1 (KA9)", () => {
  it('KA9: uses p_e = Σ π_k(1 − π_k)/(q − 1)', () => {
    const data = buildReliabilityData({ data: [['a', 'a'], ['a', 'b'], ['b', 'b'], ['a', 'a']] });
    const piA = (1 + 0.5 + 0 + 1) / 4;
    const pe = (piA * (1 - piA) + (1 - piA) * piA) / 1;
    expect(gwetAc1(data).value).toBeCloseTo((0.75 - pe) / (1 - pe), 15);
  });

  it('KA3, KA9: is 1 with a declared 2-category codebook and undefined with a single category, never floored', () => {
    expect(gwetAc1(buildReliabilityData({ data: [['a', 'a'], ['a', 'a']], categories: ['a', 'b'] })).value).toBe(1);
    expect(gwetAc1(buildReliabilityData({ data: [['a', 'a'], ['a', 'a']] }))).toMatchObject({ undefined: true, reason: 'singleCategory' });
  });
});
