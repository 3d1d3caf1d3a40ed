import { MatrixQueryError, readMatrixQuery, writeMatrixQuery, type MatrixQuery } from '../../../../shared/explore/matrix-query.ts';

/** What the Matrix view keeps in its address: the server query, and whether codes with no codings are hidden. */
export interface MatrixSettings {
  readonly query: MatrixQuery;
  readonly hideEmpty: boolean;
}

/**
 * The settings in an address. Lenient, unlike the server: a parameter that is not valid (an old
 * link, a hand-edited address) falls back to its default instead of leaving the page empty.
 *
 * @example
 * readMatrixSettings(new URLSearchParams('cols=coders&measure=words')) // { query: { cols: coders, measure: count, … }, hideEmpty: false }
 */
export function readMatrixSettings(search: URLSearchParams): MatrixSettings {
  const params = new URLSearchParams(search);
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return { query: readMatrixQuery((name) => params.get(name)), hideEmpty: search.get('hideEmpty') === 'true' };
    } catch (error) {
      if (!(error instanceof MatrixQueryError)) throw error;
      params.delete(error.field);
    }
  }
  throw new Error('unreachable: every parameter of the matrix query has a default');
}

/** The settings as search parameters: the server query's (defaults left out), then `hideEmpty`. */
export function writeMatrixSettings(settings: MatrixSettings): URLSearchParams {
  const out = writeMatrixQuery(settings.query);
  if (settings.hideEmpty) out.set('hideEmpty', 'true');
  return out;
}
