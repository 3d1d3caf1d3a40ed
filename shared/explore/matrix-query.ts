import { cooccurrenceModes, type CooccurrenceMode } from './cooccurrence.ts';

/**
 * What a matrix shows, as the address and `GET …/matrix` spell it: codes as rows; as columns the
 * documents, the coders, the values of one participant attribute (`attr.<key>`), or the codes
 * again (co-occurrence); counting codings or coded characters, over every visible coder or one.
 */
export type MatrixColumns = { readonly kind: 'documents' } | { readonly kind: 'coders' } | { readonly kind: 'attribute'; readonly field: string } | { readonly kind: 'codes' };

export const matrixMeasures = ['count', 'chars'] as const;
export type MatrixMeasure = (typeof matrixMeasures)[number];

export interface MatrixQuery {
  readonly cols: MatrixColumns;
  readonly measure: MatrixMeasure;
  /** For co-occurrence (`cols=codes`): overlapping codings, or codings in the same transcript unit. */
  readonly cooccurrence: CooccurrenceMode;
  /** One coder's layer only (a user id), or null for every coder the reader may see. */
  readonly userId: string | null;
}

export const defaultMatrixQuery: MatrixQuery = { cols: { kind: 'documents' }, measure: 'count', cooccurrence: 'overlap', userId: null };

export class MatrixQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'MatrixQueryError';
  }
}

const attributeKey = /^[A-Za-z0-9_-]{1,40}$/;
const userIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** `cols` as written in a query: `documents`, `coders`, `codes` or `attr.<key>`. */
export function formatMatrixColumns(cols: MatrixColumns): string {
  return cols.kind === 'attribute' ? `attr.${cols.field}` : cols.kind;
}

/**
 * Reads a matrix query; an empty or missing parameter takes its default, anything else must be
 * valid. Throws `MatrixQueryError` naming the parameter.
 *
 * @example
 * readMatrixQuery((name) => ({ cols: 'attr.role', measure: 'chars' })[name]) // { cols: { kind: 'attribute', field: 'role' }, measure: 'chars', … }
 */
export function readMatrixQuery(get: (name: string) => string | null | undefined): MatrixQuery {
  const value = (name: string) => {
    const raw = get(name);
    return raw === null || raw === undefined || raw === '' ? null : raw;
  };
  const rows = value('rows');
  if (rows !== null && rows !== 'codes') throw new MatrixQueryError('rows', 'rows must be codes');
  return {
    cols: readColumns(value('cols')),
    measure: oneOf(value('measure'), matrixMeasures, 'measure', defaultMatrixQuery.measure),
    cooccurrence: oneOf(value('cooccurrence'), cooccurrenceModes, 'cooccurrence', defaultMatrixQuery.cooccurrence),
    userId: readUserId(value('userId')),
  };
}

function readColumns(raw: string | null): MatrixColumns {
  if (raw === null) return defaultMatrixQuery.cols;
  if (raw === 'documents' || raw === 'coders' || raw === 'codes') return { kind: raw };
  if (raw.startsWith('attr.') && attributeKey.test(raw.slice(5))) return { kind: 'attribute', field: raw.slice(5) };
  throw new MatrixQueryError('cols', 'cols must be documents, coders, codes or attr.<attribute key>');
}

function readUserId(raw: string | null): string | null {
  if (raw === null) return null;
  if (!userIdPattern.test(raw)) throw new MatrixQueryError('userId', 'userId must be the id of a coder in this project');
  return raw;
}

function oneOf<T extends string>(raw: string | null, allowed: readonly T[], field: string, fallback: T): T {
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new MatrixQueryError(field, `${field} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

/**
 * The query as search parameters, defaults left out (so addresses stay short and stable);
 * `cooccurrence` only for co-occurrence, which alone uses it.
 *
 * @example
 * writeMatrixQuery({ ...defaultMatrixQuery, measure: 'chars' }).toString() // 'measure=chars'
 */
export function writeMatrixQuery(query: MatrixQuery): URLSearchParams {
  const out = new URLSearchParams();
  const cols = formatMatrixColumns(query.cols);
  if (cols !== formatMatrixColumns(defaultMatrixQuery.cols)) out.set('cols', cols);
  if (query.measure !== defaultMatrixQuery.measure) out.set('measure', query.measure);
  if (query.cols.kind === 'codes' && query.cooccurrence !== defaultMatrixQuery.cooccurrence) out.set('cooccurrence', query.cooccurrence);
  if (query.userId !== null) out.set('userId', query.userId);
  return out;
}
