import { describe, expect, it } from 'vitest';
import { compareEvidence, compareNodes, compareSequences, compareText, createEdgeComparator, sortedUnique } from './canonical-order.ts';
import { endId, startId, type EvidenceRef, type PathwayNode } from './types.ts';

const node = (id: string, kind: PathwayNode['kind'], order: number): PathwayNode => ({ id, kind, label: id, order, participants: 1, occurrences: 1, evidence: [] });
const ref = (participantId: string, layer: string, start: number, role: EvidenceRef['role'], segmentId = 's'): EvidenceRef => ({ segmentId, layer, transcriptId: 't', participantId, codeId: 'c', role, start, end: start + 1, quote: '' });

describe('canonical order (spec §2.6)', () => {
  it('compares text by code units, not locale', () => {
    expect(['b', 'B', 'a', '_'].sort(compareText)).toEqual(['B', '_', 'a', 'b']);
  });

  it('compares sequences elementwise with a prefix first', () => {
    expect(compareSequences(['a'], ['a', 'b'])).toBeLessThan(0);
    expect(compareSequences(['b'], ['a', 'z'])).toBeGreaterThan(0);
    expect(compareSequences(['a', 'b'], ['a', 'b'])).toBe(0);
  });

  it('orders nodes Start, stages by order then id, End — whatever order values Start and End carry', () => {
    const nodes = [node(endId, 'end', -5), node('z', 'stage', 1), node('b', 'stage', 2), node('a', 'stage', 2), node(startId, 'start', 99)];
    expect(nodes.sort(compareNodes).map((n) => n.id)).toEqual([startId, 'z', 'a', 'b', endId]);
  });

  it('orders edges by (rank(from), rank(to), id), Start 0 and End ∞', () => {
    const compare = createEdgeComparator(new Map([['push', 1], ['pull', 2], ['peer', 2]]));
    const edges = ['pull->__end__', 'push->pull', '__start__->pull', 'pull->push', 'peer->push', '__start__->push', 'push->__end__'].map((id) => {
      const [from, to] = id.split('->') as [string, string];
      return { id, from, to };
    });
    expect(edges.sort(compare).map((e) => e.id)).toEqual(['__start__->push', '__start__->pull', 'push->pull', 'push->__end__', 'peer->push', 'pull->push', 'pull->__end__']);
  });

  it('orders evidence by (participant, coder, start), then exit before entry before run', () => {
    const refs = [ref('P2', 'A', 0, 'run'), ref('P1', 'B', 0, 'exit'), ref('P1', 'A', 50, 'exit'), ref('P1', 'A', 10, 'entry'), ref('P1', 'A', 10, 'exit')];
    expect(refs.sort(compareEvidence).map((r) => `${r.participantId} ${r.layer} ${r.start} ${r.role}`)).toEqual(['P1 A 10 exit', 'P1 A 10 entry', 'P1 A 50 exit', 'P1 B 0 exit', 'P2 A 0 run']);
  });

  it('sorts and de-duplicates ids', () => {
    expect(sortedUnique(['P2', 'P10', 'P1', 'P2'])).toEqual(['P1', 'P10', 'P2']);
  });
});
