import { describe, expect, it } from 'vitest';
import { decisionsOpen, documentCodingMode, isRevealed, nextPhase, roundPhases, type DocumentRoundState } from './round.ts';

const state = (phase: DocumentRoundState['phase']): DocumentRoundState => ({ roundId: 'r', phase, allowPostHocEdits: false, submittedUserIds: new Set(), reopenedUserIds: new Set() });

describe('coding rounds', () => {
  it('move forward one phase at a time and stop at locked', () => {
    expect(roundPhases.map(nextPhase)).toEqual(['blind', 'compare', 'reconcile', 'locked', null]);
    expect(roundPhases.filter(isRevealed)).toEqual(['compare', 'reconcile', 'locked']);
  });

  it('make a document blind while its round is, open once revealed, and follow the project otherwise', () => {
    expect(documentCodingMode('open', state('blind'))).toBe('blind');
    expect(documentCodingMode('blind', state('compare'))).toBe('open');
    expect(documentCodingMode('blind', null)).toBe('blind');
    expect(documentCodingMode('open', null)).toBe('open');
  });

  it('open decisions only while reconciling, or without a round', () => {
    expect(decisionsOpen(null).open).toBe(true);
    expect(decisionsOpen(state('reconcile')).open).toBe(true);
    for (const phase of ['blind', 'compare', 'locked'] as const) expect(decisionsOpen(state(phase))).toMatchObject({ open: false, reason: expect.stringContaining(phase === 'locked' ? 'locked' : phase) });
  });
});
