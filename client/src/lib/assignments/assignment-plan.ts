import type { AssignmentMode } from '../../../../shared/api/index.ts';

/** What one document's assignees become. */
export interface DocumentChange {
  readonly documentId: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** The assignees afterwards, sorted. */
  readonly after: readonly string[];
}

/** What an assignment would change, worked out before it is sent, for the dialog's summary. */
export interface AssignmentPlan {
  /** Only the documents that change, in the order they were chosen. */
  readonly changes: readonly DocumentChange[];
  /** Chosen documents that stay as they are. */
  readonly unchanged: number;
  /** Per member: how many documents they would be added to and removed from. */
  readonly byMember: ReadonlyMap<string, { readonly added: number; readonly removed: number }>;
  readonly addedPairs: number;
  readonly removedPairs: number;
  /** Chosen documents that would end with exactly one assignee: agreement needs two. */
  readonly single: number;
}

/**
 * Applies `mode` to each chosen document's current assignees, as the server will: `add` the
 * members, `remove` them, or `replace` the assignees by them.
 *
 * @example
 * planAssignment({ d1: ['a'] }, ['d1', 'd2'], ['b'], 'add').addedPairs // 2
 */
export function planAssignment(current: Readonly<Record<string, readonly string[]>>, documentIds: readonly string[], userIds: readonly string[], mode: AssignmentMode): AssignmentPlan {
  const chosen = new Set(userIds);
  const changes: DocumentChange[] = [];
  const byMember = new Map<string, { added: number; removed: number }>();
  const count = (userId: string, key: 'added' | 'removed') => {
    const entry = byMember.get(userId) ?? { added: 0, removed: 0 };
    entry[key] += 1;
    byMember.set(userId, entry);
  };
  let unchanged = 0;
  let addedPairs = 0;
  let removedPairs = 0;
  let single = 0;
  for (const documentId of new Set(documentIds)) {
    const before = new Set(current[documentId] ?? []);
    const added = mode === 'remove' ? [] : [...chosen].filter((u) => !before.has(u));
    const removed = mode === 'add' ? [] : [...before].filter((u) => (mode === 'remove' ? chosen.has(u) : !chosen.has(u)));
    const after = new Set(before);
    for (const u of added) after.add(u);
    for (const u of removed) after.delete(u);
    if (after.size === 1) single += 1;
    if (added.length === 0 && removed.length === 0) {
      unchanged += 1;
      continue;
    }
    for (const u of added) count(u, 'added');
    for (const u of removed) count(u, 'removed');
    addedPairs += added.length;
    removedPairs += removed.length;
    changes.push({ documentId, added, removed, after: [...after].sort() });
  }
  return { changes, unchanged, byMember, addedPairs, removedPairs, single };
}
