import { describe, expect, it } from 'vitest';
import { AgreementQueryError, formatAgreementQuery, readAgreementQuery } from './agreement-query.ts';

const read = (qs: string) => readAgreementQuery(Object.fromEntries(new URLSearchParams(qs)));

describe('agreement query string', () => {
  it('reads what it writes', () => {
    const query = read('unit=segment&threshold=80&measures=krippendorff_alpha,cohen_kappa&coders=a,b&documents=d1&excludeUncoded=true&bootstrap=1000&seed=3&against=consensus');
    expect(query).toEqual({
      unit: 'segment',
      threshold: 80,
      measures: ['krippendorff_alpha', 'cohen_kappa'],
      coders: ['a', 'b'],
      documents: ['d1'],
      codes: null,
      excludeUncoded: true,
      bootstrap: { samples: 1000, seed: 3, minimums: [0.667, 0.8] },
      against: 'consensus',
    });
    expect(read(formatAgreementQuery(query))).toEqual(query);
  });

  it('defaults to characters, everything selected, no bootstrap', () => {
    expect(read('')).toEqual({ unit: 'character', threshold: null, measures: null, coders: null, documents: null, codes: null, excludeUncoded: false, bootstrap: null, against: null });
  });

  it('names the parameter that is out of range', () => {
    const field = (qs: string) => {
      try {
        read(qs);
      } catch (error) {
        if (error instanceof AgreementQueryError) return error.field;
        throw error;
      }
      return null;
    };
    expect(field('unit=word')).toBe('unit');
    expect(field('threshold=0')).toBe('threshold');
    expect(field('bootstrap=5')).toBe('bootstrap');
    expect(field('bootstrap=1000&seed=-1')).toBe('seed');
    expect(field('bootstrap=1000&minimums=2')).toBe('minimums');
    expect(field('against=coders')).toBe('against');
  });
});
