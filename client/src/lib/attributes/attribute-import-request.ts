import type { AttributeField } from '../../../../shared/model/attributes.ts';
import { ApiError, readApiError } from '../api-error.ts';

/** `POST /api/projects/:id/attributes/import`: the fields after the import and what matched. */
export interface AttributeImportResult {
  readonly fields: readonly AttributeField[];
  /** How many documents received values. */
  readonly updated: number;
  /** Names in the first column that match no document, as written in the file. */
  readonly unmatched: readonly string[];
}

/** Sends a CSV table as the request body (`text/csv`); every failure is an `ApiError`. */
export async function sendAttributeTable(url: string, csv: string, csrfToken: string | null): Promise<AttributeImportResult> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, credentials: 'same-origin', body: csv });
  } catch (cause) {
    throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
  }
  if (!response.ok) throw await readApiError(response);
  return (await response.json()) as AttributeImportResult;
}
