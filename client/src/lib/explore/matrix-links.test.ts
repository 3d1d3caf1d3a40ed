import { describe, expect, it } from 'vitest';
import { defaultMatrixQuery, type MatrixQuery } from '../../../../shared/explore/matrix-query.ts';
import { buildMatrix, type MatrixSource } from '../../../../shared/explore/matrix.ts';
import { readMatrixSettings, writeMatrixSettings } from './matrix-address.ts';
import { cellFilter } from './matrix-links.ts';

const source: MatrixSource = {
  codes: [
    { id: 'hope', name: 'Hope', parentId: null, order: 0, colour: '#009E73' },
    { id: 'fear', name: 'Fear', parentId: null, order: 1, colour: '#D55E00' },
  ],
  documents: [
    { id: 'd1', name: 'P01', length: 100, attributes: { role: 'nurse' } },
    { id: 'd2', name: 'P02', length: 100, attributes: {} },
  ],
  coders: [{ id: 'ana', name: 'Ana' }],
  attributeFields: [{ key: 'role', label: 'Role', type: 'text' }],
  segments: [{ documentId: 'd1', userId: 'ana', codeId: 'hope', start: 0, end: 5 }],
  units: () => [],
};
const link = (q: Partial<MatrixQuery>, row: number | null, col: number | null) => {
  const query = { ...defaultMatrixQuery, ...q };
  return cellFilter(buildMatrix(source, query), query, row, col)?.toString() ?? null;
};

describe('cellFilter', () => {
  it('filters by the row’s code and the column’s document, coder or attribute value', () => {
    expect(link({}, 0, 1)).toBe('codeId=hope&documentId=d2');
    expect(link({ cols: { kind: 'coders' } }, 1, 0)).toBe('codeId=fear&userId=ana');
    expect(link({ cols: { kind: 'attribute', field: 'role' } }, 0, 0)).toBe('codeId=hope&attr.role=nurse');
  });
  it('names the documents of a "No value" column one by one', () => {
    expect(link({ cols: { kind: 'attribute', field: 'role' } }, 0, 1)).toBe('codeId=hope&documentId=d2');
  });
  it('drills a co-occurrence cell down to the row’s code next to the column’s, never a code with itself', () => {
    expect(link({ cols: { kind: 'codes' }, cooccurrence: 'unit' }, 0, 1)).toBe('codeId=hope&cooccursWith=fear&cooccurrence=unit&cooccurrenceBy=same');
    expect(link({ cols: { kind: 'codes' } }, 0, 0)).toBeNull();
  });
  it('keeps the chosen coder, and makes totals links of their row or column alone', () => {
    expect(link({ userId: 'ana' }, 0, 0)).toBe('codeId=hope&documentId=d1&userId=ana');
    expect(link({}, 0, null)).toBe('codeId=hope');
    expect(link({}, null, 1)).toBe('documentId=d2');
  });
});

describe('matrix settings in the address', () => {
  it('falls back to defaults for values it cannot read, and reads back what it writes', () => {
    const settings = readMatrixSettings(new URLSearchParams('cols=coders&measure=words&hideEmpty=true'));
    expect(settings).toEqual({ query: { ...defaultMatrixQuery, cols: { kind: 'coders' } }, hideEmpty: true });
    expect(readMatrixSettings(writeMatrixSettings(settings))).toEqual(settings);
    expect(writeMatrixSettings({ query: defaultMatrixQuery, hideEmpty: false }).toString()).toBe('');
  });
});
