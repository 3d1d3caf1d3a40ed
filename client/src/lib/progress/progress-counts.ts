import type { CodingProgress } from '../../../../shared/api/index.ts';

/** One coder's codings in one document; `hidden` when the server kept the count back (a blind round). */
export interface ProgressCount {
  readonly id: string;
  readonly name: string;
  /** 0 when hidden: sums and bars treat a hidden count as nothing to show. */
  readonly count: number;
  readonly hidden: boolean;
  /** The document has assigned coders and this is not one of them (listed only when they coded there). */
  readonly unassigned: boolean;
}

/**
 * Each coder's count in one document. While a document's round is blind, a coder's progress
 * leaves out the other coders' counts (the key is absent): that is "hidden", never 0. A document
 * the figures do not list yet (added since) counts 0 for everyone. A document with assigned coders
 * lists them, and anyone else only if they coded there (marked `unassigned`).
 *
 * @example
 * progressCounts({ coders: [{ id: 'a', name: 'Ana' }, { id: 'b', name: 'Ben' }], documents: [{ documentId: 'd', counts: { a: 3 } }] }, 'd')
 * // [{ id: 'a', name: 'Ana', count: 3, hidden: false, unassigned: false }, { id: 'b', name: 'Ben', count: 0, hidden: true, unassigned: false }]
 */
export function progressCounts(progress: CodingProgress | null, documentId: string): ProgressCount[] {
  const row = progress?.documents.find((d) => d.documentId === documentId);
  const assigned = row?.assigned ? new Set(row.assigned) : null;
  return (progress?.coders ?? []).flatMap((c) => {
    const count = row?.counts[c.id];
    const unassigned = assigned !== null && !assigned.has(c.id);
    if (unassigned && !(count !== undefined && count > 0)) return [];
    return [{ id: c.id, name: c.name, count: count ?? 0, hidden: row !== undefined && count === undefined, unassigned }];
  });
}
