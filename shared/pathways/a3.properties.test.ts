// Randomised properties of A-3 from a seeded generator (STYLE: lib0-style seeded tests): every
// failure reproduces from its seed. Spec §2.5 (filters never change counts, connectivity) and §2.9
// (order invariance, filter monotonicity, exports round-trip the ids).
import { describe, expect, it } from 'vitest';
import { createSeededRandom, type RandomSource } from '../agreement/index.ts';
import { aggregate } from './aggregate.ts';
import { toCsv } from './export/csv.ts';
import { dotNodeIds, toDot } from './export/dot.ts';
import { toElk } from './export/elk.ts';
import { toJson } from './export/json.ts';
import { toMermaidSankey } from './export/mermaid-sankey.ts';
import { mermaidNodeIds, toMermaid } from './export/mermaid.ts';
import { applyVisibility, connectedStages, filterEdges, type Visibility } from './filter-edges.ts';
import { endId, startId, type EdgeId, type EvidenceRef, type Id, type ParticipantMerge, type ParticipantPathways, type PathwayEdge, type PathwayGraph, type PathwayNode, type StageSet } from './types.ts';
import { unrollBySteps } from './unroll-by-steps.ts';
import { example3Scope, pathwayFromSequence } from './worked-examples.ts';

const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

// Ids and texts chosen to break exporters: dots, dashes, DOT keywords, START/END, quotes and commas.
const idPool = ['push', 'pull', 'cocreation', 'push.training', 'a-b', 'a_b', 'START', 'end', 'node', 'say "hi", ok'];
const quotePool = ['', 'plain words', 'with, comma', 'with "quotes"', 'line\nbreak', '=SUM(A1)', '  padded  '];

const int = (random: RandomSource, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function shuffle<T>(random: RandomSource, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function randomStageSet(random: RandomSource): StageSet {
  const ids = shuffle(random, idPool).slice(0, int(random, 2, 6));
  // Orders 1–4 with ties, so lateral transitions occur.
  return { id: 'random', name: 'random', includeDescendants: false, stages: ids.map((codeId) => ({ codeId, label: `Stage ${codeId}`, order: int(random, 1, 4) })) };
}

function randomSequence(random: RandomSource, stageSet: StageSet, maxLength = 7): Id[] {
  const selfLoops = random() < 0.2;
  const sequence: Id[] = [];
  const length = int(random, 0, maxLength);
  while (sequence.length < length) {
    const stage = pick(random, stageSet.stages).codeId;
    if (selfLoops || stage !== sequence[sequence.length - 1]) sequence.push(stage);
  }
  return sequence;
}

const ref = (participantId: Id, layer: Id, segmentId: Id, role: EvidenceRef['role'], start: number, quote: string): EvidenceRef => ({ segmentId, layer, transcriptId: participantId, participantId, codeId: 'x', role, start, end: start + 50, quote });

/** A test-local coder merge (A-2's rules, spec §2.4), so these properties do not depend on A-2's code. */
function randomMerge(random: RandomSource, participantId: Id, stageSet: StageSet): ParticipantMerge {
  const coders = ['A', 'B', 'C'].slice(0, int(random, 1, 3));
  const n = coders.length;
  const rule = pick(random, ['union', 'majority', 'intersection'] as const);
  const quorum = rule === 'union' ? 1 : rule === 'majority' ? Math.floor(n / 2) + 1 : n;
  const pathways = coders.map((layer) => pathwayFromSequence(participantId, randomSequence(random, stageSet, 5), { layer, stageSet }));
  const drafts = new Map<EdgeId, { edge: Pick<PathwayEdge, 'from' | 'to' | 'direction'>; coders: Id[]; evidence: EvidenceRef[] }>();
  for (const pathway of pathways) {
    pathway.transitions.forEach((t, i) => {
      const id: EdgeId = `${t.from}->${t.to}`;
      const draft = drafts.get(id) ?? { edge: { from: t.from, to: t.to, direction: t.direction }, coders: [], evidence: [] };
      drafts.set(id, draft);
      if (!draft.coders.includes(pathway.layer)) draft.coders.push(pathway.layer);
      if (t.exitSegmentId) draft.evidence.push(ref(participantId, pathway.layer, t.exitSegmentId, 'exit', i * 100, pick(random, quotePool)));
      if (t.entrySegmentId) draft.evidence.push(ref(participantId, pathway.layer, t.entrySegmentId, 'entry', i * 100 + 60, pick(random, quotePool)));
    });
  }
  const edges = [...drafts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, d]): PathwayEdge => ({
      id,
      ...d.edge,
      participants: 1,
      occurrences: null,
      participantIds: [participantId],
      support: d.coders.length,
      total: n,
      agreement: d.coders.length === n ? 'unanimous' : d.coders.length >= Math.floor(n / 2) + 1 ? 'majority' : 'minority',
      disputed: d.coders.length < n,
      included: d.coders.length >= quorum,
      supportingCoders: [...d.coders].sort(),
      dissentingCoders: coders.filter((c) => !d.coders.includes(c)),
      evidence: d.evidence,
      disagreementIds: random() < 0.2 ? ['L1'] : [],
      evidenceLocusIds: [],
    }));
  const visited = [...new Set(pathways.flatMap((p) => p.sequence))].sort();
  const nodes = visited.map((id): PathwayNode => {
    const stage = stageSet.stages.find((s) => s.codeId === id) as StageSet['stages'][number];
    return { id, kind: 'stage', label: stage.label, order: stage.order, participants: 1, occurrences: null, coderSupport: { support: pathways.filter((p) => p.sequence.includes(id)).length, total: n }, evidence: [] };
  });
  return { participantId, transcriptId: participantId, coders, rule: { kind: rule }, quorum, pathways, nodes, edges, medoid: { coderId: 'A', sequence: (pathways[0] as (typeof pathways)[number]).sequence }, gaps: [] };
}

