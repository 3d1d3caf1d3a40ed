import { describe, expect, it } from 'vitest';
import { codingsColumns, writeCodingsCsv, type CodingsRow } from './codings-table.ts';

const row = (overrides: Partial<CodingsRow> = {}): CodingsRow => ({
  document: 'P07',
  attributes: ['coach', 12.5],
  codePath: 'Stages / Push',
  coder: 'Ana Ortiz',
  start: 10,
  end: 42,
  text: 'It was pushed on us',
  memo: '',
  created: '2024-05-01T09:00:00.000Z',
  modified: '2024-05-02T10:30:00.000Z',
  ...overrides,
});

describe('codingsColumns', () => {
  it('puts one column per attribute field after the document', () => {
    expect(codingsColumns(['Role', 'Years of experience']).map((c) => c.header)).toEqual([
      'document',
      'Role',
      'Years of experience',
      'code path',
      'coder',
      'start',
      'end',
      'text',
      'memo',
      'created',
      'modified',
    ]);
  });

  it('makes a label distinct when it repeats a column, another label, or is blank', () => {
    expect(codingsColumns(['Text', 'role', 'Role', '  ', 'Role']).slice(1, 6).map((c) => c.header)).toEqual(['Text (attribute)', 'role', 'Role (attribute)', 'attribute 4', 'Role (attribute 2)']);
  });
});

describe('writeCodingsCsv', () => {
  it('writes the header and one row per coding, with a byte order mark and CRLF', () => {
    const csv = writeCodingsCsv({ attributeLabels: ['Role', 'Years'], rows: [row(), row({ coder: 'Consensus', attributes: ['coach', null], memo: 'Agreed.' })] });
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFdocument,Role,Years,code path,coder,start,end,text,memo,created,modified',
      'P07,coach,12.5,Stages / Push,Ana Ortiz,10,42,It was pushed on us,,2024-05-01T09:00:00.000Z,2024-05-02T10:30:00.000Z',
      'P07,coach,,Stages / Push,Consensus,10,42,It was pushed on us,Agreed.,2024-05-01T09:00:00.000Z,2024-05-02T10:30:00.000Z',
      '',
    ]);
  });

  it('keeps quotes, commas, line breaks and emoji in passages and memos, and defuses formulas', () => {
    const csv = writeCodingsCsv({
      attributeLabels: [],
      rows: [row({ attributes: [], text: 'We said "fine", then\nleft 😤', memo: '=1+1', document: '@home, P1', codePath: 'Emotion ✨ / Frustration' })],
    });
    expect(csv.split('\r\n')[1]).toBe(`"'@home, P1",Emotion ✨ / Frustration,Ana Ortiz,10,42,"We said ""fine"", then\nleft 😤",'=1+1,2024-05-01T09:00:00.000Z,2024-05-02T10:30:00.000Z`);
  });

  it('gives every row a cell per attribute field, so columns never shift', () => {
    const csv = writeCodingsCsv({ attributeLabels: ['Role', 'Years'], rows: [row({ attributes: ['coach'], created: null, modified: null })] });
    expect(csv.split('\r\n')[1]).toBe('P07,coach,,Stages / Push,Ana Ortiz,10,42,It was pushed on us,,,');
  });
});
