import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../agreement/seeded-random.ts';
import { describeMatrix } from './matrix-caption.ts';
import { buildMatrixCsv } from './matrix-csv.ts';
import { defaultMatrixQuery, type MatrixQuery } from './matrix-query.ts';
import { buildMatrix, deletedCodeLabel, MatrixError, type MatrixCode, type MatrixSegment, type MatrixSource } from './matrix.ts';

const code = (id: string, name: string, parentId: string | null, order: number, colour = '#0072B2'): MatrixCode => ({ id, name, parentId, order, colour });
const query = (q: Partial<MatrixQuery>): MatrixQuery => ({ ...defaultMatrixQuery, ...q });

// A small project, counted by hand: two documents, two coders, a code with a sub-code.
const source: MatrixSource = {
  codes: [code('barriers', 'Barriers', null, 1), code('hope', 'Hope', null, 0), code('cost', 'Cost', 'barriers', 0, 'red;x')],
  documents: [
    { id: 'd1', name: 'Interview 1', length: 100, attributes: { role: 'nurse', years: 12 } },
    { id: 'd2', name: 'Interview 2', length: 50, attributes: { role: 'manager', years: 3 } },
  ],
  coders: [
    { id: 'ana', name: 'Ana' },
    { id: 'ben', name: 'Ben' },
  ],
  attributeFields: [
    { key: 'role', label: 'Role', type: 'category', options: ['manager', 'nurse', 'doctor'] },
    { key: 'years', label: 'Years', type: 'number' },
  ],
  segments: [
    { documentId: 'd1', userId: 'ana', codeId: 'hope', start: 0, end: 10 },
    { documentId: 'd1', userId: 'ana', codeId: 'hope', start: 5, end: 20 }, // overlaps the first: 20 characters in all
    { documentId: 'd1', userId: 'ben', codeId: 'hope', start: 0, end: 10 },
    { documentId: 'd1', userId: 'ana', codeId: 'cost', start: 8, end: 30 },
    { documentId: 'd2', userId: 'ben', codeId: 'barriers', start: 40, end: 60 }, // runs past the end: 10 characters
    { documentId: 'd2', userId: 'ben', codeId: 'gone', start: 0, end: 5 },
  ],
  units: () => [],
};

