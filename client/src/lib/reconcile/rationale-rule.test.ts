import { describe, expect, it } from 'vitest';
import type { LocusView } from '../../../../shared/api/index.ts';
import { coderLanes } from './coder-lanes.ts';
import { isExclusiveDomain, rationaleNeed, rationaleSummary } from './rationale-rule.ts';

const version = (userId: string, codingId: string, codeId: string, start: number, end: number) => ({ userId, codingId, codeId, appliedCodeId: codeId, start, end });
const locus = (over: Partial<LocusView>): LocusView => ({ id: 'l', type: 'boundary', flags: [], domainId: 'stages', codeIds: ['push'], start: 0, end: 260, versions: [], missingUserIds: [], status: 'open', decisionId: null, commentCount: 0, ...over });

describe('when a decision needs a rationale (the server’s own rule)', () => {
  const l1 = locus({ versions: [version('A', 'a1', 'push', 0, 120), version('B', 'b1', 'push', 0, 250)] });
  const conflict = locus({ type: 'codeConflict', domainId: 'stages', codeIds: ['cocreation', 'pull'], versions: [version('A', 'x1', 'pull', 300, 420), version('B', 'x2', 'pull', 300, 420), version('C', 'x3', 'cocreation', 305, 425)] });

  it('asks for none when the accepted reading is the majority’s, and for one when it is not', () => {
    expect(rationaleNeed(l1, { action: 'accept', userIds: ['B'] })).toBeNull();
    expect(rationaleNeed(conflict, { action: 'accept', userIds: ['A'] })).toBeNull();
    expect(rationaleNeed(conflict, { action: 'accept', userIds: ['C'] })).toMatch(/not the majority/);
  });

  it('asks for one to reject all, to edit, and to accept all in an exclusive domain; never to defer', () => {
    expect(rationaleNeed(l1, { action: 'rejectAll' })).toMatch(/nothing of this passage/);
    expect(rationaleNeed(l1, { action: 'edit', codeId: 'push' })).toMatch(/differs/);
    expect(rationaleNeed(l1, { action: 'acceptAll' })).toMatch(/exclusive/);
    expect(rationaleNeed(locus({ domainId: 'code:barriers', codeIds: ['barriers'], versions: [version('A', 'a5', 'barriers', 600, 700)] }), { action: 'acceptAll' })).toBeNull();
    expect(rationaleNeed(l1, { action: 'defer' })).toBeNull();
  });

  it('leaves requests the server refuses for another reason to the server', () => {
    expect(rationaleNeed(l1, { action: 'accept', userIds: ['C'] })).toBeNull();
  });

  it('knows the exclusive domains', () => {
    expect([isExclusiveDomain('stages'), isExclusiveDomain('domain:Mechanisms'), isExclusiveDomain('code:push')]).toEqual([true, true, false]);
  });

  it('sorts every action of a passage into needing a rationale or not, for the hint', () => {
    const l3 = locus({ type: 'omission', start: 440, end: 480, versions: [version('B', 'b3', 'push', 440, 480)], missingUserIds: ['A'] });
    const lanes = coderLanes(l3, ['A', 'B'], (id) => (id === 'A' ? 'Ana' : 'Ben'));
    expect(rationaleSummary(l3, lanes)).toEqual({ needed: ['accept all', 'reject all', 'edit'], optional: ['accept Ben’s reading', 'defer'] });
  });
});
