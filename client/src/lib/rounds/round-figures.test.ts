import { describe, expect, it } from 'vitest';
import type { AgreementSnapshot } from '../../../../shared/agreement-export/index.ts';
import { roundFigures, type RoundFigureState } from './round-figures.ts';
import { testRound } from './round-test-data.ts';

function snapshot(overall: AgreementSnapshot['report']['overall']): AgreementSnapshot {
  return {
    version: 'v1',
    report: { unit: 'character', excludeUncoded: false, coderIds: ['a', 'b'], documentIds: ['d1'], codeIds: ['c'], overall, perCode: [], perDocument: [], perCodeDocument: [] } as unknown as AgreementSnapshot['report'],
    bootstrap: null,
    coders: [],
    codes: [],
    documents: [],
    orphanedCodings: 0,
    computedMs: 1,
  };
}

describe('agreement by round', () => {
  it('gives each revealed round its overall alpha, and says why the others have no figure yet', () => {
    const rounds = [
      testRound({ id: 'r1', name: 'Pilot', phase: 'locked' }),
      testRound({ id: 'r2', name: 'Second', phase: 'reconcile' }),
      testRound({ id: 'r3', name: 'Third', phase: 'compare' }),
      testRound({ id: 'r4', name: 'Fourth', phase: 'compare' }),
      testRound({ id: 'r5', name: 'Now', phase: 'blind' }),
    ];
    const states = new Map<string, RoundFigureState>([
      ['r1', { kind: 'answered', snapshot: snapshot([{ measure: 'krippendorff_alpha', level: null, value: 0.71, undefined: false }]) }],
      ['r2', { kind: 'answered', snapshot: snapshot([{ measure: 'krippendorff_alpha', level: null, value: null, undefined: true, reason: 'noPairableUnits' }]) }],
      ['r3', { kind: 'failed', message: 'Server offline' }],
    ]);
    expect(roundFigures(rounds, states).map((f) => [f.name, f.value, f.none])).toEqual([
      ['Pilot', 0.71, null],
      ['Second', null, 'undefined: no unit was coded by two or more coders'],
      ['Third', null, 'could not be computed: Server offline'],
      ['Fourth', null, 'computing…'],
      ['Now', null, 'not revealed yet (blind coding)'],
    ]);
    expect(roundFigures(rounds, states)[0]!.basis).toBe('2 coders · 1 document · as submitted');
  });
});
