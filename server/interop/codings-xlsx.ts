import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { codingsColumns, codingsRowValues, type CodingsColumnKind, type CodingsTable } from '../../shared/interop-export/index.ts';

/** XML 1.0 has no place for most control characters: a transcript holding one would make the file unreadable. */
const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Excel keeps at most 32,767 characters in a cell; a longer one makes it "repair" (empty) the workbook. */
const maxCellText = 32_767;

/** A cell's text as Excel can hold it: control characters dropped, an over-long passage cut (never inside a surrogate pair) with a note saying so. */
export function excelText(value: string): string {
  const clean = value.replace(control, '');
  if (clean.length <= maxCellText) return clean;
  const note = ` … [cut: the passage has ${clean.length.toLocaleString('en')} characters, more than an Excel cell holds; the CSV export has it whole]`;
  let end = maxCellText - note.length;
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return clean.slice(0, end) + note;
}

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
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = options.creator;
  workbook.created = options.created;

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
  await workbook.commit();
  await ended;
  // A copy that owns its whole buffer: it is transferred out of the worker, and a small Buffer may share Node's pool.
  return new Uint8Array(Buffer.concat(chunks));
}
