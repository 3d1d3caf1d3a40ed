import { describe, expect, it } from 'vitest';
import type { PathwayEdge, PathwayGraph } from '../../../../shared/pathways/types.ts';
import { createPathwayNames, edgeTitle, nodeTitle, sequenceText } from './pathway-words.ts';

const graph = {
  totalParticipants: 5,
  nodes: [
    { id: '__start__', kind: 'start', label: 'Start', order: 0, participants: 5, occurrences: 5, evidence: [] },
    { id: 'push', kind: 'stage', label: 'Push models', order: 1, participants: 5, occurrences: 6, evidence: [] },
    { id: 'pull', kind: 'stage', label: 'Pull models', order: 2, participants: 4, occurrences: 4, evidence: [] },
  ],
} as unknown as PathwayGraph;
const names = createPathwayNames(
  ['P1', 'P2', 'P4'].map((id) => ({ id, name: id })),
  [
    { userId: 'u-a', name: 'Ana' },
    { userId: 'u-b', name: 'Bo' },
  ],
);
const edge = (fields: Partial<PathwayEdge>): PathwayEdge =>
  ({ id: 'push->pull', from: 'push', to: 'pull', direction: 'forward', participants: 3, occurrences: 3, participantIds: ['P1', 'P2', 'P4'], disputed: false, included: true, evidence: [], disagreementIds: [], evidenceLocusIds: [], ...fields }) as PathwayEdge;

describe('pathway words', () => {
  it('titles a transition with its stages, its count and who is behind it (spec §2.7)', () => {
    expect(edgeTitle(edge({}), graph, names)).toBe('Push models → Pull models: 3 of 5 participants (P1, P2, P4)');
  });

  it('says in words what the drawing shows: back-transitions, disputes, edges kept for connectivity', () => {
    const back = edge({ id: 'pull->push', from: 'pull', to: 'push', direction: 'backward', participants: 1, participantIds: ['P1'], support: 1, total: 2, disputed: true, supportingCoders: ['u-b'], dissentingCoders: ['u-a'] });
    expect(edgeTitle(back, graph, names)).toBe('Pull models → Push models: 1 of 2 coders (Bo) in P1; a back-transition; disputed: Ana did not code it');
    expect(edgeTitle(edge({ keptForConnectivity: true, participants: 1, participantIds: ['P2'] }), graph, names)).toBe(
      'Push models → Pull models: 1 of 5 participants (P2); below the threshold, kept so every stage stays connected to Start and End',
    );
  });

  it('names coders alphabetically, whatever their ids', () => {
    const both = edge({ participants: 1, participantIds: ['P1'], support: 2, total: 2, supportingCoders: ['u-b', 'u-a'], dissentingCoders: [] });
    expect(edgeTitle(both, graph, names)).toBe('Push models → Pull models: 2 of 2 coders (Ana, Bo) in P1');
  });

  it('titles stages by participants or by coders, and writes sequences with arrows', () => {
    expect(nodeTitle(graph.nodes[2]!, graph)).toBe('Pull models: 4 of 5 participants');
    expect(nodeTitle({ ...graph.nodes[1]!, coderSupport: { support: 1, total: 2 } }, graph)).toBe('Push models: coded by 1 of 2 coders');
    expect(sequenceText(graph, ['push', 'pull', 'push'])).toBe('Push models → Pull models → Push models');
    expect(sequenceText(graph, [])).toBe('No stages');
    expect(names.coder('consensus')).toBe('Consensus');
    expect(names.participant('P9')).toBe('P9');
  });
});
