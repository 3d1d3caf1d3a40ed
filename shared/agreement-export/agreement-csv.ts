import { reportRows, type ExportInput } from './report-rows.ts';

export const csvColumns = ['section', 'code', 'document', 'coder pair', 'measure', 'level', 'value', 'undefined reason', 'n', 'n counts', 'ci lower', 'ci upper'] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed
 * with `'`: names come from users. Numbers are written as they are, full precision.
 *
 * @example
 * csvField('Hope, "fear"') // '"Hope, ""fear"""'
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The report as CSV, one row per section × measure (see `csvColumns`); values unrounded, an
 * undefined value is an empty cell with its reason in words. CRLF line ends, no BOM.
 *
 * @example
 * buildAgreementCsv(input).split('\r\n')[0] // 'section,code,document,coder pair,measure,level,value,…'
 */
export function buildAgreementCsv(input: ExportInput): string {
  const lines = [csvColumns.join(',')];
  for (const row of reportRows(input)) {
    lines.push(
      [
        row.section,
        row.code,
        row.document,
        row.coderPair,
        row.result.measure,
        row.result.level ?? '',
        row.result.undefined ? null : row.result.value,
        row.reason,
        row.n,
        row.nUnit,
        row.ciLower,
        row.ciUpper,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
