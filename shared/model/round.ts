import type { CodingMode } from '../api/roles.ts';

/**
 * Coding rounds (spec §3.2): a set of documents a team codes blind, then compares, reconciles and
 * locks. Pure rules, used by the server to decide access and by the client to say why a layer is
 * read-only; the records themselves live where only the server writes (the directory store).
 */
export const RoundPhase = { setup: 'setup', blind: 'blind', compare: 'compare', reconcile: 'reconcile', locked: 'locked' } as const;
export type RoundPhase = (typeof RoundPhase)[keyof typeof RoundPhase];
export const roundPhases: readonly RoundPhase[] = ['setup', 'blind', 'compare', 'reconcile', 'locked'];

/** The phase after `phase`, or null for `locked`: rounds only move forward, one step at a time. */
export function nextPhase(phase: RoundPhase): RoundPhase | null {
  return roundPhases[roundPhases.indexOf(phase) + 1] ?? null;
}

/** True once the round's layers have been revealed: from `compare` on, agreement and loci use the submissions. */
export function isRevealed(phase: RoundPhase): boolean {
  return roundPhases.indexOf(phase) >= roundPhases.indexOf('compare');
}

/** What a document's round says about its rooms; `null` when the document is in no started round. */
export interface DocumentRoundState {
  readonly roundId: string;
  /** A round still in setup has not started: its documents follow the project's own mode. */
  readonly phase: Exclude<RoundPhase, 'setup'>;
  readonly allowPostHocEdits: boolean;
  /** Coders whose current submission of this document freezes their layer (not re-opened since). */
  readonly submittedUserIds: ReadonlySet<string>;
  /** Coders an owner re-opened after `compare`: they may write again until they submit. */
  readonly reopenedUserIds: ReadonlySet<string>;
}

/**
 * How the layers of a document are shown: blind while its round is blind, open once revealed, and
 * the project's own mode for documents in no started round.
 *
 * @example
 * documentCodingMode('open', { phase: 'blind', … }) // 'blind'
 */
export function documentCodingMode(projectMode: CodingMode, round: DocumentRoundState | null): CodingMode {
  if (!round) return projectMode;
  return round.phase === 'blind' ? 'blind' : 'open';
}

/**
 * Why a coder may not write their own layer of this document, or null when they may. Blind: a
 * submitted layer is frozen until its coder re-opens it. After the reveal a layer stays as it was
 * submitted unless the round allows post-hoc edits or an owner re-opened it; a locked round is
 * frozen for good.
 */
export function layerFrozenReason(round: DocumentRoundState | null, userId: string): string | null {
  if (!round) return null;
  switch (round.phase) {
    case 'blind':
      return round.submittedUserIds.has(userId) ? 'submitted for this round: re-open it to code again' : null;
    case 'compare':
    case 'reconcile':
      if (round.reopenedUserIds.has(userId)) return null;
      return round.allowPostHocEdits ? null : 'the round has been revealed: codings stay as submitted';
    case 'locked':
      return 'the round is locked';
  }
}

/** Whether the consensus of this document may be read by non-owners: not while its round is blind. */
export function consensusHiddenFromCoders(round: DocumentRoundState | null): boolean {
  return round?.phase === 'blind';
}

/** Whether decisions may be made on this document now: always without a round; in a round only while it reconciles. */
export function decisionsOpen(round: DocumentRoundState | null): { open: true } | { open: false; reason: string } {
  if (!round || round.phase === 'reconcile') return { open: true };
  if (round.phase === 'locked') return { open: false, reason: 'The round is locked: its consensus is final' };
  return { open: false, reason: `The round is in ${round.phase}: decisions open when the owner moves it to reconcile` };
}
