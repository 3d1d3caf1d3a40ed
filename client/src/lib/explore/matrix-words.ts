import type { MatrixQuery } from '../../../../shared/explore/matrix-query.ts';

const number = new Intl.NumberFormat('en');

/** A cell's number as shown: digits grouped (1,234,567). */
export function formatCell(value: number): string {
  return number.format(value);
}

/**
 * What a cell's link says to a screen reader and in its tooltip: the number with its unit, the
 * row's code and the column, and where the link goes.
 *
 * @example
 * cellLabel(query, 3, 'Hope', 'P01') // '3 codings of Hope in P01: list them'
 */
export function cellLabel(query: MatrixQuery, value: number, code: string, column: string): string {
  const n = formatCell(value);
  if (query.cols.kind === 'codes') {
    const unit = query.measure === 'count' ? (value === 1 ? 'pair of codings' : 'pairs of codings') : value === 1 ? 'character' : 'characters';
    return `${n} ${unit} of ${code} with ${column}: list the ${code} codings`;
  }
  const unit = query.measure === 'count' ? (value === 1 ? 'coding' : 'codings') : value === 1 ? 'coded character' : 'coded characters';
  const where = query.cols.kind === 'documents' ? `in ${column}` : query.cols.kind === 'coders' ? `by ${column}` : `where ${column}`;
  return `${n} ${unit} of ${code} ${where}: list them`;
}

export type GridDirection = 'left' | 'right' | 'up' | 'down';

/**
 * The next cell with a link from (row, col) in `direction` — empty cells are stepped over — or
 * null at the edge. `hasLink(row, col)` says which cells have one.
 *
 * @example
 * nextLinkedCell(3, 4, 1, 1, 'right', (r, c) => c === 3) // [1, 3]
 */
export function nextLinkedCell(rows: number, cols: number, row: number, col: number, direction: GridDirection, hasLink: (row: number, col: number) => boolean): [number, number] | null {
  const [dr, dc] = direction === 'left' ? [0, -1] : direction === 'right' ? [0, 1] : direction === 'up' ? [-1, 0] : [1, 0];
  for (let r = row + dr, c = col + dc; r >= 0 && r < rows && c >= 0 && c < cols; r += dr, c += dc) if (hasLink(r, c)) return [r, c];
  return null;
}
