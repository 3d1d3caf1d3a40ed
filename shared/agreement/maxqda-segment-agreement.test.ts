import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { validateContinuum } from './continuum.ts';
import { maxqdaSegmentAgreement, parseThresholdLevel, segmentAgreementCounts } from './maxqda-segment-agreement.ts';

describe('MAXQDA-style segment agreement (KA24)', () => {
  it('KA24: a segment agrees when intersection/union reaches the threshold, without rounding loss', () => {
    // 9 of 10 characters: exactly 90 %.
    expect(segmentAgreementCounts([{ start: 0, end: 10 }], [{ start: 1, end: 10 }], 90)).toEqual({ agreements: 2, nonAgreements: 0 });
    expect(segmentAgreementCounts([{ start: 0, end: 10 }], [{ start: 2, end: 10 }], 90)).toEqual({ agreements: 0, nonAgreements: 2 });
  });

  it('KA24: every segment of both coders is a row', () => {
    const c = validateContinuum({
      length: 24,
      coders: [
        [{ start: 0, end: 2, code: 'D' }, { start: 2, end: 10, code: 'D' }, { start: 14, end: 20, code: 'D' }],
        [{ start: 0, end: 4, code: 'D' }, { start: 4, end: 8, code: 'D' }],
      ],
    });
    // rows: [0,2)✓ [2,10)✓ [14,20)✗ | [0,4)✓ [4,8)✓ at 50 %
    expect(maxqdaSegmentAgreement(c, 'D', 50).value).toBe(0.8);
  });

  it('KA3, KA24: is undefined when neither coder has a segment of the code', () => {
    const c = validateContinuum({ length: 10, coders: [[], []] });
    expect(maxqdaSegmentAgreement(c, 'D', 90)).toMatchObject({ undefined: true, reason: 'noSegments' });
  });

  it('KA24: parses CODE@T% at the last @', () => {
    expect(parseThresholdLevel('a@b@90%')).toEqual({ code: 'a@b', threshold: 90 });
    expect(parseThresholdLevel('X@50')).toEqual({ code: 'X', threshold: 50 });
    expect(() => parseThresholdLevel('X')).toThrow(AgreementError);
    expect(() => parseThresholdLevel('X@0%')).toThrow(AgreementError);
  });
});
