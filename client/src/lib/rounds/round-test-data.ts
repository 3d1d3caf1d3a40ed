import type { MemberView, RoundView, SubmissionView } from '../../../../shared/api/index.ts';

/** A round for tests: one document `d1`, nothing submitted, created by `owner`. */
export function testRound(over: Partial<RoundView> = {}): RoundView {
  return {
    id: 'r1',
    name: 'Pilot',
    documentIds: ['d1'],
    phase: 'blind',
    allowPostHocEdits: false,
    createdAt: '2026-03-01T09:00:00.000Z',
    createdBy: 'owner',
    phaseChangedAt: '2026-03-01T09:05:00.000Z',
    revealedAt: null,
    submissions: [],
    ...over,
  };
}

export function testSubmission(userId: string, over: Partial<SubmissionView> = {}): SubmissionView {
  return { documentId: 'd1', userId, submittedAt: '2026-03-01T10:04:00.000Z', reopenedAt: null, reopenedBy: null, ...over };
}

export function testMember(userId: string, name: string, role: MemberView['role'] = 'coder'): MemberView {
  return { userId, name, role, joinedAt: '2026-02-01T00:00:00.000Z' };
}
