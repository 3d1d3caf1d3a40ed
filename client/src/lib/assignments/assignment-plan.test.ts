import { describe, expect, it } from 'vitest';
import { planAssignment } from './assignment-plan.ts';

describe('planAssignment', () => {
  const current = { d1: ['ana', 'ben'], d2: ['ana'] };

  it('adds members only where they are missing and counts what stays', () => {
    const plan = planAssignment(current, ['d1', 'd2', 'd3'], ['ana', 'ben'], 'add');
    expect(plan.changes).toEqual([
      { documentId: 'd2', added: ['ben'], removed: [], after: ['ana', 'ben'] },
      { documentId: 'd3', added: ['ana', 'ben'], removed: [], after: ['ana', 'ben'] },
    ]);
    expect(plan.unchanged).toBe(1);
    expect([plan.addedPairs, plan.removedPairs, plan.single]).toEqual([3, 0, 0]);
    expect(plan.byMember.get('ben')).toEqual({ added: 2, removed: 0 });
  });

  it('removes only the chosen members, and says which documents are left with one coder', () => {
    const plan = planAssignment(current, ['d1', 'd2'], ['ben'], 'remove');
    expect(plan.changes).toEqual([{ documentId: 'd1', added: [], removed: ['ben'], after: ['ana'] }]);
    expect(plan.unchanged).toBe(1);
    expect(plan.single).toBe(2);
  });

  it('replaces the assignees: the chosen members stay or come, everyone else goes', () => {
    const plan = planAssignment(current, ['d1', 'd2'], ['ben', 'cy'], 'replace');
    expect(plan.changes).toEqual([
      { documentId: 'd1', added: ['cy'], removed: ['ana'], after: ['ben', 'cy'] },
      { documentId: 'd2', added: ['ben', 'cy'], removed: ['ana'], after: ['ben', 'cy'] },
    ]);
    expect(plan.byMember.get('ana')).toEqual({ added: 0, removed: 2 });
    // Replacing by nobody unassigns.
    expect(planAssignment(current, ['d1'], [], 'replace').changes).toEqual([{ documentId: 'd1', added: [], removed: ['ana', 'ben'], after: [] }]);
  });

  it('counts a document chosen twice once', () => {
    expect(planAssignment({}, ['d1', 'd1'], ['ana'], 'add').addedPairs).toBe(1);
  });
});