describe('buildMatrix', () => {
  it('lists codes in codebook order, sub-codes indented under their parent, deleted codes last', () => {
    const m = buildMatrix(source, query({}));
    expect(m.rows.map((r) => [r.label, r.depth])).toEqual([
      ['Hope', 0],
      ['Barriers', 0],
      ['Cost', 1],
      [deletedCodeLabel, 0],
    ]);
    // A colour that is not #rrggbb never reaches a style attribute.
    expect(m.rows[2]!.colour).toBe('#999999');
  });

  it('counts codings per code and document, with totals', () => {
    const m = buildMatrix(source, query({}));
    expect(m.cols.map((c) => c.label)).toEqual(['Interview 1', 'Interview 2']);
    expect(m.cells).toEqual([
      [3, 0],
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(m.rowTotals).toEqual([3, 1, 1, 1]);
    expect(m.colTotals).toEqual([4, 2]);
    expect(m.total).toBe(6);
    expect(m.codings).toBe(6);
  });

  it('counts coded characters once per coder, clipped to the document', () => {
    const m = buildMatrix(source, query({ measure: 'chars' }));
    expect(m.cells).toEqual([
      [20 + 10, 0],
      [0, 10],
      [22, 0],
      [0, 5],
    ]);
  });

  it('counts per coder, or one coder only', () => {
    expect(buildMatrix(source, query({ cols: { kind: 'coders' } })).cells).toEqual([
      [2, 1],
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    const ben = buildMatrix(source, query({ cols: { kind: 'coders' }, userId: 'ben' }));
    expect(ben.cols).toEqual([{ id: 'ben', label: 'Ben' }]);
    expect(ben.rowTotals).toEqual([1, 1, 0, 1]);
    expect(() => buildMatrix(source, query({ userId: 'eve' }))).toThrow(MatrixError);
  });

  it('groups documents by an attribute: a category in its option order, numbers ascending', () => {
    const role = buildMatrix(source, query({ cols: { kind: 'attribute', field: 'role' } }));
    expect(role.cols.map((c) => c.id)).toEqual(['manager', 'nurse', 'doctor']);
    expect(role.cells[0]).toEqual([0, 3, 0]);
    const years = buildMatrix({ ...source, documents: [...source.documents, { id: 'd3', name: 'Interview 3', length: 10, attributes: {} }] }, query({ cols: { kind: 'attribute', field: 'years' } }));
    expect(years.cols.map(({ id, label }) => ({ id, label }))).toEqual([
      { id: '3', label: '3' },
      { id: '12', label: '12' },
      { id: '', label: 'No value' },
    ]);
    // "No value" is no value to filter by: the column names its documents.
    expect(years.cols.map((c) => c.documentIds)).toEqual([['d2'], ['d1'], ['d3']]);
    expect(() => buildMatrix(source, query({ cols: { kind: 'attribute', field: 'sector' } }))).toThrow(/does not have/);
  });

  it('counts co-occurrence within each coder’s layer only', () => {
    const m = buildMatrix(source, query({ cols: { kind: 'codes' } }));
    expect(m.cols.map((c) => c.id)).toEqual(['hope', 'barriers', 'cost', 'gone']);
    // Ana's two hope codings both overlap her cost coding; Ben's hope coding overlaps nothing of his.
    expect(m.cells[0]).toEqual([0, 0, 2, 0]);
    expect(m.cells[2]).toEqual([2, 0, 0, 0]);
    expect(buildMatrix(source, query({ cols: { kind: 'codes' }, measure: 'chars' })).cells[0]![2]).toBe(12);
  });

  it('writes the shown matrix as CSV with its caption, guarding names against formulas', () => {
    const m = buildMatrix({ ...source, documents: [{ ...source.documents[0]!, name: '=HYPERLINK("x")' }, source.documents[1]!] }, query({}));
    const lines = buildMatrixCsv(m, 'Number of codings').split('\r\n');
    expect(lines[0]).toBe(`Code,Parent code,"'=HYPERLINK(""x"")",Interview 2,Total`);
    expect(lines[3]).toBe('Cost,Barriers,1,0,1');
    expect(lines[5]).toBe('Total,,4,2,6');
    expect(lines[7]).toBe('Number of codings');
  });
});

describe('describeMatrix', () => {
  const scope = { coders: 3, coderName: null, attributeLabel: null, ownOnlyDocuments: 0, hiddenDocuments: 0 };
  it('says what is counted and whose codings', () => {
    expect(describeMatrix(defaultMatrixQuery, scope)).toBe('Codings of each code in each document. By every coder you can see (3); consensus excluded; sub-codes on their own rows.');
    expect(describeMatrix(query({ cols: { kind: 'codes' }, cooccurrence: 'unit' }), { ...scope, coderName: 'Ana' })).toMatch(/^Pairs of codings by one coder in the same transcript unit.*By Ana only/);
  });
  it('names the documents a blind round narrows or hides', () => {
    expect(describeMatrix(defaultMatrixQuery, { ...scope, ownOnlyDocuments: 2 })).toContain('In 2 documents in a blind round only your own codings are counted.');
    expect(describeMatrix(defaultMatrixQuery, { ...scope, hiddenDocuments: 1 })).toContain('1 document in a blind round is left out until the round is revealed.');
  });
});

describe('buildMatrix, randomized (seeded)', () => {
  function randomSource(seed: number): MatrixSource {
    const random = createSeededRandom(seed);
    const int = (n: number) => Math.floor(random() * n);
    const codes = Array.from({ length: 1 + int(8) }, (_, i) => code(`c${i}`, `Code ${i}`, i > 0 && random() < 0.3 ? `c${int(i)}` : null, int(5)));
    const documents = Array.from({ length: 1 + int(5) }, (_, i) => ({ id: `d${i}`, name: `Doc ${i}`, length: 50 + int(400), attributes: { group: random() < 0.2 ? null : `g${int(3)}` } }));
    const coders = Array.from({ length: 1 + int(3) }, (_, i) => ({ id: `u${i}`, name: `Coder ${i}` }));
    const segments: MatrixSegment[] = Array.from({ length: int(80) }, () => {
      const document = documents[int(documents.length)]!;
      const start = int(document.length);
      return { documentId: document.id, userId: coders[int(coders.length)]!.id, codeId: codes[int(codes.length)]!.id, start, end: start + 1 + int(80) };
    });
    const units = new Map(documents.map((d) => [d.id, Array.from({ length: Math.ceil(d.length / 30) }, (_, k) => ({ start: k * 30, end: Math.min(d.length, k * 30 + 30) }))]));
    return { codes, documents, coders, attributeFields: [{ key: 'group', label: 'Group', type: 'text' }], segments, units: (id) => units.get(id)! };
  }

  it('row totals equal the number of codings of the code, whatever the columns', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = randomSource(seed);
      for (const cols of [{ kind: 'documents' }, { kind: 'coders' }, { kind: 'attribute', field: 'group' }] as const) {
        const m = buildMatrix(s, query({ cols }));
        m.rows.forEach((row, i) => expect(m.rowTotals[i], `seed ${seed} ${cols.kind} ${row.id}`).toBe(s.segments.filter((x) => x.codeId === row.id).length));
        expect(m.total).toBe(s.segments.length);
      }
    }
  });

  it('coded characters never exceed the document’s length times its coders', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = randomSource(seed);
      const m = buildMatrix(s, query({ measure: 'chars' }));
      m.cols.forEach((col, j) => {
        const length = s.documents.find((d) => d.id === col.id)!.length;
        for (const row of m.cells) expect(row[j]).toBeLessThanOrEqual(length * s.coders.length);
      });
      // And per coder, at most the length of every document.
      const perCoder = buildMatrix(s, query({ measure: 'chars', cols: { kind: 'coders' } }));
      const all = s.documents.reduce((n, d) => n + d.length, 0);
      for (const row of perCoder.cells) for (const value of row) expect(value).toBeLessThanOrEqual(all);
    }
  });

  it('co-occurrence is symmetric in both modes and both measures', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = randomSource(seed);
      for (const cooccurrence of ['overlap', 'unit'] as const) {
        for (const measure of ['count', 'chars'] as const) {
          const m = buildMatrix(s, query({ cols: { kind: 'codes' }, cooccurrence, measure }));
          m.cells.forEach((row, i) => row.forEach((value, j) => expect(value, `seed ${seed} ${cooccurrence} ${measure}`).toBe(m.cells[j]![i])));
          expect(m.rowTotals).toEqual(m.colTotals);
        }
      }
    }
  });
});
