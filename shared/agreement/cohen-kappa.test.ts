import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { cohenKappa } from './cohen-kappa.ts';
import { buildReliabilityData } from './reliability-data.ts';

describe("Cohen's kappa (KA7)", () => {
  it('KA7: uses each coder’s own marginals', () => {
    // p_o = 0.75; p_e = 0.5·0.25 + 0.5·0.75 = 0.5
    const data = buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']] });
    expect(cohenKappa(data).value).toBeCloseTo(0.5, 15);
  });

  it('KA7: deletes units not coded by both (listwise)', () => {
    const full = buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b'], ['a', null], [null, 'a']] });
    const listwise = buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']] });
    expect(cohenKappa(full)).toEqual(cohenKappa(listwise));
  });

  it('KA3, KA7: is undefined when both coders used one and the same category, or share no unit', () => {
    expect(cohenKappa(buildReliabilityData({ data: [['a', 'a'], ['a', 'a']] }))).toMatchObject({ reason: 'noExpectedDisagreement' });
    expect(cohenKappa(buildReliabilityData({ data: [['a', null], [null, 'a']] }))).toMatchObject({ reason: 'noPairableUnits' });
    expect(cohenKappa(buildReliabilityData({ data: [] }))).toMatchObject({ reason: 'noPairableUnits' });
  });

  it('KA7: is 0, not undefined, when one coder used a single category and the other did not', () => {
    expect(cohenKappa(buildReliabilityData({ data: [['a', 'a'], ['a', 'b']] })).value).toBe(0);
  });

  it('KA7: compares exactly two coders', () => {
    expect(() => cohenKappa(buildReliabilityData({ data: [['a', 'a', 'a']] }))).toThrow(AgreementError);
  });
});
