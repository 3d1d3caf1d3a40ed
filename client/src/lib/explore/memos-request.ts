import type { CreateMemoRequest, MemosResponse, MemoView, UpdateMemoRequest } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/memos`;

/** One page of the list; `query` is `memosApiQuery(…)`. Failures are `ApiError`s. */
export function fetchMemoPage(api: Api, projectId: string, query: string, signal?: AbortSignal): Promise<MemosResponse> {
  return api.send<MemosResponse>('GET', `${base(projectId)}?${query}`, undefined, { signal });
}

export function sendNewMemo(api: Api, projectId: string, body: CreateMemoRequest): Promise<MemoView> {
  return api.send<MemoView>('POST', base(projectId), body);
}

export function sendMemoChange(api: Api, projectId: string, memoId: string, body: UpdateMemoRequest): Promise<MemoView> {
  return api.send<MemoView>('PATCH', `${base(projectId)}/${encodeURIComponent(memoId)}`, body);
}

export function sendMemoRemoval(api: Api, projectId: string, memoId: string): Promise<void> {
  return api.send<void>('DELETE', `${base(projectId)}/${encodeURIComponent(memoId)}`);
}
