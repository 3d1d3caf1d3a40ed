import { describe, expect, it } from 'vitest';
import { groupMissing, submissionGrid } from './submission-grid.ts';
import { testMember, testRound, testSubmission } from './round-test-data.ts';

const members = [testMember('owner', 'Pat', 'owner'), testMember('ana', 'Ana'), testMember('ben', 'Ben'), testMember('vic', 'Vic', 'viewer')];
const documents = [
  { id: 'd1', name: 'P01' },
  { id: 'd2', name: 'P02' },
];

describe('the submission grid', () => {
  it('has a row per document and a column per coder, the viewer’s own first, with each cell’s state', () => {
    const round = testRound({ documentIds: ['d1', 'd2', 'gone'], submissions: [testSubmission('ana'), testSubmission('ben', { documentId: 'd2', reopenedAt: '2026-03-01T10:30:00.000Z', reopenedBy: 'ben' })] });
    const grid = submissionGrid(round, members, documents, { userId: 'ben', role: 'coder' });
    expect(grid.coders.map((c) => c.name)).toEqual(['Ben', 'Ana']);
    expect(grid.rows.map((r) => r.name)).toEqual(['P01', 'P02']);
    expect(grid.rows.map((r) => r.cells.map((c) => c.state.kind))).toEqual([
      ['notYet', 'submitted'],
      ['reopened', 'notYet'],
    ]);
    expect([grid.submitted, grid.total]).toEqual([1, 4]);
  });

  it('lets a coder submit and re-open only their own cells while blind', () => {
    const round = testRound({ submissions: [testSubmission('ana'), testSubmission('ben')] });
    const asAna = submissionGrid(round, members, documents, { userId: 'ana', role: 'coder' });
    expect(asAna.rows[0]!.cells.map((c) => [c.userId, c.actions])).toEqual([
      ['ana', { submit: false, reopen: true }],
      ['ben', { submit: false, reopen: false }],
    ]);
    const fresh = submissionGrid(testRound(), members, documents, { userId: 'ana', role: 'coder' });
    expect(fresh.rows[0]!.cells[0]!.actions).toEqual({ submit: true, reopen: false });
    // A viewer only reads.
    const asViewer = submissionGrid(round, members, documents, { userId: 'vic', role: 'viewer' });
    expect(asViewer.rows[0]!.cells.every((c) => !c.actions.submit && !c.actions.reopen)).toBe(true);
  });

  it('after the reveal leaves re-opening to owners, and submitting to a coder whose layer is writable again', () => {
    const revealed = testRound({
      phase: 'compare',
      revealedAt: '2026-03-02T00:00:00.000Z',
      submissions: [testSubmission('ana'), testSubmission('ben', { reopenedAt: '2026-03-02T01:00:00.000Z', reopenedBy: 'owner' })],
    });
    const asOwner = submissionGrid(revealed, members, documents, { userId: 'owner', role: 'owner' });
    expect(asOwner.rows[0]!.cells.map((c) => c.actions.reopen)).toEqual([true, false]);
    const asAna = submissionGrid(revealed, members, documents, { userId: 'ana', role: 'coder' });
    expect(asAna.rows[0]!.cells[0]!.actions).toEqual({ submit: false, reopen: false });
    const asBen = submissionGrid(revealed, members, documents, { userId: 'ben', role: 'coder' });
    expect(asBen.rows[0]!.cells[0]!.actions).toEqual({ submit: true, reopen: false });
    const locked = submissionGrid({ ...revealed, phase: 'locked' }, members, documents, { userId: 'owner', role: 'owner' });
    expect(locked.rows[0]!.cells.some((c) => c.actions.reopen || c.actions.submit)).toBe(false);
  });

  it('lists an owner or a former member who submitted', () => {
    const round = testRound({ submissions: [testSubmission('owner'), testSubmission('gone')] });
    expect(submissionGrid(round, members, documents, { userId: 'owner', role: 'owner' }).coders.map((c) => c.name)).toEqual(['Pat', 'A former member', 'Ana', 'Ben']);
  });

  it('groups a refused reveal’s missing submissions by coder, with names', () => {
    const missing = [
      { documentId: 'd1', userId: 'ben' },
      { documentId: 'd2', userId: 'ben' },
      { documentId: 'd2', userId: 'ana' },
    ];
    const names = new Map(members.map((m) => [m.userId, m.name]));
    expect(groupMissing(missing, names, new Map(documents.map((d) => [d.id, d.name])))).toEqual([
      { userId: 'ana', name: 'Ana', documents: ['P02'] },
      { userId: 'ben', name: 'Ben', documents: ['P01', 'P02'] },
    ]);
  });
});
