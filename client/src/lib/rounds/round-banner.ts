import type { Role, RoundView } from '../../../../shared/api/index.ts';
import { layerFrozenReason, type RoundPhase } from '../../../../shared/model/round.ts';
import { documentRoundState, submissionOf } from './document-round-state.ts';
import { phaseLabels } from './round-phases.ts';

/** What the coding view's round banner says about one document, for one person. */
export interface RoundBanner {
  readonly roundName: string;
  readonly phase: RoundPhase;
  readonly phaseLabel: string;
  /** The sentence beside the round's name. */
  readonly message: string;
  /** The person's own layer is frozen by the round (shown as read-only). */
  readonly frozen: boolean;
  /** When their current submission was made, if it stands. */
  readonly submittedAt: string | null;
  /** The one action the banner offers, if any. */
  readonly action: 'submit' | 'resubmit' | 'reopen' | null;
}

/**
 * The banner of a document in a round (spec §3.2): blind — submit, or submitted and re-open;
 * revealed — codings stay as submitted unless the layer is writable again; locked — final.
 *
 * @example
 * roundBanner(blindRoundWithNoSubmissions, 'd1', { userId: 'u', role: 'coder' })?.action // 'submit'
 */
export function roundBanner(round: RoundView, documentId: string, viewer: { readonly userId: string; readonly role: Role }): RoundBanner | null {
  const state = documentRoundState(round, documentId);
  if (!state) return null;
  const base = { roundName: round.name, phase: state.phase, phaseLabel: phaseLabels[state.phase] };
  const codes = viewer.role !== 'viewer';
  const own = codes ? submissionOf(round, documentId, viewer.userId) : null;
  const standing = own && own.reopenedAt === null ? own.submittedAt : null;
  const frozen = codes && layerFrozenReason(state, viewer.userId) !== null;
  switch (state.phase) {
    case 'blind':
      if (!codes) return { ...base, message: 'Coders are coding this document on their own; their layers stay hidden until the owner reveals the round.', frozen, submittedAt: null, action: null };
      if (standing) return { ...base, message: 'Your codings are frozen; you can re-open them until the owner reveals the round.', frozen, submittedAt: standing, action: 'reopen' };
      return {
        ...base,
        message: own ? 'You re-opened this document: code on, then submit it again.' : 'Code this document on your own — other coders’ layers are hidden. Submit it when you are done.',
        frozen,
        submittedAt: null,
        action: 'submit',
      };
    case 'compare':
    case 'reconcile': {
      const revealed = state.phase === 'reconcile' ? 'Revealed, and reconciliation is open.' : 'Revealed: every coder’s layer is visible.';
      if (!codes) return { ...base, message: `${revealed} Codings stay as submitted.`, frozen, submittedAt: null, action: null };
      if (state.reopenedUserIds.has(viewer.userId)) return { ...base, message: `${revealed} An owner re-opened your layer: correct it, then submit it again — the round compares your last submission until then.`, frozen, submittedAt: null, action: 'resubmit' };
      if (state.allowPostHocEdits) return { ...base, message: `${revealed} Edits after the reveal are allowed; the round compares what you submitted until you submit again.`, frozen, submittedAt: standing, action: 'resubmit' };
      return { ...base, message: `${revealed} Codings stay as submitted.`, frozen, submittedAt: standing, action: null };
    }
    case 'locked':
      return { ...base, message: 'Locked: the consensus and every layer of this document are final.', frozen, submittedAt: standing, action: null };
  }
}
