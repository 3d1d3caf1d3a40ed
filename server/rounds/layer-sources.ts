import { isRevealed } from '../../shared/model/round.ts';
import { consensusCoderId, type LayerSource } from '../agreement/project-extracts.ts';
import type { DirectoryStore, RoundRecord } from '../persistence/directory-store.ts';

/**
 * Which layers of a document statistics and reconciliation compare, for `userIds` in order: once
 * the document's round has been revealed, each coder's latest submitted snapshot (null — nothing —
 * for a coder who submitted none); otherwise the live layers. `round` names a round explicitly (a past
 * round's trend point); by default it is the round that governs the document now. The consensus
 * is always live: it is made after the reveal.
 */
export async function layerSourcesOf(directory: DirectoryStore, projectId: string, documentId: string, userIds: readonly string[], round?: RoundRecord | null): Promise<{ sources: LayerSource[]; submitted: ReadonlySet<string> | null }> {
  const governing = round === undefined ? await directory.findDocumentRound(projectId, documentId) : round;
  if (!governing || !isRevealed(governing.phase)) return { sources: [...userIds], submitted: null };
  // Each coder's latest submission: one an owner re-opened after the reveal still stands until
  // its coder submits again (oldest first, so the last one per coder wins).
  const submissions = await directory.listSubmissions(projectId, governing.id, { documentId });
  const byUser = new Map(submissions.map((s) => [s.userId, s]));
  const sources = userIds.map((userId): LayerSource => {
    if (userId === consensusCoderId) return userId;
    const submission = byUser.get(userId);
    if (!submission) return null;
    return {
      submissionId: submission.id,
      read: async () => {
        const snapshot = await directory.submissionSnapshot(projectId, submission.id);
        if (!snapshot) throw new Error(`the snapshot of submission ${submission.id} is gone`);
        return snapshot;
      },
    };
  });
  return { sources, submitted: new Set(byUser.keys()) };
}
