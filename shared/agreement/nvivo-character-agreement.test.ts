import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { validateContinuum } from './continuum.ts';
import { characterCounts, nvivoCharacterKappa, nvivoKappaFromCounts, nvivoPercentFromCounts } from './nvivo-character-agreement.ts';

describe('NVivo-style character agreement (KA23)', () => {
  it('KA23: percentage agreement follows the NVivo help example (85 %)', () => {
    // 1000 characters: 50 coded by both, 150 by one only, 800 by neither.
    expect(nvivoPercentFromCounts({ total: 1000, a: 200, b: 50, both: 50 }).value).toBe(0.85);
  });

  it('KA23: kappa is Cohen’s kappa of the two 0/1 character vectors', () => {
    const counts = { total: 100, a: 30, b: 20, both: 15 };
    const po = (15 + 65) / 100;
    const pe = 0.3 * 0.2 + 0.7 * 0.8;
    expect(nvivoKappaFromCounts(counts).value).toBeCloseTo((po - pe) / (1 - pe), 14);
  });

  it('KA3, KA23: kappa is 1 when neither coded the code or both coded everything; 0 when only one coded', () => {
    expect(nvivoKappaFromCounts({ total: 10, a: 0, b: 0, both: 0 }).value).toBe(1);
    expect(nvivoKappaFromCounts({ total: 10, a: 10, b: 10, both: 10 }).value).toBe(1);
    expect(nvivoKappaFromCounts({ total: 10, a: 4, b: 0, both: 0 }).value).toBe(0);
    expect(nvivoKappaFromCounts({ total: 0, a: 0, b: 0, both: 0 })).toMatchObject({ undefined: true, reason: 'emptyContinuum' });
  });

  it('KA23: a character counts once however many segments cover it', () => {
    expect(characterCounts(20, [{ start: 0, end: 8 }, { start: 4, end: 10 }], [{ start: 5, end: 15 }])).toEqual({
      total: 20,
      a: 10,
      b: 10,
      both: 5,
    });
  });

  it('KA23: compares two coders', () => {
    const c = validateContinuum({ length: 5, coders: [[], [], []] });
    expect(() => nvivoCharacterKappa(c, 'A')).toThrow(AgreementError);
  });
});
