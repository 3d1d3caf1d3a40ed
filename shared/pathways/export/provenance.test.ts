import { describe, expect, it } from 'vitest';
import type { PathwayGraph } from '../types.ts';
import { example1Scope } from '../worked-examples.ts';
import { describeScope } from './provenance.ts';

const scope: PathwayGraph['scope'] = { ...example1Scope, participantIds: ['P1', 'P2'], coderMerge: { kind: 'kOfN', k: 2, quorum: 2 }, visibility: { showOnly: 'forward', minParticipants: 2 }, source: { eventSeq: 7, snapshotIds: { P2: 'snap-b', P1: 'snap-a' } } };

describe('provenance lines', () => {
  it('states project, layer and rule, participants, options, visibility, data revision and time', () => {
    expect(describeScope(scope)).toEqual([
      'project metz-2022; stage set models',
      'layer coders; coder merge 2-of-n (quorum 2); coders A, B',
      'participants (2): P1, P2',
      'options mergeGap=0, minResidualChars=0, minSegmentChars=0, orderBy=transcript, overlapPolicy=start, selfLoops=false',
      'visibility minParticipants=2, showOnly=forward',
      'source eventSeq 7; snapshots P1=snap-a, P2=snap-b',
      'generated 2025-01-01T00:00:00.000Z',
    ]);
  });

  it('says when nothing is hidden and never lets a value break the line', () => {
    const lines = describeScope({ ...scope, visibility: {}, projectId: 'a\nb\u2028c' });
    expect(lines[0]).toBe('project a b c; stage set models');
    expect(lines[4]).toBe('visibility none (unfiltered)');
  });
});
