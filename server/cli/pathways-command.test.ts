import { describe, expect, it } from 'vitest';
import { computeLoci } from '../../shared/reconcile/index.ts';
import { exampleCodes } from '../../shared/reconcile/worked-examples.ts';
import { example1Dot, example1Mermaid, example3Dot, example3MermaidMinParticipants2, example3Sankey } from '../../shared/pathways/worked-example-exports.ts';
import { example1Assignments, example1Segments, example2Segments, example3Segments, exampleParents, exampleStageSet } from '../../shared/pathways/worked-examples.ts';
import { example1 as example1Codings } from '../../shared/reconcile/worked-examples.ts';
import { runCli } from './run-cli.ts';

/** Runs `accord pathways input.json …args` on `input` (as the file's JSON), as the shell would. */
async function pathways(input: unknown, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['pathways', 'input.json', ...args], { readFile: async () => JSON.stringify(input), stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const graphOf = async (input: unknown, ...args: string[]) => JSON.parse((await pathways(input, '--format', 'json', ...args)).stdout);
const table = (graph: any) => Object.fromEntries(graph.edges.map((e: any) => [e.id, e]));

const example1Input = (coderMerge: object = { kind: 'union' }) => ({ stageSet: exampleStageSet, parents: exampleParents, segments: example1Segments, assignments: example1Assignments, request: { layer: 'coders', coderMerge } });
const example3Input = { stageSet: exampleStageSet, segments: example3Segments, assignments: {}, request: { layer: 'consensus' } };

describe('accord pathways: worked example 1 (spec §4), two coders merged', () => {
  it('derives each coder’s pathway', async () => {
    const graph = await graphOf(example1Input());
    const byCoder = Object.fromEntries(graph.perParticipant.map((p: any) => [p.layer, p]));
    expect(byCoder.A.sequence).toEqual(['push', 'pull', 'cocreation']);
    expect(byCoder.A.runs.map((r: any) => [r.stage, r.start, r.end, r.segmentIds])).toEqual([
      ['push', 0, 260, ['a1', 'a2']],
      ['pull', 300, 420, ['a3']],
      ['cocreation', 500, 640, ['a4']],
    ]);
    expect(byCoder.A.transitions.map((t: any) => [t.from, t.to, t.exitSegmentId, t.entrySegmentId])).toEqual([
      ['__start__', 'push', null, 'a1'],
      ['push', 'pull', 'a2', 'a3'],
      ['pull', 'cocreation', 'a3', 'a4'],
      ['cocreation', '__end__', 'a4', null],
    ]);
    expect(byCoder.B.sequence).toEqual(['push', 'pull', 'push', 'cocreation']);
    expect(byCoder.B.transitions.find((t: any) => t.from === 'pull' && t.to === 'push')).toMatchObject({ direction: 'backward', exitSegmentId: 'b2', entrySegmentId: 'b3' });
  });

  it('merges them as the table says, under each rule', async () => {
    const expected = {
      '__start__->push': [2, 'unanimous', false],
      'push->pull': [2, 'unanimous', false],
      'push->cocreation': [1, 'minority', true],
      'pull->push': [1, 'minority', true],
      'pull->cocreation': [1, 'minority', true],
      'cocreation->__end__': [2, 'unanimous', false],
    };
    const union = table(await graphOf(example1Input()));
    expect(Object.fromEntries(Object.entries(union).map(([id, e]: [string, any]) => [id, [e.support, e.agreement, e.disputed]]))).toEqual(expected);
    expect(union['pull->push'].direction).toBe('backward');
    for (const rule of ['majority', 'intersection']) {
      const edges = (await graphOf(example1Input({ kind: rule }))).edges.map((e: any) => e.id);
      expect(edges, rule).toEqual(['__start__->push', 'push->pull', 'cocreation->__end__']);
    }
    const nodes = (await graphOf(example1Input())).nodes.filter((n: any) => n.kind === 'stage');
    expect(nodes.map((n: any) => [n.id, n.coderSupport])).toEqual([
      ['push', { support: 2, total: 2 }],
      ['pull', { support: 2, total: 2 }],
      ['cocreation', { support: 2, total: 2 }],
    ]);
  });

  it('links each edge to the open loci that can change it, and to the loci around its quotes', async () => {
    const loci = computeLoci({ documentId: 'P1', coderIds: ['A', 'B'], codes: exampleCodes, codings: example1Codings }).filter((l) => l.domainId !== 'barriers');
    const name = (id: string) => ({ 0: 'L1', 290: 'L2', 440: 'L3', 500: 'L4' })[loci.find((l) => l.id === id)!.start];
    const edges = table(await graphOf(example1Input()));
    const links = Object.fromEntries(Object.entries(edges).map(([id, e]: [string, any]) => [id, [e.disagreementIds.map(name), e.evidenceLocusIds.map(name)]]));
    expect(links).toEqual({
      '__start__->push': [[], ['L1']],
      'push->pull': [[], ['L1', 'L2']],
      'push->cocreation': [['L3'], ['L3']],
      'pull->push': [['L3'], ['L2', 'L3']],
      'pull->cocreation': [['L3'], ['L2']],
      'cocreation->__end__': [[], []],
    });
  });

  it('prints the spec’s Mermaid and DOT', async () => {
    expect((await pathways(example1Input(), '--format', 'mermaid', '--no-provenance')).stdout).toBe(example1Mermaid.trimEnd());
    expect((await pathways(example1Input(), '--format', 'dot', '--no-provenance')).stdout).toBe(example1Dot.trimEnd());
    // With provenance, the same figure after lines that say what it was built from.
    const stated = (await pathways(example1Input(), '--format', 'mermaid')).stdout;
    expect(stated).toContain('%%');
    expect(stated.split('\n').filter((line) => !line.trim().startsWith('%%')).join('\n')).toBe(example1Mermaid.trimEnd());
  });
});

describe('accord pathways: worked example 2 (spec §4), one coder, overlap policies', () => {
  const input = (options: object) => ({ stageSet: exampleStageSet, segments: example2Segments, assignments: { P2: ['C'] }, request: { layer: 'coders', options } });
  const sequenceOf = async (options: object) => (await graphOf(input(options))).perParticipant[0].sequence.join(' > ');

  it('gives each policy its sequence', async () => {
    expect(await sequenceOf({ overlapPolicy: 'start' })).toBe('push > pull > push > cocreation > pull');
    expect(await sequenceOf({ overlapPolicy: 'start', minSegmentChars: 25 })).toBe('push > pull > cocreation > pull');
    expect(await sequenceOf({ overlapPolicy: 'midpoint', minSegmentChars: 25 })).toBe('push > pull > cocreation');
    expect(await sequenceOf({ overlapPolicy: 'sweep', minSegmentChars: 25, minResidualChars: 25 })).toBe('push > pull > cocreation > pull > cocreation');
  });

  it('cuts nested passages under sweep and says the policy in the scope', async () => {
    const graph = await graphOf(input({ overlapPolicy: 'sweep', minSegmentChars: 25, minResidualChars: 25 }));
    expect(graph.perParticipant[0].runs.map((r: any) => [r.stage, r.start, r.end])).toEqual([
      ['push', 0, 180],
      ['pull', 180, 300],
      ['cocreation', 350, 400],
      ['pull', 400, 440],
      ['cocreation', 440, 500],
    ]);
    expect(graph.scope.options).toMatchObject({ overlapPolicy: 'sweep', minSegmentChars: 25, minResidualChars: 25 });
  });
});

describe('accord pathways: worked example 3 (spec §4), five participants', () => {
  it('aggregates the edges, nodes and variants', async () => {
    const graph = await graphOf(example3Input);
    expect(graph.edges.map((e: any) => [e.id, e.participants, e.occurrences, e.direction, e.participantIds.join(',')])).toEqual([
      ['__start__->push', 4, 4, 'start', 'P1,P2,P3,P4'],
      ['__start__->pull', 1, 1, 'start', 'P5'],
      ['push->pull', 3, 4, 'forward', 'P1,P2,P4'],
      ['push->cocreation', 1, 1, 'forward', 'P3'],
      ['pull->push', 1, 1, 'backward', 'P4'],
      ['pull->cocreation', 4, 4, 'forward', 'P1,P2,P4,P5'],
      ['cocreation->__end__', 5, 5, 'end', 'P1,P2,P3,P4,P5'],
    ]);
    expect(graph.nodes.filter((n: any) => n.kind === 'stage').map((n: any) => [n.id, n.participants, n.occurrences])).toEqual([
      ['push', 4, 5],
      ['pull', 4, 5],
      ['cocreation', 5, 5],
    ]);
    expect(graph.variants.map((v: any) => [v.sequence.join(' > '), v.count, v.participantIds.join(',')])).toEqual([
      ['push > pull > cocreation', 2, 'P1,P2'],
      ['pull > cocreation', 1, 'P5'],
      ['push > cocreation', 1, 'P3'],
      ['push > pull > push > pull > cocreation', 1, 'P4'],
    ]);
  });

  it('filters by participants without changing counts, keeping what connectivity needs', async () => {
    const two = await graphOf(example3Input, '--min-participants', '2');
    expect(two.filterLog).toEqual(['removed __start__->pull', 'removed pull->push', 'removed push->cocreation']);
    expect(two.nodes.filter((n: any) => n.kind === 'stage').map((n: any) => n.participants)).toEqual([4, 4, 5]);
    const four = await graphOf(example3Input, '--min-participants', '4');
    expect(four.filterLog).toEqual(['removed __start__->pull', 'removed pull->push', 'removed push->cocreation', 'kept push->pull (connectivity)']);
    expect(four.edges.map((e: any) => [e.id, e.participants, e.keptForConnectivity === true])).toEqual([
      ['__start__->push', 4, false],
      ['push->pull', 3, true],
      ['pull->cocreation', 4, false],
      ['cocreation->__end__', 5, false],
    ]);
  });

  it('prints the spec’s DOT, Mermaid and sankey-beta', async () => {
    expect((await pathways(example3Input, '--format', 'dot', '--no-provenance')).stdout).toBe(example3Dot.trimEnd());
    expect((await pathways(example3Input, '--format', 'mermaid', '--no-provenance', '--min-participants', '2')).stdout).toBe(example3MermaidMinParticipants2.trimEnd());
    expect((await pathways(example3Input, '--format', 'sankey', '--no-provenance')).stdout).toBe(example3Sankey.trimEnd());
  });
});

describe('accord pathways: bad input', () => {
  it('names the field that is wrong and exits 1', async () => {
    const broken = { ...example3Input, segments: [{ ...example3Segments[0], end: -3 }] };
    const result = await pathways(broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^accord: input\.json: segments\[0\]\.end: must be a whole number ≥ 0$/);
    expect((await pathways(example3Input, '--format', 'png')).code).toBe(2);
  });
});
