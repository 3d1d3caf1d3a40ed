import type { DecisionView } from '../../../../shared/api/index.ts';
import type { Coding } from '../../../../shared/model/coding.ts';
import type { LaneRange } from './coder-lanes.ts';

/** What the consensus holds for a locus: nothing decided yet, deferred, nothing (rejected), or codings. */
export type ConsensusLane =
  | { readonly state: 'undecided' }
  | { readonly state: 'deferred'; readonly decision: DecisionView }
  | { readonly state: 'empty'; readonly decision: DecisionView }
  | { readonly state: 'codings'; readonly decision: DecisionView; readonly codings: readonly (LaneRange & { readonly codeId: string })[] };

/**
 * The consensus lane of a locus from its current decision: the codings that decision wrote, as the
 * consensus room holds them now (`liveCoding`, by id), or — until that room has synced — as the
 * decision's own record says.
 *
 * @example
 * consensusLane(rejectAll, get) // { state: 'empty', decision: rejectAll }
 */
export function consensusLane(decision: DecisionView | null, liveCoding: (id: string) => Coding | undefined): ConsensusLane {
  if (!decision) return { state: 'undecided' };
  if (decision.action === 'defer') return { state: 'deferred', decision };
  const live = decision.consensusCodingIds.flatMap((id) => {
    const c = liveCoding(id);
    return c && c.start !== null && c.end !== null ? [{ codeId: c.codeId, start: c.start, end: c.end }] : [];
  });
  const codings = live.length > 0 ? live : (decision.result ?? []).map(({ codeId, start, end }) => ({ codeId, start, end }));
  return codings.length === 0 ? { state: 'empty', decision } : { state: 'codings', decision, codings };
}
