import type { CreateMemoRequest, MemosResponse, MemoView, UpdateMemoRequest } from '../../../../shared/api/index.ts';
import { ApiError, readApiError } from '../api-error.ts';

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/memos`;

async function send(method: string, url: string, options: { body?: unknown; csrfToken?: string | null; signal?: AbortSignal }): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      ...(options.signal && { signal: options.signal }),
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
  }
  if (!response.ok) throw await readApiError(response);
  return response;
}

/** One page of the list; `query` is `memosApiQuery(…)`. Failures are `ApiError`s. */
export async function fetchMemoPage(projectId: string, query: string, signal?: AbortSignal): Promise<MemosResponse> {
  return (await (await send('GET', `${base(projectId)}?${query}`, signal ? { signal } : {})).json()) as MemosResponse;
}

export async function sendNewMemo(projectId: string, body: CreateMemoRequest, csrfToken: string | null): Promise<MemoView> {
  return (await (await send('POST', base(projectId), { body, csrfToken })).json()) as MemoView;
}

export async function sendMemoChange(projectId: string, memoId: string, body: UpdateMemoRequest, csrfToken: string | null): Promise<MemoView> {
  return (await (await send('PATCH', `${base(projectId)}/${encodeURIComponent(memoId)}`, { body, csrfToken })).json()) as MemoView;
}

export async function sendMemoRemoval(projectId: string, memoId: string, csrfToken: string | null): Promise<void> {
  await send('DELETE', `${base(projectId)}/${encodeURIComponent(memoId)}`, { csrfToken });
}
