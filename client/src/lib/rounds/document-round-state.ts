import type { RoundView, SubmissionView } from '../../../../shared/api/index.ts';
import type { DocumentRoundState } from '../../../../shared/model/round.ts';

/**
 * Which round governs a document, and what it says about the document's layers — the client's
 * reading of the rounds list, made the same way the server decides the document's rooms: a round
 * still in setup has not started; of the started rounds holding the document, the latest created
 * governs (a document is in at most one round that is not locked, so that is the live one when
 * there is one, else the last locked one).
 */
export function governingRound(rounds: readonly RoundView[], documentId: string): RoundView | null {
  let found: RoundView | null = null;
  for (const round of rounds) {
    if (round.phase === 'setup' || !round.documentIds.includes(documentId)) continue;
    // Ties in `createdAt` go to the later one in the list (the server lists oldest first).
    if (!found || round.createdAt >= found.createdAt) found = round;
  }
  return found;
}

/** A coder's latest submission of a document in a round, or null when they have not submitted it. */
export function submissionOf(round: RoundView, documentId: string, userId: string): SubmissionView | null {
  let latest: SubmissionView | null = null;
  for (const s of round.submissions) if (s.documentId === documentId && s.userId === userId && (!latest || s.submittedAt >= latest.submittedAt)) latest = s;
  return latest;
}

/**
 * The `DocumentRoundState` of one document in `round` (null for a round in setup): coders whose
 * latest submission stands are frozen; coders re-opened at or after the reveal may write again.
 * A re-opening before the reveal only mattered while the round was blind.
 *
 * @example
 * documentRoundState({ phase: 'blind', submissions: [{ documentId: 'd', userId: 'a', reopenedAt: null, … }], … }, 'd')
 * // { phase: 'blind', submittedUserIds: Set {'a'}, reopenedUserIds: Set {}, … }
 */
export function documentRoundState(round: RoundView, documentId: string): DocumentRoundState | null {
  if (round.phase === 'setup') return null;
  const latest = new Map<string, SubmissionView>();
  for (const s of round.submissions) {
    if (s.documentId !== documentId) continue;
    const before = latest.get(s.userId);
    if (!before || s.submittedAt >= before.submittedAt) latest.set(s.userId, s);
  }
  const submittedUserIds = new Set<string>();
  const reopenedUserIds = new Set<string>();
  for (const [userId, s] of latest) {
    if (s.reopenedAt === null) submittedUserIds.add(userId);
    else if (round.revealedAt !== null && s.reopenedAt >= round.revealedAt) reopenedUserIds.add(userId);
  }
  return { roundId: round.id, phase: round.phase, allowPostHocEdits: round.allowPostHocEdits, submittedUserIds, reopenedUserIds };
}

/**
 * The documents that cannot join another round: each is held by a round that is not locked
 * (other than `exceptRoundId`, the round being edited), mapped to that round.
 */
export function documentsHeld(rounds: readonly RoundView[], exceptRoundId: string | null = null): ReadonlyMap<string, RoundView> {
  const held = new Map<string, RoundView>();
  for (const round of rounds) {
    if (round.id === exceptRoundId || round.phase === 'locked') continue;
    for (const documentId of round.documentIds) held.set(documentId, round);
  }
  return held;
}
