import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { computeMeasure, parseAgreementInput, runVector, vectorSpecs } from './vector-runner.ts';

const units = { type: 'units_x_coders', data: [[1, 1], [1, 2], [2, 2]] };
const continuum = { type: 'continuum', length: 10, coders: [[{ start: 0, end: 5, code: 'A' }], [{ start: 1, end: 5, code: 'A' }]] };

describe('vector runner (KA2)', () => {
  it('KA2: computes a vector from input, measure and level only', () => {
    expect(runVector({ id: 'x', measure: 'krippendorff_alpha', level: 'interval', input: units })).toEqual({
      id: 'x',
      value: expect.closeTo(4 / 9, 12),
      undefined: false,
    });
    expect(runVector({ id: 'y', measure: 'krippendorff_alpha', level: null, input: units }).value).toBeCloseTo(4 / 9, 12);
  });

  it('KA2: reads u_alpha_2004 "overall" and maxqda "CODE@T%" levels', () => {
    const input = parseAgreementInput(continuum);
    expect(computeMeasure(input, 'u_alpha_2004', 'overall')).toEqual(computeMeasure(input, 'u_alpha_2004', null));
    expect(computeMeasure(input, 'maxqda_segment_agreement', 'A@80%').value).toBe(1);
    expect(computeMeasure(input, 'maxqda_segment_agreement', 'A@90%').value).toBe(0);
  });

  it('rejects unknown measures, wrong input types and missing levels', () => {
    const u = parseAgreementInput(units);
    const c = parseAgreementInput(continuum);
    expect(() => computeMeasure(u, 'kappa')).toThrow(expect.objectContaining({ reason: 'unknownMeasure' }));
    expect(() => computeMeasure(u, 'u_alpha')).toThrow(expect.objectContaining({ reason: 'inputTypeMismatch' }));
    expect(() => computeMeasure(c, 'per_code_binary_u_alpha')).toThrow(expect.objectContaining({ reason: 'invalidLevel' }));
    expect(() => computeMeasure(u, 'krippendorff_alpha', 'circular')).toThrow(expect.objectContaining({ reason: 'invalidLevel' }));
    expect(() => parseAgreementInput({ type: 'matrix' })).toThrow(AgreementError);
    expect(() => parseAgreementInput([])).toThrow(AgreementError);
  });

  it('checks the vectors document shape', () => {
    expect(vectorSpecs({ vectors: [{ id: 'a', measure: 'm', input: {} }] })).toEqual([{ id: 'a', measure: 'm', level: null, input: {} }]);
    expect(() => vectorSpecs({})).toThrow(AgreementError);
    expect(() => vectorSpecs({ vectors: [{ measure: 'm' }] })).toThrow(AgreementError);
    expect(() => vectorSpecs({ vectors: [{ id: 'a', measure: 'm', level: 3 }] })).toThrow(AgreementError);
  });
});
