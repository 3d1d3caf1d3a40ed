import { csvField } from '../agreement-export/agreement-csv.ts';
import type { Matrix } from './matrix.ts';

/**
 * The matrix as CSV: a header row (`Code`, `Parent code`, one column per matrix column, `Total`),
 * one row per code, a `Total` row, then — after an empty line, so the table reads as one block —
 * `caption` (what is counted, for which layers), so the file says what it holds. Names are
 * guarded against spreadsheet formulas (`csvField`). CRLF line ends.
 *
 * @example
 * buildMatrixCsv(matrix, 'Codings per document').split('\r\n')[0] // 'Code,Parent code,Interview 1,…,Total'
 */
export function buildMatrixCsv(matrix: Matrix, caption: string): string {
  const labels = new Map(matrix.rows.map((r) => [r.id, r.label]));
  const lines = [
    ['Code', 'Parent code', ...matrix.cols.map((c) => c.label), 'Total'].map(csvField).join(','),
    ...matrix.rows.map((row, i) => [row.label, row.parentId === null ? '' : (labels.get(row.parentId) ?? ''), ...matrix.cells[i]!, matrix.rowTotals[i]!].map(csvField).join(',')),
    ['Total', '', ...matrix.colTotals, matrix.total].map(csvField).join(','),
    '',
    csvField(caption),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
