import { memoKinds, type MemoKind } from '../../../../shared/api/index.ts';

/**
 * What the memo list shows, as the address keeps it, under the names of `GET
 * /api/projects/:id/memos` (`q`, `authorId`, `kind`, `documentId`), so any view can link to a
 * filtered list with `paths.explore(projectId, 'memos', params)`.
 */
export interface MemoFilter {
  /** Words found in a memo's title or text; '' for every memo. */
  readonly q: string;
  /** A member's id, `consensus`, or '' for everyone. */
  readonly authorId: string;
  readonly kind: MemoKind | '';
  readonly documentId: string;
}

export const emptyMemoFilter: MemoFilter = { q: '', authorId: '', kind: '', documentId: '' };

/**
 * The filter an address asks for; an unknown kind is left out rather than refused.
 *
 * @example
 * readMemoFilter(new URLSearchParams('kind=document&q=county')) // { q: 'county', authorId: '', kind: 'document', documentId: '' }
 */
export function readMemoFilter(search: URLSearchParams): MemoFilter {
  const kind = search.get('kind') ?? '';
  return {
    q: (search.get('q') ?? '').slice(0, 200),
    authorId: search.get('authorId') ?? '',
    kind: (memoKinds as readonly string[]).includes(kind) ? (kind as MemoKind) : '',
    documentId: search.get('documentId') ?? '',
  };
}

/** The address's query for a filter: only what is set, in a stable order. */
export function writeMemoFilter(filter: MemoFilter): URLSearchParams {
  const search = new URLSearchParams();
  if (filter.q.trim()) search.set('q', filter.q.trim());
  if (filter.authorId) search.set('authorId', filter.authorId);
  if (filter.kind) search.set('kind', filter.kind);
  if (filter.documentId) search.set('documentId', filter.documentId);
  return search;
}

export function isMemoFilterSet(filter: MemoFilter): boolean {
  return writeMemoFilter(filter).size > 0;
}

/** The query of one page of `GET …/memos` for a filter. */
export function memosApiQuery(filter: MemoFilter, page: { readonly limit: number; readonly offset: number }): string {
  const query = writeMemoFilter(filter);
  query.set('limit', String(page.limit));
  query.set('offset', String(page.offset));
  return query.toString();
}
