import { describe, expect, it } from 'vitest';
import { buildReliabilityData } from './reliability-data.ts';
import { scottPi } from './scott-pi.ts';

describe("Scott's pi (KA7)", () => {
  it('KA7: uses the pooled marginals', () => {
    // p_o = 0.75; pooled a = 3/8, b = 5/8 → p_e = 34/64
    const data = buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']] });
    expect(scottPi(data).value).toBeCloseTo((0.75 - 34 / 64) / (1 - 34 / 64), 15);
  });

  it('KA3, KA7: is undefined when a single category occurs among units coded by both', () => {
    expect(scottPi(buildReliabilityData({ data: [['a', 'a'], ['b', null]] }))).toMatchObject({ reason: 'noExpectedDisagreement' });
  });
});
