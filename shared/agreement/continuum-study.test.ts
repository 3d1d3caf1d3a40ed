import { describe, expect, it } from 'vitest';
import { continuumStudy } from './continuum-study.ts';
import { validateContinuum } from './continuum.ts';

describe('continuum as a study (KA2)', () => {
  it('KA2: turns coders, segments and domains into a one-document study', () => {
    const study = continuumStudy(
      validateContinuum({
        length: 12,
        coders: [[{ start: 0, end: 4, code: 'A' }], [{ start: 2, end: 6, code: 'B' }]],
        domains: { A: 'D' },
      }),
    );
    expect(study.documents).toEqual([{ id: 'text', length: 12 }]);
    expect(study.coders.map((c) => c.id)).toEqual(['coder1', 'coder2']);
    expect(study.codes).toEqual([
      { id: 'A', domain: 'D' },
      { id: 'B', domain: null },
    ]);
    expect(study.codings).toEqual([
      { documentId: 'text', coderId: 'coder1', codeId: 'A', start: 0, end: 4 },
      { documentId: 'text', coderId: 'coder2', codeId: 'B', start: 2, end: 6 },
    ]);
  });
});
