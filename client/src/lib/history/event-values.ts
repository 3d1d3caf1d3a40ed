/**
 * Readers for the `before`/`after` of history events (docs/api.md). The server writes them, but a
 * page never trusts a shape it did not check: anything unexpected reads as null.
 */

/** A coding as the history keeps it; the anchors are base64 relative positions, not offsets. */
export interface CodingValue {
  readonly codeId: string;
  readonly memo: string;
  readonly anchor: { readonly start: string; readonly end: string };
}

/** One field of a code (`field` null: the whole code added or removed, `value` then holds its fields). */
export interface CodeFieldValue {
  readonly field: string | null;
  readonly value: unknown;
}

/** What a `history.reverted` event records: the seqs it undid, why, and for "everything since" whose and from when. */
export interface RevertValue {
  readonly seqs: readonly number[];
  readonly reason: string;
  readonly userId: string | null;
  readonly since: string | null;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function readCodingValue(value: unknown): CodingValue | null {
  if (!isObject(value) || typeof value.codeId !== 'string') return null;
  const anchor = isObject(value.anchor) ? value.anchor : {};
  return {
    codeId: value.codeId,
    memo: typeof value.memo === 'string' ? value.memo : '',
    anchor: { start: typeof anchor.start === 'string' ? anchor.start : '', end: typeof anchor.end === 'string' ? anchor.end : '' },
  };
}

export function readCodeFieldValue(value: unknown): CodeFieldValue | null {
  if (!isObject(value) || !('field' in value)) return null;
  if (value.field !== null && typeof value.field !== 'string') return null;
  return { field: value.field, value: value.value ?? null };
}

export function readRevertValue(value: unknown): RevertValue | null {
  if (!isObject(value) || !Array.isArray(value.seqs)) return null;
  return {
    seqs: value.seqs.filter((s): s is number => typeof s === 'number'),
    reason: typeof value.reason === 'string' ? value.reason : '',
    userId: typeof value.userId === 'string' ? value.userId : null,
    since: typeof value.since === 'string' ? value.since : null,
  };
}

/** What a memo event keeps of a document or project memo (`memo.added`, `memo.changed`, `memo.removed`). */
export interface MemoValue {
  readonly memoId: string;
  readonly title: string;
  readonly text: string;
}

export function readMemoValue(value: unknown): MemoValue | null {
  if (!isObject(value) || typeof value.memoId !== 'string') return null;
  return { memoId: value.memoId, title: typeof value.title === 'string' ? value.title : '', text: typeof value.text === 'string' ? value.text : '' };
}

/** The name a whole-code value carries (`{field: null, value: {name, …}}`), if any. */
export function codeNameIn(value: CodeFieldValue | null): string | null {
  if (!value || value.field !== null || !isObject(value.value)) return null;
  return typeof value.value.name === 'string' && value.value.name ? value.value.name : null;
}

/** What a `decision.made` event records (the decision, as the server made it). */
export interface DecisionValue {
  readonly action: string;
  readonly chosenUserIds: readonly string[];
  readonly rationale: string;
  /** The codes it put into the consensus. */
  readonly codeIds: readonly string[];
}

export function readDecisionValue(value: unknown): DecisionValue | null {
  if (!isObject(value) || typeof value.action !== 'string') return null;
  const result = Array.isArray(value.result) ? value.result.filter(isObject) : [];
  return {
    action: value.action,
    chosenUserIds: Array.isArray(value.chosenUserIds) ? value.chosenUserIds.filter((id): id is string => typeof id === 'string') : [],
    rationale: typeof value.rationale === 'string' ? value.rationale : '',
    codeIds: result.map((r) => r.codeId).filter((id): id is string => typeof id === 'string'),
  };
}

/** What `round.*` events record: the round's id and name, its phase, and for a submission made at the reveal whose it was. */
export interface RoundValue {
  readonly name: string | null;
  readonly phase: string | null;
  readonly submittedFor: string | null;
}

export function readRoundValue(value: unknown): RoundValue | null {
  if (!isObject(value)) return null;
  return {
    name: typeof value.name === 'string' ? value.name : null,
    phase: typeof value.phase === 'string' ? value.phase : null,
    submittedFor: typeof value.submittedFor === 'string' ? value.submittedFor : null,
  };
}

/** What `code.merged` / `code.unmerged` record: the code it went into, and how many codings were recoded. */
export function readMergeValue(value: unknown): { into: string; recoded: number | null } | null {
  if (!isObject(value) || typeof value.into !== 'string') return null;
  return { into: value.into, recoded: typeof value.recoded === 'number' ? value.recoded : null };
}

/** The text a `transcript.changed` event removed (`before`) or put in (`after`); null when there was none. */
export function readTranscriptEdit(value: unknown): string | null {
  if (!isObject(value) || typeof value.text !== 'string' || value.text === '') return null;
  return value.text;
}
