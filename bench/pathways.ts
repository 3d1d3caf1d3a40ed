/**
 * Pathway benchmark (issue 10): 200 participants × 3 coders × 300 stage codings each, in this
 * process, on the shared code the CLI, the server's worker and the view run.
 *
 * Usage: node --import tsx bench/pathways.ts [--participants 200] [--coders 3] [--codings 300] [--rounds 5]
 * Prints the median time of each phase — A-1 (each coder's pathway), A-2 (merge across coders),
 * A-3 (aggregate across participants) — and of the whole build (`buildPathwayGraph`, which also
 * computes the disagreement loci and links each edge to them; that part is printed as the whole
 * build less the three phases), plus the layout of the graph with elkjs in Chromium when both are
 * there. Targets: merge + aggregation ≤ 200 ms, whole build ≤ 500 ms, layout ≤ 1 s.
 */
import { parseArgs } from 'node:util';
import { createSeededRandom } from '../shared/agreement/index.ts';
import { buildPathwayGraph, readPathwayInput, type PathwayInput } from '../shared/pathways/index.ts';
import { aggregate } from '../shared/pathways/aggregate.ts';
import { derivePathwaysByCoder } from '../shared/pathways/derive-pathway.ts';
import { mergeCoders } from '../shared/pathways/merge-coders.ts';
import type { CodedSegment, ParticipantMerge, Pathway } from '../shared/pathways/types.ts';
import { exampleParents, exampleStageSet } from '../shared/pathways/worked-examples.ts';
import { layoutInChromium } from './pathways-layout.ts';

const { values } = parseArgs({ options: { participants: { type: 'string', default: '200' }, coders: { type: 'string', default: '3' }, codings: { type: 'string', default: '300' }, rounds: { type: 'string', default: '5' } } });
const participantCount = Number(values.participants);
const coderCount = Number(values.coders);
const codingsPerCoder = Number(values.codings);
const rounds = Number(values.rounds);
const random = createSeededRandom(2022);
const stages = ['push', 'pull', 'cocreation'];

/**
 * One participant's transcript: a "true" pathway through the stages (mostly push → pull →
 * co-creation, sometimes with a step back or a skip), coded by each coder in 300 passages of
 * 40–240 characters along the transcript; a coder reads ~10% of passages as another stage, and
 * leaves ~10% uncoded (non-stage codes stand in for the rest of a codebook).
 */
function participantSegments(p: number): CodedSegment[] {
  const truth = random() < 0.7 ? [0, 1, 2] : random() < 0.5 ? [0, 1, 0, 1, 2] : random() < 0.5 ? [1, 2] : [0, 2];
  const out: CodedSegment[] = [];
  const transcriptId = `P${String(p + 1).padStart(3, '0')}`;
  for (let c = 0; c < coderCount; c++) {
    for (let k = 0; k < codingsPerCoder; k++) {
      if (random() < 0.1) continue;
      const start = k * 250 + Math.floor(random() * 10);
      const phase = truth[Math.min(truth.length - 1, Math.floor((k / codingsPerCoder) * truth.length))]!;
      const stage = random() < 0.1 ? Math.floor(random() * 3) : phase;
      const codeId = random() < 0.15 ? 'barriers' : stages[stage]!;
      out.push({ id: `${transcriptId}-c${c}-${k}`, transcriptId, participantId: transcriptId, layer: { kind: 'coder', coderId: `coder${c}` }, codeId, start, end: start + 40 + Math.floor(random() * 200) });
    }
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

const segments = Array.from({ length: participantCount }, (_, p) => participantSegments(p)).flat();
const coders = Array.from({ length: coderCount }, (_, c) => `coder${c}`);
const transcripts = [...new Set(segments.map((s) => s.transcriptId))];
const byTranscript = new Map<string, CodedSegment[]>(transcripts.map((t) => [t, []]));
for (const s of segments) byTranscript.get(s.transcriptId)!.push(s);
const input: PathwayInput = readPathwayInput({
  stageSet: exampleStageSet,
  parents: exampleParents,
  segments,
  assignments: Object.fromEntries(transcripts.map((t) => [t, coders])),
  request: { layer: 'coders', coderMerge: { kind: 'majority' } },
});
console.log(`${participantCount} participants × ${coderCount} coders, ${segments.length} codings (${codingsPerCoder} per coder less ~10% skipped; ~15% non-stage)`);

const phases: Record<string, number[]> = { derive: [], merge: [], aggregate: [], whole: [] };
let graphForLayout = null as ReturnType<typeof buildPathwayGraph> | null;
for (let round = 0; round < rounds; round++) {
  const [pathways, deriveMs] = timed(() => transcripts.map((t) => derivePathwaysByCoder({ participantId: t, transcriptId: t }, coders, byTranscript.get(t)!, exampleStageSet, exampleParents)));
  const [merges, mergeMs] = timed(() => transcripts.map((t, i): ParticipantMerge => mergeCoders(pathways[i] as Record<string, Pathway>, coders, { kind: 'majority' }, exampleStageSet, { participantId: t, transcriptId: t, segments: byTranscript.get(t)! })));
  const scope = { projectId: 'bench', stageSetId: exampleStageSet.id, layer: 'coders' as const, options: input.request.options, visibility: {}, source: { eventSeq: 0 }, generatedAt: new Date().toISOString() };
  const [, aggregateMs] = timed(() => aggregate(merges.map((merge) => ({ kind: 'merged' as const, merge })), { stageSet: exampleStageSet, scope }));
  const [graph, wholeMs] = timed(() => buildPathwayGraph(input, { projectId: 'bench', eventSeq: 0, generatedAt: new Date().toISOString() }));
  graphForLayout = graph;
  phases.derive!.push(deriveMs);
  phases.merge!.push(mergeMs);
  phases.aggregate!.push(aggregateMs);
  phases.whole!.push(wholeMs);
}
const m = (name: string) => median(phases[name]!).toFixed(1);
console.log(`A-1 each coder's pathway: median ${m('derive')} ms`);
console.log(`A-2 merge across coders:  median ${m('merge')} ms`);
console.log(`A-3 aggregate:            median ${m('aggregate')} ms`);
console.log(`merge + aggregation (A-2 + A-3): median ${(median(phases.merge!) + median(phases.aggregate!)).toFixed(1)} ms (target ≤ 200 ms)`);
console.log(`whole build (A-1, A-2, loci links, A-3): median ${m('whole')} ms (${phases.whole!.map((x) => x.toFixed(0)).join(', ')}) (no target in the issue; it runs in the worker, once per change)`);
console.log(`  of which loci (computeLoci + linkLoci) ≈ ${(median(phases.whole!) - median(phases.derive!) - median(phases.merge!) - median(phases.aggregate!)).toFixed(1)} ms (whole less A-1, A-2, A-3)`);
console.log(`graph: ${graphForLayout!.nodes.length} nodes, ${graphForLayout!.edges.length} edges, ${graphForLayout!.variants.length} variants`);
const layout = await layoutInChromium(graphForLayout!);
console.log(layout);
