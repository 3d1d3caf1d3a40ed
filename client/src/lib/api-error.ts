import { ApiErrorCode } from '../../../shared/api/index.ts';

/** Why a request failed: one of the API's error codes, or `network` when the server was not reached. */
export type ApiErrorReason = ApiErrorCode | 'network';

/**
 * The one error type the client's API calls throw: the server's `{error: {code, message, field}}`,
 * or a network failure. Pages show `message` and mark the input named by `field`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly reason: ApiErrorReason,
    message: string,
    readonly field?: string,
    readonly status = 0,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** Same as `reason`: the API calls it `code`. */
  get code(): ApiErrorReason {
    return this.reason;
  }

  /** An error raised by the page itself before anything is sent (e.g. passwords that differ). */
  static invalid(field: string, message: string): ApiError {
    return new ApiError(ApiErrorCode.validation, message, field, 0);
  }
}

const knownCodes = new Set<string>(Object.values(ApiErrorCode));

/** Reads an error response; bodies that are not the API's error shape still give a readable message. */
export async function readApiError(response: Response): Promise<ApiError> {
  try {
    const body: unknown = await response.json();
    const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
    if (error && typeof error.code === 'string' && knownCodes.has(error.code) && typeof error.message === 'string') {
      return new ApiError(error.code as ApiErrorCode, error.message, typeof error.field === 'string' ? error.field : undefined, response.status);
    }
  } catch (cause) {
    // Not JSON (a proxy's error page, say): fall through to a generic message with the status.
    void cause;
  }
  return new ApiError(ApiErrorCode.internal, `The server answered with an unexpected error (HTTP ${response.status}). Try again in a moment.`, undefined, response.status);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(ApiErrorCode.internal, error instanceof Error ? error.message : String(error));
}
