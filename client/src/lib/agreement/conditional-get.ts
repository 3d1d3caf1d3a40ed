import { ApiError, readApiError } from '../api-error.ts';

/** A fresh body with its ETag, or `null` when the server answered 304 Not Modified. */
export type Conditional<T> = { readonly body: T; readonly etag: string | null } | null;

/**
 * `GET` with `If-None-Match`. The browser cache is bypassed (`no-store`) so a 304 reaches the
 * caller instead of being swapped for a cached body, and the caller decides which ETag belongs
 * to which query. Failures are `ApiError`s, as for every other call.
 */
export async function conditionalGet<T>(url: string, etag: string | null): Promise<Conditional<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (etag) headers['if-none-match'] = etag;
  let response: Response;
  try {
    response = await fetch(url, { headers, credentials: 'same-origin', cache: 'no-store' });
  } catch (cause) {
    throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
  }
  if (response.status === 304) return null;
  if (!response.ok) throw await readApiError(response);
  return { body: (await response.json()) as T, etag: response.headers.get('etag') };
}
