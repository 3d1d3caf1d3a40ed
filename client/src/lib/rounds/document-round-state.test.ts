import { describe, expect, it } from 'vitest';
import { documentCodingMode, layerFrozenReason } from '../../../../shared/model/round.ts';
import { documentRoundState, documentsHeld, governingRound, submissionOf } from './document-round-state.ts';
import { testRound, testSubmission } from './round-test-data.ts';

describe('the round of a document', () => {
  it('is the latest-created started round holding it; a round in setup has not started', () => {
    const locked = testRound({ id: 'old', phase: 'locked', createdAt: '2026-01-01T00:00:00.000Z' });
    const setup = testRound({ id: 'next', phase: 'setup', createdAt: '2026-04-01T00:00:00.000Z' });
    const other = testRound({ id: 'other', phase: 'blind', documentIds: ['d2'], createdAt: '2026-05-01T00:00:00.000Z' });
    expect(governingRound([locked, setup, other], 'd1')?.id).toBe('old');
    const blind = testRound({ id: 'now', phase: 'blind', createdAt: '2026-03-01T00:00:00.000Z' });
    expect(governingRound([locked, blind, setup, other], 'd1')?.id).toBe('now');
    expect(governingRound([setup], 'd1')).toBeNull();
    expect(governingRound([], 'd1')).toBeNull();
  });

  it('freezes the coders whose latest submission stands, and frees the ones re-opened after the reveal', () => {
    const round = testRound({
      phase: 'compare',
      revealedAt: '2026-03-02T12:00:00.000Z',
      submissions: [
        testSubmission('ana'),
        // Re-opened while blind: the reveal submitted it again, so only the later one counts.
        testSubmission('ben', { reopenedAt: '2026-03-01T11:00:00.000Z', reopenedBy: 'ben' }),
        testSubmission('ben', { submittedAt: '2026-03-02T12:00:00.000Z' }),
        testSubmission('cai', { reopenedAt: '2026-03-02T13:00:00.000Z', reopenedBy: 'owner' }),
        testSubmission('dee', { documentId: 'd2' }),
      ],
    });
    const state = documentRoundState(round, 'd1')!;
    expect([...state.submittedUserIds].sort()).toEqual(['ana', 'ben']);
    expect([...state.reopenedUserIds]).toEqual(['cai']);
    // The shared rules then say who may write.
    expect(layerFrozenReason(state, 'ana')).toMatch(/codings stay as submitted/);
    expect(layerFrozenReason(state, 'cai')).toBeNull();
    expect(documentCodingMode('blind', state)).toBe('open');
    expect(submissionOf(round, 'd1', 'ben')?.reopenedAt).toBeNull();
    expect(submissionOf(round, 'd1', 'eve')).toBeNull();
  });

  it('makes an open project’s document blind while its round is blind, and leaves a round in setup to the project', () => {
    const blind = documentRoundState(testRound({ submissions: [testSubmission('ana', { reopenedAt: '2026-03-01T10:30:00.000Z', reopenedBy: 'ana' })] }), 'd1')!;
    expect(documentCodingMode('open', blind)).toBe('blind');
    // Re-opened while blind: writable again, and not "re-opened after the reveal".
    expect(blind.submittedUserIds.size + blind.reopenedUserIds.size).toBe(0);
    expect(documentRoundState(testRound({ phase: 'setup' }), 'd1')).toBeNull();
  });

  it('holds a document in a round until that round is locked', () => {
    const rounds = [testRound({ id: 'a', phase: 'locked', documentIds: ['d1'] }), testRound({ id: 'b', phase: 'setup', documentIds: ['d2'] }), testRound({ id: 'c', phase: 'compare', documentIds: ['d3'] })];
    expect([...documentsHeld(rounds).keys()].sort()).toEqual(['d2', 'd3']);
    // Editing round b: its own documents stay free to keep.
    expect([...documentsHeld(rounds, 'b').keys()]).toEqual(['d3']);
  });
});
