import { ApiErrorCode, type AdvanceRoundRequest, type RoundView } from '../../../../shared/api/index.ts';
import { ApiError, readApiError } from '../api-error.ts';

/** Who has not submitted which document of a round. */
export type MissingSubmission = { readonly documentId: string; readonly userId: string };

/** `POST …/rounds/:roundId/phase`: the round moved on, or the reveal was refused naming who has not submitted. */
export type PhaseChange = { readonly kind: 'moved'; readonly round: RoundView } | { readonly kind: 'missingSubmissions'; readonly message: string; readonly missing: readonly MissingSubmission[] };

function readMissing(body: unknown): { message: string; missing: MissingSubmission[] } | null {
  const error = (body as { error?: { code?: unknown; message?: unknown; missing?: unknown } } | null)?.error;
  if (!error || error.code !== ApiErrorCode.conflict || !Array.isArray(error.missing)) return null;
  const missing = error.missing.filter((m): m is MissingSubmission => typeof m?.documentId === 'string' && typeof m?.userId === 'string');
  return { message: typeof error.message === 'string' ? error.message : 'Some coders have not submitted yet.', missing };
}

/**
 * Moves a round to its next phase. A reveal refused because coders have not submitted is an
 * answer, not a failure: the 409's `missing` list comes back so the owner can chase them or
 * reveal anyway (`force`). Every other failure is an `ApiError`.
 */
export async function sendPhaseChange(url: string, body: AdvanceRoundRequest, csrfToken: string | null): Promise<PhaseChange> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch (cause) {
    throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
  }
  if (response.ok) return { kind: 'moved', round: (await response.json()) as RoundView };
  if (response.status === 409) {
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
    const refused = readMissing(parsed);
    if (refused && refused.missing.length > 0) return { kind: 'missingSubmissions', ...refused };
    throw await readApiError(new Response(text, { status: response.status, headers: response.headers }));
  }
  throw await readApiError(response);
}
