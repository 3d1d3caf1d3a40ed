import type { DecideRequest, LocusView } from '../../../../shared/api/index.ts';
import type { CoderLane } from './coder-lanes.ts';
import { DecisionError, planDecision, type Locus } from '../../../../shared/reconcile/index.ts';

/** Exclusive domains (spec §3.1): the stage set and named semantic domains; `code:…` loci compare one code. */
export function isExclusiveDomain(domainId: string): boolean {
  return domainId === 'stages' || domainId.startsWith('domain:');
}

function asLocus(view: LocusView): Locus {
  return {
    id: view.id,
    documentId: '',
    domainId: view.domainId,
    exclusive: isExclusiveDomain(view.domainId),
    type: view.type,
    flags: view.flags,
    codeIds: view.codeIds,
    start: view.start,
    end: view.end,
    versions: view.versions.map((v) => ({ coderId: v.userId, codingId: v.codingId, codeId: v.codeId, appliedCodeId: v.appliedCodeId, start: v.start, end: v.end })),
    missingCoderIds: view.missingUserIds,
  };
}

/**
 * Why the decision would need a rationale, or null when it would not — asked of the same rule the
 * server applies (`planDecision`), so the hint and the server's 422 never disagree. Requests the
 * server would refuse for another reason (a coder with no coding here) give null: its answer says why.
 *
 * @example
 * rationaleNeed(l3, { action: 'rejectAll' }) // 'nothing of this passage goes into the consensus'
 */
export function rationaleNeed(locus: LocusView, request: Pick<DecideRequest, 'action' | 'userIds' | 'codeId'>): string | null {
  const codeId = request.codeId ?? locus.codeIds[0] ?? '';
  try {
    const plan = planDecision(asLocus(locus), { ...request, codeId, start: locus.start, end: locus.end, rationale: 'given' }, { codeIds: new Set([codeId]), textLength: locus.end });
    return plan.rationaleRequiredBecause;
  } catch (error) {
    if (error instanceof DecisionError) return null;
    throw error;
  }
}

export interface RationaleSummary {
  /** Actions that need a rationale here ("reject all", "accept Ana’s reading"). */
  readonly needed: readonly string[];
  readonly optional: readonly string[];
}

/**
 * Every action on `locus`, sorted into those that need a rationale and those that do not, for the
 * hint beside the rationale box. Only coders with codings here can be accepted.
 *
 * @example
 * rationaleSummary(l3, lanes) // { needed: ['reject all', 'edit', 'accept all'…], optional: ['accept Ben’s reading', 'defer'] }
 */
export function rationaleSummary(locus: LocusView, lanes: readonly CoderLane[]): RationaleSummary {
  const actions: [string, Pick<DecideRequest, 'action' | 'userIds'>][] = [
    ...lanes.filter((l) => l.versions.length > 0).map((l): [string, Pick<DecideRequest, 'action' | 'userIds'>] => [`accept ${l.name}’s reading`, { action: 'accept', userIds: [l.userId] }]),
    ['accept all', { action: 'acceptAll' }],
    ['reject all', { action: 'rejectAll' }],
    ['edit', { action: 'edit' }],
    ['defer', { action: 'defer' }],
  ];
  const needed: string[] = [];
  const optional: string[] = [];
  for (const [label, request] of actions) (rationaleNeed(locus, request) ? needed : optional).push(label);
  return { needed, optional };
}
