import { describe, expect, it } from 'vitest';
import { fleissKappa } from './fleiss-kappa.ts';
import { buildReliabilityData } from './reliability-data.ts';
import { scottPi } from './scott-pi.ts';

describe("Fleiss' kappa (KA6)", () => {
  it('KA6: equals Scott’s pi for two coders on complete data', () => {
    const data = buildReliabilityData({ data: [['a', 'a'], ['a', 'b'], ['b', 'b'], ['c', 'b'], ['c', 'c']] });
    expect(fleissKappa(data).value).toBeCloseTo(scottPi(data).value as number, 14);
  });

  it('KA6: counts single-value units in π_k (Gwet) but not in P̄', () => {
    // P̄ = 1 (both pairable units agree); π = (1 + 0 + 1)/3 for a, b only from the lone unit.
    const data = buildReliabilityData({ data: [['a', 'a'], ['a', 'a'], [null, 'b']] });
    const piA = 2 / 3;
    const piB = 1 / 3;
    const pe = piA * piA + piB * piB;
    expect(fleissKappa(data).value).toBeCloseTo((1 - pe) / (1 - pe), 14);
  });

  it('KA3, KA6: is undefined with one category or no pairable unit', () => {
    expect(fleissKappa(buildReliabilityData({ data: [['a', 'a'], ['a', 'a']] }))).toMatchObject({ reason: 'noExpectedDisagreement' });
    expect(fleissKappa(buildReliabilityData({ data: [['a', null]] }))).toMatchObject({ reason: 'noPairableUnits' });
  });

  it('KA4: drops units with no value', () => {
    const a = buildReliabilityData({ data: [['a', 'b'], ['b', 'b'], [null, null]] });
    const b = buildReliabilityData({ data: [['a', 'b'], ['b', 'b']] });
    expect(fleissKappa(a)).toEqual(fleissKappa(b));
  });
});
