import type { HistoryEventView } from '../../../../shared/api/index.ts';
import { readCodeFieldValue } from './event-values.ts';

/** One entry of a code's history on the codebook page. */
export type CodeChange =
  | { readonly kind: 'created' | 'deleted'; readonly seq: number; readonly at: string; readonly userId: string }
  | { readonly kind: 'field'; readonly seq: number; readonly at: string; readonly userId: string; readonly field: string; readonly before: unknown; readonly after: unknown };

/**
 * A code's `code.changed` events as entries, newest first: who changed which field from what to
 * what, and when it was created or deleted as a whole.
 */
export function codeChanges(events: readonly HistoryEventView[]): CodeChange[] {
  const changes: CodeChange[] = [];
  for (const event of events) {
    if (event.type !== 'code.changed' || event.redacted) continue;
    const before = readCodeFieldValue(event.before);
    const after = readCodeFieldValue(event.after);
    const field = after?.field ?? before?.field ?? null;
    const { seq, at, userId } = event;
    if (field === null) changes.push({ kind: before?.value == null ? 'created' : 'deleted', seq, at, userId });
    else changes.push({ kind: 'field', seq, at, userId, field, before: before?.value ?? null, after: after?.value ?? null });
  }
  return changes.sort((a, b) => b.seq - a.seq);
}