interface Case {
  readonly stageSet: StageSet;
  readonly inputs: readonly ParticipantPathways[];
  readonly graph: PathwayGraph;
  readonly random: RandomSource;
}

function randomCase(seed: number): Case {
  const random = createSeededRandom(seed);
  const stageSet = randomStageSet(random);
  const mergedShare = seed % 3 === 0 ? 0.5 : 0; // a third of the cases mix in coder merges
  const inputs = Array.from({ length: int(random, 1, 8) }, (_, i): ParticipantPathways => {
    const participantId = `P${i + 1}`;
    return random() < mergedShare ? { kind: 'merged', merge: randomMerge(random, participantId, stageSet) } : { kind: 'single', pathway: pathwayFromSequence(participantId, randomSequence(random, stageSet), { stageSet }) };
  });
  const graph = aggregate(inputs, { stageSet, scope: { ...example3Scope, stageSetId: stageSet.id } });
  return { stageSet, inputs, graph, random };
}

function randomVisibility(random: RandomSource, graph: PathwayGraph): Visibility {
  return {
    ...(random() < 0.7 ? (random() < 0.5 ? { minParticipants: int(random, 0, graph.totalParticipants + 1) } : { minShare: random() }) : {}),
    ...(random() < 0.5 ? { keepAllStages: true } : {}),
    ...(random() < 0.3 ? { minStageParticipants: int(random, 0, graph.totalParticipants) } : {}),
    ...(random() < 0.3 ? { hideDisputedBelow: random() } : {}),
    ...(random() < 0.3 ? { showOnly: pick(random, ['forward', 'backward', 'all'] as const) } : {}),
  };
}

const withoutFlag = (edge: PathwayEdge): Omit<PathwayEdge, 'keptForConnectivity'> => {
  const { keptForConnectivity: _flag, ...rest } = edge;
  return rest;
};

