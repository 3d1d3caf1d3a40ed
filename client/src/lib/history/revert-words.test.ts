import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.ts';
import type { HistoryVocabulary } from './event-sentence.ts';
import { historyEvent } from './history-test-events.ts';
import { describeRevert, describeRevertFailure, isRevertible } from './revert-words.ts';

const vocab: HistoryVocabulary = {
  names: new Map(),
  roles: new Map(),
  codeName: (id) => ({ pull: 'Pull models' })[id] ?? 'a deleted code',
  documentName: () => 'P01',
  formatTime: (iso) => iso,
};

describe('revert words', () => {
  it('offers a revert only where the server can make one, and says what it will do', () => {
    expect(isRevertible(historyEvent(1))).toBe(true);
    expect(isRevertible(historyEvent(1, { layer: 'consensus' }))).toBe(false);
    expect(isRevertible(historyEvent(1, { redacted: true }))).toBe(false);
    expect(isRevertible(historyEvent(1, { type: 'history.reverted' }))).toBe(false);
    expect(isRevertible(historyEvent(1, { type: 'code.changed', layer: null }))).toBe(true);
    expect(describeRevert(historyEvent(1), vocab)).toBe('The coding it added is removed again.');
    expect(describeRevert(historyEvent(2, { type: 'code.changed', layer: null, codeId: 'pull', before: { field: 'definition', value: 'a' }, after: { field: 'definition', value: 'b' } }), vocab)).toBe(
      'The definition of Pull models goes back to what it was before this change.',
    );
  });

  it('says in words why nothing was reverted', () => {
    const conflict = new ApiError('conflict', 'The coding has changed since event 12: look at its later events, or revert those first', undefined, 409);
    expect(describeRevertFailure(conflict, { seq: 12, reason: 'x' })).toBe('Nothing was reverted. The coding has changed since event 12: look at its later events, or revert those first.');
    const consensus = new ApiError('validation', 'The consensus changes only through decisions: decide the passage again instead', undefined, 422);
    expect(describeRevertFailure(consensus, { seq: 3, reason: 'x' })).toContain('decide the passage again instead');
    expect(describeRevertFailure(new ApiError('notFound', 'Event not found', undefined, 404), { seq: 99, reason: 'x' })).toBe('Nothing was reverted. Event 99 is not in this project’s history.');
    expect(describeRevertFailure(new ApiError('network', 'Accord could not reach the server.', undefined, 0), { seq: 1, reason: 'x' })).toBe('Nothing was reverted. Accord could not reach the server.');
  });
});
