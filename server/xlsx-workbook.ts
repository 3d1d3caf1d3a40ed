import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';

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

/**
 * An XLSX workbook written with exceljs's streaming writer (rows are committed as they are added,
 * so memory holds one row at a time), as every Accord workbook is: `workbook` to add sheets to,
 * `bytes()` to finish it and take the file. The bytes are a copy that owns its whole buffer: they
 * are transferred out of the worker, and a small Buffer may share Node's pool.
 */
export async function streamingWorkbook(options: { readonly creator: string; readonly created: Date }): Promise<{ readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter; readonly bytes: () => Promise<Uint8Array<ArrayBuffer>> }> {
  // Loaded at the first workbook, not at start: ExcelJS alone took a third of the server's start-up.
  const { default: excel } = await import('exceljs');
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = options.creator;
  workbook.created = options.created;
  return {
    workbook,
    bytes: async () => {
      await workbook.commit();
      await ended;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}
