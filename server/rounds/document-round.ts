import type { DocumentRoundState } from '../../shared/model/round.ts';
import type { DirectoryStore, RoundRecord, SubmissionRecord } from '../persistence/directory-store.ts';

/**
 * The round state of one document, from a round and its submissions of that document: who has a
 * current submission (frozen), and who an owner re-opened after the reveal (writable again). A
 * re-opening before the reveal only un-freezes the layer while the round is blind.
 */
export function roundStateOf(round: RoundRecord, submissions: readonly SubmissionRecord[]): DocumentRoundState | null {
  if (round.phase === 'setup') return null;
  const latest = new Map<string, SubmissionRecord>();
  for (const s of submissions) latest.set(s.userId, s); // oldest first: the last one per coder wins
  const submittedUserIds = new Set<string>();
  const reopenedUserIds = new Set<string>();
  for (const [userId, s] of latest) {
    if (s.reopenedAt === null) submittedUserIds.add(userId);
    else if (round.revealedAt !== null && s.reopenedAt >= round.revealedAt) reopenedUserIds.add(userId);
  }
  return { roundId: round.id, phase: round.phase, allowPostHocEdits: round.allowPostHocEdits, submittedUserIds, reopenedUserIds };
}

/** The state of the round that governs a document's rooms now, or null when it is in no started round. */
export async function readDocumentRound(directory: DirectoryStore, projectId: string, documentId: string): Promise<DocumentRoundState | null> {
  const round = await directory.findDocumentRound(projectId, documentId);
  if (!round) return null;
  return roundStateOf(round, await directory.listSubmissions(projectId, round.id, { documentId }));
}

/** The documents of the project's rounds that are blind now: their layers are hidden from coders and viewers. */
export async function blindRoundDocuments(directory: DirectoryStore, projectId: string): Promise<Set<string>> {
  // A document is in at most one round that is not locked, so a blind round governs all of its documents.
  return new Set((await directory.listRounds(projectId)).filter((r) => r.phase === 'blind').flatMap((r) => r.documentIds));
}
