import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregate.ts';
import type { PathwayGraph } from '../types.ts';
import { example1Merge, example1Scope, example3Pathways, example3Scope, exampleStageSet } from '../worked-examples.ts';
import { toJson } from './json.ts';

const example3 = aggregate(
  example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })),
  { stageSet: exampleStageSet, scope: example3Scope },
);

/** The same data with every array reversed and every object's keys in reverse order. */
function scramble(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scramble).reverse();
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, scramble(inner)]));
}

describe('toJson (spec §2.8 graph JSON)', () => {
  it('round-trips through JSON.parse to the same graph', () => {
    expect(JSON.parse(toJson(example3))).toEqual(example3);
    const example1 = aggregate([{ kind: 'merged', merge: example1Merge }], { stageSet: exampleStageSet, scope: example1Scope });
    expect(JSON.parse(toJson(example1))).toEqual(example1);
  });

  it('gives the same bytes whatever order the nodes, edges, evidence, variants and keys were built in', () => {
    const scrambled = scramble(example3) as PathwayGraph;
    // Only the arrays with a canonical order are re-sorted; scope lists keep their meaning, so restore them.
    const comparable: PathwayGraph = { ...scrambled, scope: example3.scope, edges: scrambled.edges.map((edge) => ({ ...edge, participantIds: [...edge.participantIds].reverse() })), variants: scrambled.variants.map((v) => ({ ...v, sequence: [...v.sequence].reverse(), participantIds: [...v.participantIds].reverse() })) };
    expect(toJson(comparable)).toBe(toJson(example3));
  });

  it('sorts keys at every level and states its scope', () => {
    const text = toJson(example3);
    expect(Object.keys(JSON.parse(text))).toEqual(['edges', 'nodes', 'schemaVersion', 'scope', 'totalParticipants', 'variants']);
    expect(JSON.parse(text).scope.participantIds).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('honours the indent option', () => {
    expect(toJson(example3, { indent: 0 }).split('\n')).toHaveLength(2);
  });
});
