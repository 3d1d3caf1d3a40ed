import { Hono } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { buildMatrixCsv } from '../../shared/explore/matrix-csv.ts';
import { formatMatrixColumns, MatrixQueryError, readMatrixQuery, type MatrixQuery } from '../../shared/explore/matrix-query.ts';
import { MatrixError } from '../../shared/explore/matrix.ts';
import { MatrixTooLargeError, readProjectMatrix } from '../explore/matrix-source.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';
import { attachment } from './download-name.ts';

const knownParameters = new Set(['rows', 'cols', 'measure', 'cooccurrence', 'userId', 'format']);

function readQuery(query: Record<string, string>): { matrix: MatrixQuery; format: 'json' | 'csv' } {
  for (const [name, value] of Object.entries(query)) {
    if (!knownParameters.has(name)) throw new ApiError(ApiErrorCode.validation, `Unknown parameter ${name.slice(0, 40)}; the matrix takes ${[...knownParameters].join(', ')}`, name.slice(0, 40));
    if (value.length > 100) throw new ApiError(ApiErrorCode.validation, `${name} is too long`, name);
  }
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new ApiError(ApiErrorCode.validation, 'format must be json or csv', 'format');
  try {
    return { matrix: readMatrixQuery((name) => query[name]), format };
  } catch (error) {
    if (error instanceof MatrixQueryError) throw new ApiError(ApiErrorCode.validation, error.message, error.field);
    throw error;
  }
}

/**
 * `GET /api/projects/:id/matrix?rows=codes&cols=documents|coders|codes|attr.<key>&measure=count|chars&cooccurrence=overlap|unit&userId=&format=json|csv`
 * — codes against documents, coders or an attribute's values, or against codes (co-occurrence),
 * counting codings or coded characters (`shared/explore/matrix.ts`). Any member may read it, and
 * it counts what they may see in the rooms: in a document that is blind now a coder's matrix
 * counts only their own layer and a viewer's nothing. JSON is a `MatrixResponse`; CSV the same
 * matrix with its caption.
 */
export function matrixRoutes(deps: { directory: DirectoryStore; registry: DocumentRegistry }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/projects/:id/matrix', async (c) => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const { matrix: query, format } = readQuery(c.req.query());
    let response;
    try {
      response = await readProjectMatrix(deps, access, query);
    } catch (error) {
      if (error instanceof MatrixError) throw new ApiError(ApiErrorCode.validation, error.message, error.reason === 'unknownCoder' ? 'userId' : 'cols');
      if (error instanceof MatrixTooLargeError) throw new ApiError(ApiErrorCode.validation, error.message, 'cols');
      throw error;
    }
    c.header('Cache-Control', 'private, no-store');
    if (format === 'json') return c.json(response);
    const name = `matrix-${formatMatrixColumns(query.cols).replace(/[^A-Za-z0-9_-]/g, '-')}-${query.measure}.csv`;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachment(name));
    return c.body(buildMatrixCsv(response, response.caption));
  });
  return app;
}
