import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregate.ts';
import type { PathwayEdge } from '../types.ts';
import { example3Pathways, example3Scope, exampleStageSet } from '../worked-examples.ts';
import { stageIdsOf, uniqueIds } from './node-ids.ts';

describe('export node ids', () => {
  it('lists a graph’s stages in canonical order', () => {
    const graph = aggregate([...example3Pathways].reverse().map((pathway) => ({ kind: 'single' as const, pathway })), { stageSet: exampleStageSet, scope: example3Scope });
    expect(stageIdsOf(graph)).toEqual(['push', 'pull', 'cocreation']);
  });

  it('appends edge endpoints that have no node, by id', () => {
    const graph = aggregate([], { stageSet: exampleStageSet, scope: example3Scope });
    const edge: PathwayEdge = { id: 'z->y', from: 'z', to: 'y', direction: 'forward', participants: 1, occurrences: 1, participantIds: ['P1'], disputed: false, included: true, evidence: [], disagreementIds: [], evidenceLocusIds: [] };
    expect(stageIdsOf({ ...graph, edges: [edge] })).toEqual(['y', 'z']);
  });

  it('suffixes collisions _2, _3 and skips suffixes already taken', () => {
    const ids = uniqueIds(['a.b', 'a_b_2', 'a_b', 'a-b'], (id) => id.replace(/\W/g, '_'), ['R']);
    expect([...ids.values()]).toEqual(['a_b', 'a_b_2', 'a_b_3', 'a_b_4']);
    expect(uniqueIds(['R'], (id) => id, ['R']).get('R')).toBe('R_2');
  });
});
