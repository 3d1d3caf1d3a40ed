import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { CodingsRow } from '../../shared/interop-export/index.ts';
import { excelText } from '../xlsx-workbook.ts';
import { writeCodingsXlsx } from './codings-xlsx.ts';

const row = (overrides: Partial<CodingsRow> = {}): CodingsRow => ({
  document: 'P07',
  attributes: ['coach', 12.5],
  codePath: 'Stages / Push',
  coder: 'Ana Ortiz',
  start: 10,
  end: 42,
  text: 'It was pushed on us, "honestly" 😤\nthey said',
  memo: '=1+1',
  created: '2024-05-01T09:30:00.000Z',
  modified: '2024-05-02T10:00:00.000Z',
  ...overrides,
});

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

describe('writeCodingsXlsx', () => {
  it('writes a frozen, filtered header and one typed row per coding: numbers, dates, and text that never runs as a formula', async () => {
    const bytes = await writeCodingsXlsx({ attributeLabels: ['Role', 'Years'], rows: [row(), row({ coder: 'Consensus', attributes: ['manager'], memo: '', modified: null })] }, ['About this file'], {
      creator: 'Accord test',
      created: new Date('2024-06-01T00:00:00Z'),
    });
    const workbook = await open(bytes);
    const sheet = workbook.getWorksheet('Codings')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['document', 'Role', 'Years', 'code path', 'coder', 'start', 'end', 'text', 'memo', 'created', 'modified']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const first = sheet.getRow(2);
    expect((first.values as unknown[]).slice(1)).toEqual(['P07', 'coach', 12.5, 'Stages / Push', 'Ana Ortiz', 10, 42, 'It was pushed on us, "honestly" 😤\nthey said', '=1+1', new Date('2024-05-01T09:30:00.000Z'), new Date('2024-05-02T10:00:00.000Z')]);
    expect(first.getCell(9).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(10).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(first.getCell(8).alignment).toMatchObject({ wrapText: true });
    // A missing attribute value or time is an empty cell: the columns never shift.
    const second = sheet.getRow(3);
    expect([second.getCell(2).value, second.getCell(3).value, second.getCell(5).value, second.getCell(11).value]).toEqual(['manager', null, 'Consensus', null]);
    expect([sheet.getColumn(8).width, sheet.getColumn(6).width]).toEqual([60, 8]);
    expect(workbook.getWorksheet('About')!.getCell('A1').value).toBe('About this file');
  });
});

describe('excelText', () => {
  it('drops control characters XML cannot hold and keeps tabs and line breaks', () => {
    expect(excelText('a\u0001b\u000Bc\td\ne')).toBe('abc\td\ne');
  });

  it('cuts a passage longer than an Excel cell, never inside an emoji, and says so', () => {
    const plain = excelText('x'.repeat(40_000));
    expect(plain.length).toBe(32_767);
    expect(plain).toMatch(/x … \[cut: the passage has 40,000 characters, more than an Excel cell holds; the CSV export has it whole\]$/);
    // The same length with an emoji whose two halves straddle the cut: the cut moves before it.
    const end = plain.indexOf(' … [cut');
    const straddling = `${'x'.repeat(end - 1)}😤${'y'.repeat(40_000 - end - 1)}`;
    const cut = excelText(straddling);
    expect(cut.startsWith(`${'x'.repeat(end - 1)} … [cut`)).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false); // no lone high surrogate
    expect(excelText('short')).toBe('short');
  });
});
