import { describe, expect, it } from 'vitest';
import type { DecisionView } from '../../../../shared/api/index.ts';
import type { Coding } from '../../../../shared/model/coding.ts';
import { consensusLane } from './consensus-lane.ts';

const decision = (over: Partial<DecisionView>): DecisionView => ({
  id: 'd1',
  locusId: 'l1',
  action: 'accept',
  chosenUserIds: ['B'],
  result: [{ codeId: 'push', start: 0, end: 250, sourceCodingIds: ['b1'] }],
  consensusCodingIds: ['k1'],
  rationale: '',
  participants: [],
  decidedBy: 'pi',
  decidedAt: '2026-01-01T00:00:00.000Z',
  strategy: null,
  supersedes: null,
  supersededBy: null,
  ...over,
});
const coding = (id: string, start: number | null, end: number | null): Coding => ({ id, codeId: 'push', coderId: 'consensus', start, end, orphaned: start === null, memo: '', createdAt: '', updatedAt: '' });

describe('the consensus lane', () => {
  it('says when nothing is decided yet, or the passage was deferred or rejected', () => {
    expect(consensusLane(null, () => undefined)).toEqual({ state: 'undecided' });
    expect(consensusLane(decision({ action: 'defer', result: null, consensusCodingIds: [] }), () => undefined).state).toBe('deferred');
    expect(consensusLane(decision({ action: 'rejectAll', result: [], consensusCodingIds: [] }), () => undefined).state).toBe('empty');
  });

  it('shows the decision’s codings as the consensus room holds them, moved with the text', () => {
    const lane = consensusLane(decision({}), (id) => (id === 'k1' ? coding('k1', 5, 255) : undefined));
    expect(lane).toMatchObject({ state: 'codings', codings: [{ codeId: 'push', start: 5, end: 255 }] });
  });

  it('falls back on the decision’s record until the room has synced', () => {
    expect(consensusLane(decision({}), () => undefined)).toMatchObject({ state: 'codings', codings: [{ codeId: 'push', start: 0, end: 250 }] });
    expect(consensusLane(decision({}), () => coding('k1', null, null))).toMatchObject({ codings: [{ start: 0, end: 250 }] });
  });
});
