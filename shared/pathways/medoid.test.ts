import { describe, expect, it } from 'vitest';
import { levenshtein, medoid, rankMedoidCandidates } from './medoid.ts';
import type { Pathway, PathwayTransition } from './types.ts';

/** A pathway with just what the medoid reads: the sequence, and how many transitions go backwards. */
const reading = (coderId: string, sequence: string[], backward = 0): Pathway => ({
  participantId: 'P',
  transcriptId: 'P',
  layer: coderId,
  sequence,
  runs: [],
  transitions: Array.from({ length: backward }, (): PathwayTransition => ({ from: 'b', to: 'a', direction: 'backward', exitSegmentId: null, entrySegmentId: null, overlap: false })),
});

describe('levenshtein over stage sequences', () => {
  it('counts whole-stage insertions, deletions and substitutions', () => {
    expect(levenshtein([], [])).toBe(0);
    expect(levenshtein(['push'], [])).toBe(1);
    expect(levenshtein([], ['push', 'pull'])).toBe(2);
    expect(levenshtein(['push', 'pull', 'cocreation'], ['push', 'pull', 'push', 'cocreation'])).toBe(1);
    expect(levenshtein(['push', 'pull'], ['pull', 'push'])).toBe(2);
    expect(levenshtein(['a', 'b', 'c', 'd'], ['b', 'x', 'd', 'e'])).toBe(3);
  });

  it('is symmetric', () => {
    expect(levenshtein(['a', 'b', 'c'], ['c', 'a'])).toBe(levenshtein(['c', 'a'], ['a', 'b', 'c']));
  });
});

describe('medoid (§2.4)', () => {
  it('worked example 1: A and B are both at distance 1; A wins with fewer backward transitions', () => {
    const byCoder = { B: reading('B', ['push', 'pull', 'push', 'cocreation'], 1), A: reading('A', ['push', 'pull', 'cocreation']) };
    expect(rankMedoidCandidates(byCoder).map((c) => [c.coderId, c.distance, c.backwardTransitions])).toEqual([
      ['A', 1, 0],
      ['B', 1, 1],
    ]);
    expect(medoid(byCoder)).toEqual({ coderId: 'A', sequence: ['push', 'pull', 'cocreation'] });
  });

  it('the least summed distance wins over the tie-breaks', () => {
    const byCoder = { A: reading('A', ['x', 'y', 'z'], 2), B: reading('B', ['x', 'y']), C: reading('C', ['x', 'y', 'z']) };
    // A: 1 + 0; B: 1 + 1; C: 0 + 1 → A and C tie at 1, C has no backward transition.
    expect(medoid(byCoder)?.coderId).toBe('C');
  });

  it('a full tie goes to the coder id, in code-unit order', () => {
    expect(medoid({ b: reading('b', ['x']), B: reading('B', ['x']) })?.coderId).toBe('B');
  });

  it('an empty reading takes part; no coder gives no medoid', () => {
    expect(medoid({ A: reading('A', ['x', 'y']), B: reading('B', []), C: reading('C', ['x']) })).toEqual({ coderId: 'C', sequence: ['x'] });
    expect(medoid({})).toBeNull();
  });
});
