import { describe, expect, it } from 'vitest';
import { validateContinuum, type ContinuumInput } from './continuum.ts';
import {
  binaryUAlpha,
  cuAlpha,
  cuAlphaDomains,
  cuAlphaWithinDomain,
  kUAlpha,
  perCodeBinaryUAlpha,
  uAlpha,
} from './unitizing-alpha.ts';

const seg = (start: number, end: number, code: string): { start: number; end: number; code: string } => ({ start, end, code });
const continuum = (input: ContinuumInput): ReturnType<typeof validateContinuum> => validateContinuum(input);

// Krippendorff (2019) Fig. 12.11: Alex, Paul and Suzan on 60 positions.
const fig1211 = continuum({
  length: 60,
  coders: [
    [seg(0, 7, '1'), seg(7, 13, '2'), seg(30, 32, '5'), seg(32, 37, '6'), seg(37, 44, '6'), seg(44, 60, '7')],
    [seg(0, 7, '1'), seg(7, 13, '3'), seg(13, 21, '5'), seg(32, 44, '6')],
    [seg(0, 7, '1'), seg(7, 13, '4'), seg(13, 21, '5'), seg(32, 37, '6'), seg(37, 41, '6'), seg(41, 44, '6')],
  ],
});

describe('unitizing alphas (KA18–KA21)', () => {
  it('KA18: reproduces the published u-alpha of Fig. 12.11', () => {
    expect(uAlpha(fig1211).value).toBeCloseTo(16349 / 32058, 12);
    expect(binaryUAlpha(fig1211).value).toBeCloseTo(144038 / 348255, 12);
  });

  it('KA19: cu-alpha uses the ordered-pairs / (m − 1) self-pairing correction', () => {
    expect(cuAlpha(fig1211).value).toBeCloseTo(24992 / 34445, 12);
  });

  it('KA20: (k)u-alpha is undefined for a value nobody else’s unit meets', () => {
    expect(kUAlpha(fig1211, '1').value).toBeCloseTo(1, 14);
    expect(kUAlpha(fig1211, '2').value).toBeCloseTo(0, 14);
    expect(kUAlpha(fig1211, '7')).toMatchObject({ undefined: true, reason: 'valueNotPaired' });
  });

  it('KA3, KA18: is undefined when nobody coded anything or everybody coded everything alike', () => {
    const empty = continuum({ length: 30, coders: [[], []] });
    expect(uAlpha(empty)).toMatchObject({ undefined: true, reason: 'noExpectedDisagreement' });
    const whole = continuum({ length: 30, coders: [[seg(0, 30, 'A')], [seg(0, 30, 'A')]] });
    expect(uAlpha(whole)).toMatchObject({ undefined: true });
    expect(binaryUAlpha(whole)).toMatchObject({ undefined: true });
  });

  it('KA18: unit identity only enters the expected term (A[0,10)+A[10,20) vs A[0,20))', () => {
    const c = continuum({
      length: 30,
      coders: [
        [seg(0, 10, 'A'), seg(10, 20, 'A'), seg(20, 30, 'B')],
        [seg(0, 20, 'A'), seg(20, 30, 'B')],
      ],
    });
    expect(uAlpha(c).value).toBe(1);
    expect(cuAlpha(c).value).toBe(1);
    // No gaps anywhere: relevant vs irrelevant has nothing to disagree on.
    expect(binaryUAlpha(c)).toMatchObject({ undefined: true, reason: 'noExpectedDisagreement' });
    // With a single value, cu-alpha is 0/0 too (README vector unit_all_coded_same_2coders).
    expect(cuAlpha(continuum({ length: 20, coders: [[seg(0, 10, 'A'), seg(10, 20, 'A')], [seg(0, 20, 'A')]] }))).toMatchObject({
      undefined: true,
    });
  });

  it('KA18: a coder who coded nothing gives −0.15 on the README example', () => {
    const c = continuum({ length: 30, coders: [[seg(5, 15, 'A')], []] });
    expect(uAlpha(c).value).toBeCloseTo(-0.15, 14);
  });

  it('KA16: per-code |u-alpha merges a coder’s overlapping segments of the code', () => {
    const merged = continuum({ length: 40, coders: [[seg(0, 10, 'A'), seg(5, 20, 'A'), seg(10, 30, 'B')], [seg(2, 20, 'A')]] });
    const single = continuum({ length: 40, coders: [[seg(0, 20, 'A')], [seg(2, 20, 'A')]] });
    expect(perCodeBinaryUAlpha(merged, 'A')).toEqual(perCodeBinaryUAlpha(single, 'A'));
  });

  it('KA21: domains become values (Cu-alpha) or select values (cu-alpha within a domain)', () => {
    const domains = { A: 'D1', B: 'D1', C: 'D2' };
    const coded = continuum({
      length: 50,
      coders: [
        [seg(0, 10, 'A'), seg(10, 20, 'C'), seg(30, 40, 'B')],
        [seg(0, 10, 'B'), seg(12, 20, 'C'), seg(30, 42, 'B')],
      ],
      domains,
    });
    const asDomains = continuum({
      length: 50,
      coders: [
        [seg(0, 10, 'D1'), seg(10, 20, 'D2'), seg(30, 40, 'D1')],
        [seg(0, 10, 'D1'), seg(12, 20, 'D2'), seg(30, 42, 'D1')],
      ],
    });
    expect(cuAlphaDomains(coded)).toEqual(cuAlpha(asDomains));
    const withoutC = continuum({
      length: 50,
      coders: [
        [seg(0, 10, 'A'), seg(30, 40, 'B')],
        [seg(0, 10, 'B'), seg(30, 42, 'B')],
      ],
    });
    expect(cuAlphaWithinDomain(coded, 'D1')).toEqual(cuAlpha(withoutC));
  });
});
