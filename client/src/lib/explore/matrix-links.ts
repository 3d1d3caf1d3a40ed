import type { MatrixQuery } from '../../../../shared/explore/matrix-query.ts';
import { noAttributeValue, type Matrix } from '../../../../shared/explore/matrix.ts';

/** The retrieval list takes at most this many ids of one kind (docs/api.md, `GET …/segments`). */
const maxIds = 500;

/**
 * The retrieval list's filters (`GET …/segments`, and the Coded segments view's address) for a
 * cell of the matrix: the row's code (not its sub-codes: each row counts only its own code), the
 * column's document, coder or attribute value, or — for co-occurrence — the column's code as
 * `cooccursWith`, by the same coder (`cooccurrenceBy=same`). The chosen coder, if any, narrows every link. Null where there is nothing to
 * list: a code paired with itself, or a "No value" column of more documents than a filter takes.
 *
 * @example
 * cellFilter(matrix, { cols: { kind: 'documents' }, … }, 0, 2)?.toString() // 'codeId=hope&documentId=d3'
 */
export function cellFilter(matrix: Matrix, query: MatrixQuery, row: number | null, col: number | null): URLSearchParams | null {
  const out = new URLSearchParams();
  if (row !== null) out.set('codeId', matrix.rows[row]!.id);
  if (col !== null) {
    const column = matrix.cols[col]!;
    switch (query.cols.kind) {
      case 'documents':
        out.set('documentId', column.id);
        break;
      case 'coders':
        out.set('userId', column.id);
        break;
      case 'attribute':
        if (column.id !== noAttributeValue) out.set(`attr.${query.cols.field}`, column.id);
        else {
          // Documents without a value have no value to filter by: they are named one by one.
          const ids = column.documentIds ?? [];
          if (ids.length === 0 || ids.length > maxIds) return null;
          for (const id of ids) out.append('documentId', id);
        }
        break;
      case 'codes':
        if (row === null || matrix.rows[row]!.id === column.id) return null;
        out.set('cooccursWith', column.id);
        out.set('cooccurrence', query.cooccurrence);
        // The matrix pairs a coder's codings only with their own: so does the list.
        out.set('cooccurrenceBy', 'same');
        break;
    }
  }
  if (query.userId !== null && !out.has('userId')) out.set('userId', query.userId);
  return out;
}
