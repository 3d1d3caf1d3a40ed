import { TimeSlice } from '../agreement/time-slice.ts';
import type { ExportHeading, ExportRow, SegmentExport } from './segment-rows.ts';

/** The fixed columns, in order; the project's attribute fields follow `document`. */
export const segmentCsvColumns = ['document', 'coder', 'code', 'code path', 'start', 'end', 'text', 'context before', 'context after', 'memo', 'coded at', 'link', 'document id', 'coder id', 'code id', 'coding id'] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, edge spaces, or a
 * leading `#` (no row may read as a comment line); quotes doubled. Text a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed with `'`: names and memos come from users.
 *
 * @example
 * csvCell('=SUM(A1)') // "'=SUM(A1)"
 * csvCell('#3, then') // '"#3, then"'
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^[\s#]|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The lines every export opens with: what it is, the filters that made it, how many rows, when. */
export function headingLines(heading: ExportHeading): string[] {
  const count = `${heading.total.toLocaleString('en')} segment${heading.total === 1 ? '' : 's'} in ${heading.documentCount.toLocaleString('en')} document${heading.documentCount === 1 ? '' : 's'}`;
  return [
    `Accord coded segments — ${heading.projectName}`,
    ...heading.filters,
    heading.rows < heading.total ? `${count}; this file holds the first ${heading.rows.toLocaleString('en')}` : count,
    `Exported ${heading.generatedAt} by Accord ${heading.softwareVersion}; only the codings you may see`,
  ];
}

export function csvHeader(heading: ExportHeading): string[] {
  const [document, ...rest] = segmentCsvColumns;
  return [document, ...heading.fields.map((f) => f.label), ...rest];
}

/** A row's values in the order of `csvHeader`. */
export function segmentRowValues(row: ExportRow): (string | number | null)[] {
  return [row.documentName, ...row.attributes, row.coderName, row.codeName, row.codePath, row.start, row.end, row.text, row.before, row.after, row.memo, row.createdAt, row.link, row.documentId, row.coderId, row.codeId, row.codingId];
}

/**
 * The selection as CSV: with `provenance`, `# ` lines first (pandas `comment='#'`, R
 * `comment.char='#'` skip them), then the header and one row per segment. CRLF line ends, no BOM.
 */
export async function buildSegmentCsv(data: SegmentExport, provenance: boolean): Promise<string> {
  const slice = new TimeSlice();
  const lines = provenance ? headingLines(data.heading).map((line) => `# ${line.replace(/[\r\n]+/g, ' ')}`) : [];
  lines.push(csvHeader(data.heading).map(csvCell).join(','));
  for (let i = 0; i < data.rows.length; i++) {
    lines.push(segmentRowValues(data.rows[i]!).map(csvCell).join(','));
    if ((i & 511) === 0) await slice.yieldIfDue();
  }
  return `${lines.join('\r\n')}\r\n`;
}
