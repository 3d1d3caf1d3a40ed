import type { HistoryEventView } from '../../../../shared/api/index.ts';
import type { RevertHistoryRequest } from '../api.ts';
import type { ApiError } from '../api-error.ts';
import type { HistoryVocabulary } from './event-sentence.ts';
import { codeFieldPhrase } from './code-fields.ts';
import { codeNameIn, readCodeFieldValue } from './event-values.ts';

/** Which events an owner can revert one by one: a coder's coding or the codebook (the consensus changes only through decisions). */
export function isRevertible(event: Pick<HistoryEventView, 'type' | 'layer' | 'redacted'>): boolean {
  if (event.redacted) return false;
  if (event.type === 'code.changed') return true;
  return event.type.startsWith('coding.') && event.layer !== null && event.layer !== 'consensus';
}

/** What reverting one event will do, in words, for the confirmation. */
export function describeRevert(event: HistoryEventView, vocab: HistoryVocabulary): string {
  if (event.type === 'coding.added') return 'The coding it added is removed again.';
  if (event.type === 'coding.removed') return 'The coding it removed is put back, with its code, memo and boundaries.';
  if (event.type === 'coding.changed') return 'The coding goes back to its code, memo and boundaries before this change.';
  const before = readCodeFieldValue(event.before);
  const after = readCodeFieldValue(event.after);
  const name = vocab.codeName(event.codeId ?? '');
  if ((after?.field ?? before?.field) === null) {
    return before?.value == null ? `The code ${codeNameIn(after) ?? name} is removed from the codebook again.` : `The code ${codeNameIn(before) ?? name} is put back into the codebook.`;
  }
  return `The ${codeFieldPhrase(after?.field ?? before?.field ?? '')} of ${name} goes back to what it was before this change.`;
}

/** The server's refusal in words: nothing was changed, and why (docs/api.md: 409, 422, 404). */
export function describeRevertFailure(error: ApiError, request: RevertHistoryRequest): string {
  if (error.status === 404 && 'seq' in request) return `Nothing was reverted. Event ${request.seq} is not in this project’s history.`;
  if (error.status === 403) return 'Nothing was reverted. Only the project’s owners revert changes.';
  const message = error.message.trim();
  return `Nothing was reverted. ${message}${/[.!?]$/.test(message) ? '' : '.'}`;
}
