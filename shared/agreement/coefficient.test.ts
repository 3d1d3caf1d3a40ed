import { describe, expect, it } from 'vitest';
import { chanceCorrected, definedCoefficient, oneMinusRatio, UndefinedReason, undefinedCoefficient, undefinedReasonText } from './coefficient.ts';

describe('coefficient (KA3)', () => {
  it('KA3: a 0/0 is undefined with a reason, never 0 or 1', () => {
    expect(oneMinusRatio(0, 0, 'noExpectedDisagreement')).toEqual({ value: null, undefined: true, reason: 'noExpectedDisagreement' });
    expect(chanceCorrected(1, 1, 'noExpectedDisagreement')).toEqual(undefinedCoefficient('noExpectedDisagreement'));
  });

  it('computes 1 − observed/expected and (p_o − p_e)/(1 − p_e)', () => {
    expect(oneMinusRatio(1, 4, 'noExpectedDisagreement')).toEqual(definedCoefficient(0.75));
    expect(chanceCorrected(0.9, 0.5, 'noExpectedDisagreement').value).toBeCloseTo(0.8, 15);
  });

  it('KA3: every reason has words for people', () => {
    for (const reason of Object.values(UndefinedReason)) expect(undefinedReasonText[reason]).toMatch(/\w/);
  });
});