describe('A-3 properties (seeded)', () => {
  it('visibility filters never change a node’s or an edge’s counts, nor the variants', () => {
    let hidden = 0;
    for (const seed of seeds) {
      const { graph, random } = randomCase(seed);
      const visibility = randomVisibility(random, graph);
      const filtered = applyVisibility(graph, visibility);
      for (const node of filtered.nodes) expect(node, `seed ${seed}`).toEqual(graph.nodes.find((n) => n.id === node.id));
      for (const edge of filtered.edges) expect(withoutFlag(edge), `seed ${seed}`).toEqual(withoutFlag(graph.edges.find((e) => e.id === edge.id) as PathwayEdge));
      expect(filtered.variants).toEqual(graph.variants);
      expect(filtered.totalParticipants).toBe(graph.totalParticipants);
      hidden += graph.edges.length - filtered.edges.length;
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it('a higher threshold never shows more edges, except those kept for connectivity', () => {
    let kept = 0;
    for (const seed of seeds) {
      const { graph, random } = randomCase(seed);
      const keepAllStages = random() < 0.5;
      const low = int(random, 0, graph.totalParticipants);
      const high = low + int(random, 1, 3);
      const lowGraph = filterEdges(graph, { minParticipants: low, keepAllStages });
      const highGraph = filterEdges(graph, { minParticipants: high, keepAllStages });
      const lowIds = new Set(lowGraph.edges.map((e) => e.id));
      const shownHigh = highGraph.edges.filter((e) => !e.keptForConnectivity);
      for (const edge of shownHigh) expect(lowIds.has(edge.id), `seed ${seed} ${edge.id}`).toBe(true);
      expect(shownHigh.length).toBeLessThanOrEqual(lowGraph.edges.filter((e) => !e.keptForConnectivity).length);
      // What decides visibility: at or above the threshold is shown; below it only for connectivity.
      for (const edge of highGraph.edges) expect(edge.participants >= high || edge.keptForConnectivity === true, `seed ${seed}`).toBe(true);
      kept += highGraph.edges.filter((e) => e.keptForConnectivity).length;
    }
    expect(kept).toBeGreaterThan(0);
  });

  it('after filterEdges every required stage is reachable from Start and reaches End', () => {
    let checked = 0;
    for (const seed of seeds) {
      const { graph, random } = randomCase(seed);
      const minParticipants = int(random, 1, graph.totalParticipants + 1);
      const keepAllStages = random() < 0.5;
      const before = onStartToEndRoute(graph.edges);
      const stages = graph.nodes.filter((n) => n.kind === 'stage').map((n) => n.id);
      const wanted = keepAllStages ? stages : graph.edges.filter((e) => e.participants >= minParticipants).flatMap((e) => [e.from, e.to]);
      const required = wanted.filter((id) => id !== startId && id !== endId && before.has(id));
      const after = onStartToEndRoute(filterEdges(graph, { minParticipants, keepAllStages }).edges);
      for (const id of required) expect(after.has(id), `seed ${seed} ${id}`).toBe(true);
      checked += required.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('aggregating single sequences connects every stage to Start and End', () => {
    for (const seed of seeds.filter((s) => s % 3 !== 0)) {
      const { graph } = randomCase(seed);
      const connected = onStartToEndRoute(graph.edges);
      for (const node of graph.nodes) if (node.kind === 'stage') expect(connected.has(node.id), `seed ${seed} ${node.id}`).toBe(true);
      expect(connectedStages(graph.edges)).toEqual(connected);
    }
  });

  it('aggregate is invariant to the order of the participants', () => {
    for (const seed of seeds) {
      const { stageSet, inputs, graph, random } = randomCase(seed);
      const again = aggregate(shuffle(random, inputs), { stageSet, scope: { ...example3Scope, stageSetId: stageSet.id } });
      expect(again, `seed ${seed}`).toEqual(graph);
    }
  });

  it('aggregate counts agree with a brute-force count over the sequences', () => {
    for (const seed of seeds.filter((s) => s % 3 !== 0)) {
      const { inputs, graph } = randomCase(seed);
      const sequences = inputs.map((item) => (item.kind === 'single' ? item.pathway.sequence : []));
      for (const node of graph.nodes) {
        if (node.kind !== 'stage') continue;
        expect(node.participants).toBe(sequences.filter((s) => s.includes(node.id)).length);
        expect(node.occurrences).toBe(sequences.reduce((sum, s) => sum + s.filter((x) => x === node.id).length, 0));
      }
      const walkers = sequences.filter((s) => s.length > 0).length;
      expect(graph.nodes[0]?.participants).toBe(walkers);
      expect(graph.edges.filter((e) => e.from === startId).reduce((sum, e) => sum + e.participants, 0)).toBe(walkers);
      expect(graph.edges.reduce((sum, e) => sum + (e.occurrences ?? 0), 0)).toBe(sequences.reduce((sum, s) => sum + (s.length === 0 ? 0 : s.length + 1), 0));
      expect(graph.variants.reduce((sum, v) => sum + v.count, 0)).toBe(graph.totalParticipants);
    }
  });

  it('exports round-trip the ids: every edge id appears in the DOT, Mermaid, CSV, ELK and JSON output', () => {
    for (const seed of seeds) {
      const { graph: unfiltered, random } = randomCase(seed);
      const graph = random() < 0.5 ? applyVisibility(unfiltered, randomVisibility(random, unfiltered)) : unfiltered;
      const ids = graph.edges.map((e) => e.id);
      expect(dotEdgeIds(graph), `seed ${seed} DOT`).toEqual(ids);
      expect(mermaidEdgeIds(graph), `seed ${seed} Mermaid`).toEqual(ids);
      expect(csvEdgeIds(toCsv(graph)), `seed ${seed} CSV`).toEqual(ids);
      expect(toElk(graph).edges.map((e) => e.id)).toEqual(ids);
      expect((JSON.parse(toJson(graph)) as PathwayGraph).edges.map((e) => e.id)).toEqual(ids);
    }
  });

  it('the by-step unrolling is acyclic and conserves participants from step to step', () => {
    for (const seed of seeds) {
      const random = createSeededRandom(seed);
      const stageSet = randomStageSet(random);
      const sequences = Array.from({ length: int(random, 1, 8) }, (_, i) => ({ participantId: `P${i + 1}`, sequence: randomSequence(random, stageSet, 10) }));
      const maxSteps = int(random, 1, 6);
      const steps = unrollBySteps(sequences, maxSteps);
      const stepOf = new Map(steps.nodes.map((n) => [n.id, n.step]));
      for (const link of steps.links) expect(stepOf.get(link.target)).toBe((stepOf.get(link.source) as number) + 1);
      expect(Math.max(0, ...steps.nodes.map((n) => n.step))).toBeLessThanOrEqual(maxSteps + 1);
      expect(steps.links.filter((l) => (stepOf.get(l.source) as number) > maxSteps)).toEqual([]);
      for (let k = 1; k <= maxSteps; k++) {
        const out = steps.links.filter((l) => stepOf.get(l.source) === k).reduce((sum, l) => sum + l.value, 0);
        expect(out, `seed ${seed} step ${k}`).toBe(sequences.filter((s) => s.sequence.length > k).length);
      }
      const rows = toMermaidSankey(steps, { stageSet, provenance: false }).trimEnd().split('\n').slice(2);
      expect(rows.length).toBe(steps.links.length);
    }
  });
});

/**
 * Stages on some Start → … → End route, by a plain fixpoint — independent of `connectedStages`,
 * so a bug there cannot hide itself.
 */
function onStartToEndRoute(edges: readonly Pick<PathwayEdge, 'from' | 'to'>[]): Set<string> {
  const closure = (origin: string, step: (edge: Pick<PathwayEdge, 'from' | 'to'>) => [string, string]): Set<string> => {
    const seen = new Set([origin]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const edge of edges) {
        const [tail, head] = step(edge);
        if (seen.has(tail) && !seen.has(head)) (seen.add(head), (grew = true));
      }
    }
    return seen;
  };
  const fromStart = closure(startId, (e) => [e.from, e.to]);
  const toEnd = closure(endId, (e) => [e.to, e.from]);
  return new Set([...fromStart].filter((id) => toEnd.has(id) && id !== startId && id !== endId).sort());
}

/** The edge ids a DOT export declares (the invisible spine excluded), mapped back through its node ids. */
function dotEdgeIds(graph: PathwayGraph): string[] {
  const back = inverse(dotNodeIds(graph));
  const id = String.raw`("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*)`;
  const pattern = new RegExp(String.raw`^  ${id} -> ${id} \[label=`);
  const unquote = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text);
  return toDot(graph)
    .split('\n')
    .flatMap((line) => {
      const match = pattern.exec(line);
      return match ? [`${back.get(unquote(match[1] as string))}->${back.get(unquote(match[2] as string))}`] : [];
    });
}

/** The edge ids a Mermaid export declares, mapped back through its node ids; also checks linkStyle count. */
function mermaidEdgeIds(graph: PathwayGraph): string[] {
  const back = inverse(mermaidNodeIds(graph));
  const lines = toMermaid(graph).split('\n');
  const edges = lines.flatMap((line) => {
    const match = /^  (n_[A-Za-z0-9_]+) -\.?->\|"[^"]*"\| (n_[A-Za-z0-9_]+)$/.exec(line);
    return match ? [`${back.get(match[1] as string)}->${back.get(match[2] as string)}`] : [];
  });
  expect(lines.filter((line) => line.startsWith('  linkStyle ')).length).toBe(edges.length);
  return edges;
}

/** The distinct edge ids of the CSV's first column, in order (RFC 4180 quoting undone). */
function csvEdgeIds(text: string): string[] {
  const body = text.split('\n').filter((line, i, all) => !(line.startsWith('#') && all.slice(0, i).every((l) => l.startsWith('#')))).join('\n');
  const ids: string[] = [];
  let field = '';
  let quoted = false;
  let column = 0;
  let row = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      if (column === 0 && row > 0 && ids[ids.length - 1] !== field) ids.push(field);
      field = '';
      column = c === ',' ? column + 1 : 0;
      if (c === '\n') row++;
    } else field += c;
  }
  return ids;
}

function inverse(map: ReadonlyMap<string, string>): Map<string, string> {
  const back = new Map<string, string>();
  for (const [key, value] of [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    expect(back.has(value), `export id ${value} used twice`).toBe(false);
    back.set(value, key);
  }
  return back;
}
