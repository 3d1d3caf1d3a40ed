import { writeMatrixQuery, type MatrixQuery } from '../../../../shared/explore/matrix-query.ts';
import type { MatrixResponse } from '../../../../shared/explore/matrix.ts';
import type { Api } from '../api.ts';

/** `GET /api/projects/:id/matrix` (docs/api.md), through the app's `Api`. */
export function requestMatrix(api: Api, projectId: string, query: MatrixQuery): Promise<MatrixResponse> {
  const search = writeMatrixQuery(query);
  search.set('rows', 'codes');
  return api.send<MatrixResponse>('GET', `/api/projects/${encodeURIComponent(projectId)}/matrix?${search}`);
}
