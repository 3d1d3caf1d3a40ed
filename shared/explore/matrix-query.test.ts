import { describe, expect, it } from 'vitest';
import { defaultMatrixQuery, MatrixQueryError, readMatrixQuery, writeMatrixQuery, type MatrixQuery } from './matrix-query.ts';

const read = (search: string) => {
  const params = new URLSearchParams(search);
  return readMatrixQuery((name) => params.get(name));
};

describe('readMatrixQuery', () => {
  it('takes defaults for missing or empty parameters', () => {
    expect(read('')).toEqual(defaultMatrixQuery);
    expect(read('cols=&measure=&userId=')).toEqual(defaultMatrixQuery);
  });
  it('reads every kind of column, the measure, the co-occurrence rule and one coder', () => {
    expect(read('rows=codes&cols=attr.years_in-role&measure=chars&userId=u_1')).toEqual({ cols: { kind: 'attribute', field: 'years_in-role' }, measure: 'chars', cooccurrence: 'overlap', userId: 'u_1' });
    expect(read('cols=codes&cooccurrence=unit').cols).toEqual({ kind: 'codes' });
    expect(read('cols=coders').cols).toEqual({ kind: 'coders' });
  });
  it('names the parameter that is wrong', () => {
    const field = (search: string) => {
      try {
        read(search);
      } catch (error) {
        if (error instanceof MatrixQueryError) return error.field;
        throw error;
      }
      return null;
    };
    expect(field('rows=documents')).toBe('rows');
    expect(field('cols=memos')).toBe('cols');
    expect(field('cols=attr.')).toBe('cols');
    expect(field('cols=attr.a%20b')).toBe('cols');
    expect(field('measure=words')).toBe('measure');
    expect(field('cooccurrence=sentence')).toBe('cooccurrence');
    expect(field(`userId=${'x'.repeat(65)}`)).toBe('userId');
  });
});

describe('writeMatrixQuery', () => {
  it('leaves defaults out and reads back what it wrote', () => {
    expect(writeMatrixQuery(defaultMatrixQuery).toString()).toBe('');
    const queries: MatrixQuery[] = [
      { cols: { kind: 'attribute', field: 'role' }, measure: 'chars', cooccurrence: 'overlap', userId: 'ana' },
      { cols: { kind: 'codes' }, measure: 'count', cooccurrence: 'unit', userId: null },
    ];
    for (const q of queries) expect(read(writeMatrixQuery(q).toString())).toEqual(q);
    // The co-occurrence rule means nothing for other columns, so it is not kept for them.
    expect(writeMatrixQuery({ ...defaultMatrixQuery, cooccurrence: 'unit' }).toString()).toBe('');
  });
});
