import { codingsColumns, codingsRowValues, type CodingsColumnKind, type CodingsTable } from '../../shared/interop-export/index.ts';
import { excelText, streamingWorkbook } from '../xlsx-workbook.ts';

/** Column widths (characters) by kind; passages wrap. */
const widths: Readonly<Record<CodingsColumnKind, number>> = { name: 22, attribute: 14, offset: 8, passage: 60, time: 19 };

/**
 * The codings table as an XLSX workbook (exceljs's streaming writer): sheet "Codings" — the header
 * row in bold, frozen, with filters; the same columns and rows as the CSV; passages and memos
 * wrapped; created and modified as Excel dates (UTC, shown `yyyy-mm-dd hh:mm:ss`); text written as
 * text, so nothing in it can run as a formula — and sheet "About": `about`, one line per row (what
 * the file holds and what was left out). Runs in the worker thread (`codings-export-job.ts`).
 */
export async function writeCodingsXlsx(table: CodingsTable, about: readonly string[], options: { readonly creator: string; readonly created: Date }): Promise<Uint8Array<ArrayBuffer>> {
  const { workbook, bytes } = await streamingWorkbook(options);

  const columns = codingsColumns(table.attributeLabels);
  const sheet = workbook.addWorksheet('Codings', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(({ header, kind }) => ({
    header: excelText(header),
    width: widths[kind],
    style: kind === 'time' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : kind === 'passage' ? { alignment: { vertical: 'top', wrapText: true } } : { alignment: { vertical: 'top' } },
  }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.commit();
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const width = table.attributeLabels.length;
  for (const row of table.rows) {
    const attributes = Array.from({ length: width }, (_, i) => row.attributes[i] ?? null);
    const values = codingsRowValues({ ...row, attributes }).map((value, i) => {
      if (value === null) return null;
      if (columns[i]!.kind === 'time') {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? null : date;
      }
      return typeof value === 'string' ? excelText(value) : value;
    });
    sheet.addRow(values).commit();
  }
  sheet.commit();

  const sheetAbout = workbook.addWorksheet('About');
  sheetAbout.columns = [{ width: 110 }];
  for (const line of about) sheetAbout.addRow([excelText(line)]).commit();
  sheetAbout.commit();
  return bytes();
}
