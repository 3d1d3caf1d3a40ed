import { writeMatrixQuery, type MatrixQuery } from '../../../../shared/explore/matrix-query.ts';
import type { MatrixResponse } from '../../../../shared/explore/matrix.ts';
import { ApiError, readApiError } from '../api-error.ts';

/** `GET /api/projects/:id/matrix` (docs/api.md) with the session cookie; every failure an `ApiError`. */
export async function requestMatrix(projectId: string, query: MatrixQuery, baseUrl = ''): Promise<MatrixResponse> {
  const search = writeMatrixQuery(query);
  search.set('rows', 'codes');
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/projects/${encodeURIComponent(projectId)}/matrix?${search}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
  }
  if (!response.ok) throw await readApiError(response);
  return (await response.json()) as MatrixResponse;
}
