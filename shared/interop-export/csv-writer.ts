/**
 * CSV as the project's tables are written for spreadsheets and statistics packages: RFC 4180
 * fields, CRLF line ends, and a UTF-8 byte order mark first. Without the mark, Excel reads a CSV
 * in the machine's legacy code page and garbles every accent and emoji; readr, data.table, pandas
 * and LibreOffice skip it (base R's `read.csv` needs `fileEncoding = "UTF-8-BOM"`).
 */

/** What a cell holds: text, a number (written as it is, full precision), or nothing. */
export type CsvValue = string | number | null;

/** U+FEFF, written as the file's first character. */
export const byteOrderMark = '\uFEFF';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, edge spaces, or a
 * leading `#` (no row may read as a comment line); quotes doubled. Text a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed with `'`: names, memos and passages
 * come from people. The same rule as the segments and agreement CSVs.
 *
 * @example
 * csvCell('=SUM(A1)') // "'=SUM(A1)"
 * csvCell('She said "no", twice') // '"She said ""no"", twice"'
 * csvCell(12.5) // '12.5'
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^[\s#]|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Rows (the header first) as a CSV file's text: the byte order mark, one line per row, CRLF after
 * every row.
 *
 * @example
 * writeCsv([['code', 'n'], ['Push', 3]]) // '\uFEFFcode,n\r\nPush,3\r\n'
 */
export function writeCsv(rows: readonly (readonly CsvValue[])[]): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${byteOrderMark}${lines.join('\r\n')}\r\n`;
}
