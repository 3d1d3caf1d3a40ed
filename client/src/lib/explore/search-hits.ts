import type { SearchHitView, SearchResponse } from '../../../../shared/api/index.ts';

/** A document's hits as shown: those loaded so far, and how many it has in all. */
export interface HitGroup {
  readonly documentId: string;
  readonly documentName: string;
  readonly total: number;
  readonly hits: readonly SearchHitView[];
}

/**
 * The loaded hits grouped by document, in the order the server gave them (the project's document
 * order), each group with its document's count over every page.
 *
 * @example
 * groupHits([{ documentId: 'a', … }, { documentId: 'a', … }], [{ documentId: 'a', documentName: 'P01', hits: 5 }])
 * // [{ documentId: 'a', documentName: 'P01', total: 5, hits: [two hits] }]
 */
export function groupHits(hits: readonly SearchHitView[], documents: SearchResponse['documents']): HitGroup[] {
  const totals = new Map(documents.map((d) => [d.documentId, d.hits]));
  const groups: { documentId: string; documentName: string; total: number; hits: SearchHitView[] }[] = [];
  for (const hit of hits) {
    const last = groups.at(-1);
    if (last?.documentId === hit.documentId) last.hits.push(hit);
    else groups.push({ documentId: hit.documentId, documentName: hit.documentName, total: totals.get(hit.documentId) ?? 0, hits: [hit] });
  }
  for (const group of groups) group.total = Math.max(group.total, group.hits.length);
  return groups;
}

/** The context around a hit in three parts, the hit itself in the middle. */
export function splitContext(hit: SearchHitView): { before: string; match: string; after: string } {
  const from = Math.max(0, hit.start - hit.contextStart);
  const to = Math.min(hit.context.length, hit.end - hit.contextStart);
  return { before: hit.context.slice(0, from), match: hit.context.slice(from, to), after: hit.context.slice(to) };
}

/** The key of a hit (for checkboxes and keyed lists). */
export const hitKey = (hit: { documentId: string; start: number; end: number }) => `${hit.documentId}:${hit.start}-${hit.end}`;

/** `?q=` of the Search view's address. */
export function readSearchAddress(search: URLSearchParams): string {
  return (search.get('q') ?? '').slice(0, 200);
}

export function writeSearchAddress(q: string): URLSearchParams | null {
  return q.trim() ? new URLSearchParams({ q: q.trim() }) : null;
}
