import { ApiErrorCode } from '../../shared/api/index.ts';

const statusOf: Record<ApiErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500> = {
  badRequest: 400,
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  alreadyDecided: 409,
  payloadTooLarge: 413,
  rateLimited: 429,
  csrf: 403,
  internal: 500,
};

/** The one error type routes throw; `app.onError` turns it into `{error: {code, message}}`. */
export class ApiError extends Error {
  readonly status: (typeof statusOf)[ApiErrorCode];
  constructor(readonly code: ApiErrorCode, message: string, readonly field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = statusOf[code];
  }
}

export const notFound = (what: string) => new ApiError(ApiErrorCode.notFound, `${what} not found`);
export const forbidden = (message = 'You do not have permission to do that') => new ApiError(ApiErrorCode.forbidden, message);
