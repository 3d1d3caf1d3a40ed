import type { Locus, LocusVersion } from './disagreement-loci.ts';

/** What a reconciler can do with a locus (spec §3.3); `auto` decisions come from pre-merge. */
export const DecisionAction = {
  accept: 'accept',
  acceptAll: 'acceptAll',
  rejectAll: 'rejectAll',
  edit: 'edit',
  recode: 'recode',
  defer: 'defer',
} as const;
export type DecisionAction = (typeof DecisionAction)[keyof typeof DecisionAction];
export const decisionActions = Object.values(DecisionAction);

export interface DecisionRequest {
  readonly action: DecisionAction;
  /** `accept`: whose codings go into the consensus. */
  readonly userIds?: readonly string[] | undefined;
  /** `edit` / `recode`: the consensus coding's code and range. */
  readonly codeId?: string | undefined;
  readonly start?: number | undefined;
  readonly end?: number | undefined;
  readonly rationale?: string | undefined;
}

/** One coding the decision writes into the consensus layer. */
export interface ConsensusResult {
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
  /** The coders' codings it was made from. */
  readonly sourceCodingIds: readonly string[];
}

export interface DecisionPlan {
  /** What the consensus holds for this locus afterwards; null when the decision leaves it alone (defer). */
  readonly result: readonly ConsensusResult[] | null;
  /** Why a rationale was required, or null when it was optional. */
  readonly rationaleRequiredBecause: string | null;
}

export const DecisionFailure = {
  unknownCoder: 'unknownCoder',
  rationaleRequired: 'rationaleRequired',
  invalidRange: 'invalidRange',
  unknownCode: 'unknownCode',
} as const;
export type DecisionFailure = (typeof DecisionFailure)[keyof typeof DecisionFailure];

export class DecisionError extends Error {
  constructor(
    readonly reason: DecisionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DecisionError';
  }
}

/** Same-code codings that overlap or touch become one range (spec §3.3, "accept all"). */
function unionByCode(versions: readonly LocusVersion[]): ConsensusResult[] {
  const sorted = [...versions].sort((a, b) => a.appliedCodeId.localeCompare(b.appliedCodeId) || a.start - b.start || a.end - b.end);
  const results: { codeId: string; start: number; end: number; sourceCodingIds: string[] }[] = [];
  for (const v of sorted) {
    const last = results.at(-1);
    if (last && last.codeId === v.appliedCodeId && v.start <= last.end) {
      last.end = Math.max(last.end, v.end);
      last.sourceCodingIds.push(v.codingId);
    } else results.push({ codeId: v.appliedCodeId, start: v.start, end: v.end, sourceCodingIds: [v.codingId] });
  }
  return results.sort((a, b) => a.start - b.start || a.codeId.localeCompare(b.codeId));
}

/** The code most coders used in the locus, when no other code was used as often; else null. */
function majorityCode(locus: Locus): string | null {
  const votes = new Map<string, Set<string>>();
  for (const v of locus.versions) votes.set(v.codeId, (votes.get(v.codeId) ?? new Set()).add(v.coderId));
  const ranked = [...votes].sort((a, b) => b[1].size - a[1].size);
  if (ranked.length > 1 && ranked[0]![1].size === ranked[1]![1].size) return null;
  return ranked[0]?.[0] ?? null;
}

/**
 * What a decision on `locus` writes into the consensus layer, checked against the spec's table
 * (§3.3): accepting a coder copies their codings (a rationale is needed unless their code is the
 * locus's majority); accepting all keeps every distinct proposal, same-code overlaps unioned (a
 * rationale is needed in an exclusive domain, where that stacks exclusive codes); rejecting all
 * writes nothing; edit and recode write one coding of the given code and range; defer changes
 * nothing. Coders' codings are never changed: only the consensus is written.
 *
 * @example
 * planDecision(locus, { action: 'accept', userIds: ['B'] }, { codeIds: new Set(['push']), textLength: 700 })
 * // { result: [{ codeId: 'push', start: 0, end: 250, sourceCodingIds: ['b1'] }], rationaleRequiredBecause: null }
 */
export function planDecision(locus: Locus, request: DecisionRequest, context: { readonly codeIds: ReadonlySet<string>; readonly textLength: number }): DecisionPlan {
  const rationale = request.rationale?.trim() ?? '';
  const require = (because: string | null): void => {
    if (because !== null && rationale === '') throw new DecisionError(DecisionFailure.rationaleRequired, `Give a rationale: ${because}`);
  };
  switch (request.action) {
    case 'accept': {
      const chosen = [...new Set(request.userIds ?? [])];
      if (chosen.length === 0) throw new DecisionError(DecisionFailure.unknownCoder, 'Say whose codings to accept');
      const coders = new Set(locus.versions.map((v) => v.coderId));
      const stranger = chosen.find((id) => !coders.has(id));
      if (stranger !== undefined) throw new DecisionError(DecisionFailure.unknownCoder, `${stranger} has no coding in this passage`);
      const versions = locus.versions.filter((v) => chosen.includes(v.coderId));
      const majority = majorityCode(locus);
      const because = versions.every((v) => v.codeId === majority) ? null : 'the accepted reading is not the majority’s';
      require(because);
      return { result: unionByCode(versions), rationaleRequiredBecause: because };
    }
    case 'acceptAll': {
      const because = locus.exclusive ? 'accepting every reading stacks codes of an exclusive domain' : null;
      require(because);
      return { result: unionByCode(locus.versions), rationaleRequiredBecause: because };
    }
    case 'rejectAll':
      require('nothing of this passage goes into the consensus');
      return { result: [], rationaleRequiredBecause: 'nothing of this passage goes into the consensus' };
    case 'edit':
    case 'recode': {
      const { codeId, start, end } = request;
      if (codeId === undefined || !context.codeIds.has(codeId)) throw new DecisionError(DecisionFailure.unknownCode, `Choose a code of the codebook${codeId === undefined ? '' : ` (${codeId} is not one)`}`);
      if (!Number.isInteger(start) || !Number.isInteger(end) || start! < 0 || end! <= start! || end! > context.textLength) {
        throw new DecisionError(DecisionFailure.invalidRange, `The range must lie within the transcript (0–${context.textLength}) and not be empty`);
      }
      require('the consensus differs from every coder’s reading');
      return { result: [{ codeId, start: start!, end: end!, sourceCodingIds: locus.versions.map((v) => v.codingId) }], rationaleRequiredBecause: 'the consensus differs from every coder’s reading' };
    }
    case 'defer':
      return { result: null, rationaleRequiredBecause: null };
  }
}
