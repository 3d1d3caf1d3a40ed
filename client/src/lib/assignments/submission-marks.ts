import type { RoundView } from '../../../../shared/api/index.ts';
import { governingRound, submissionOf } from '../rounds/document-round-state.ts';

/**
 * Where a coder stands with one document: submitted in its round (their submission stands), not
 * yet submitted, or in no started round. Accord has no separate "done" flag: a submission is it.
 */
export type SubmissionMark =
  | { readonly kind: 'submitted'; readonly roundName: string; readonly submittedAt: string }
  | { readonly kind: 'notSubmitted'; readonly roundName: string; readonly reopened: boolean }
  | { readonly kind: 'noRound' };

/**
 * The mark of `documentId` for `userId`, read from the round that governs the document (the
 * latest started one holding it, as the server decides).
 *
 * @example
 * submissionMark(rounds, 'd1', 'ana') // { kind: 'submitted', roundName: 'Round 1', submittedAt: '…' }
 */
export function submissionMark(rounds: readonly RoundView[], documentId: string, userId: string): SubmissionMark {
  const round = governingRound(rounds, documentId);
  if (!round) return { kind: 'noRound' };
  const submission = submissionOf(round, documentId, userId);
  if (submission && submission.reopenedAt === null) return { kind: 'submitted', roundName: round.name, submittedAt: submission.submittedAt };
  return { kind: 'notSubmitted', roundName: round.name, reopened: submission !== null };
}
