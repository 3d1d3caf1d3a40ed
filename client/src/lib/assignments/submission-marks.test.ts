import { describe, expect, it } from 'vitest';
import type { RoundView } from '../../../../shared/api/index.ts';
import { submissionMark } from './submission-marks.ts';

const round = (id: string, phase: RoundView['phase'], createdAt: string, submissions: RoundView['submissions'] = []): RoundView => ({
  id, name: `Round ${id}`, documentIds: ['d1'], phase, allowPostHocEdits: false, createdAt, createdBy: 'o', phaseChangedAt: null, revealedAt: null, submissions,
});
const submission = (userId: string, submittedAt: string, reopenedAt: string | null = null) => ({ documentId: 'd1', userId, submittedAt, reopenedAt, reopenedBy: reopenedAt && userId });

describe('submissionMark', () => {
  it('says a document in no started round has none', () => {
    expect(submissionMark([], 'd1', 'ana')).toEqual({ kind: 'noRound' });
    expect(submissionMark([round('1', 'setup', 't1')], 'd1', 'ana')).toEqual({ kind: 'noRound' });
  });

  it('marks the coder’s standing submission in the governing round', () => {
    const rounds = [round('1', 'locked', 't1', [submission('ana', 't2')]), round('2', 'blind', 't3', [submission('ana', 't4'), submission('ben', 't5')])];
    expect(submissionMark(rounds, 'd1', 'ana')).toEqual({ kind: 'submitted', roundName: 'Round 2', submittedAt: 't4' });
    expect(submissionMark(rounds, 'd1', 'cy')).toEqual({ kind: 'notSubmitted', roundName: 'Round 2', reopened: false });
  });

  it('counts a re-opened submission as not submitted', () => {
    const rounds = [round('1', 'blind', 't1', [submission('ana', 't2', 't3')])];
    expect(submissionMark(rounds, 'd1', 'ana')).toEqual({ kind: 'notSubmitted', roundName: 'Round 1', reopened: true });
  });
});
