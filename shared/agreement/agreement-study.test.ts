import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { indexStudy, maxReportCoders, type AgreementStudy } from './agreement-study.ts';

const study: AgreementStudy = {
  documents: [{ id: 'd', length: 20 }],
  coders: [{ id: 'p' }, { id: 'q' }],
  codes: [{ id: 'A' }, { id: 'B' }],
  codings: [
    { documentId: 'd', coderId: 'p', codeId: 'A', start: 5, end: 9 },
    { documentId: 'd', coderId: 'p', codeId: 'A', start: 0, end: 6 },
    { documentId: 'd', coderId: 'p', codeId: 'A', start: 9, end: 12 },
    { documentId: 'd', coderId: 'q', codeId: 'B', start: 3, end: 3 },
  ],
};

describe('study index (KA25)', () => {
  it('KA25, KA16: keeps codings as given and merges overlapping ones per code and coder', () => {
    const index = indexStudy(study);
    expect(index.segments[0]?.[0]?.[0]?.map((s) => [s.start, s.end])).toEqual([
      [0, 6],
      [5, 9],
      [9, 12],
    ]);
    expect(index.units[0]?.[0]?.[0]?.map((s) => [s.start, s.end])).toEqual([
      [0, 9],
      [9, 12],
    ]);
    expect(index.units[0]?.[1]?.[1]).toEqual([]); // the empty coding is dropped
  });

  it('KA25: rejects duplicate ids, unknown references and too many coders', () => {
    expect(() => indexStudy({ ...study, coders: [{ id: 'p' }, { id: 'p' }] })).toThrow(AgreementError);
    expect(() => indexStudy({ ...study, codings: [{ documentId: 'd', coderId: 'x', codeId: 'A', start: 0, end: 1 }] })).toThrow(
      AgreementError,
    );
    expect(() => indexStudy({ ...study, documents: [{ id: 'd', length: -1 }] })).toThrow(AgreementError);
    const many = Array.from({ length: maxReportCoders + 1 }, (_, i) => ({ id: `c${i}` }));
    expect(() => indexStudy({ ...study, coders: many, codings: [] })).toThrow(AgreementError);
    expect(() => indexStudy({ ...study, codings: undefined as never })).toThrow(AgreementError);
  });

  it('KA25: ignores codings of coders and documents outside the selection', () => {
    const index = indexStudy(study, { coderIds: ['q'] });
    expect(index.coderIds).toEqual(['q']);
    expect(index.units[0]?.[0]).toEqual([[]]);
  });
});
