import { endId, startId, type PathwayEdge, type PathwayGraph, type PathwayNode } from '../../../../shared/pathways/types.ts';

/** How the page names participants (documents) and coders (members); ids stand in for the unknown. */
export interface PathwayNames {
  participant(id: string): string;
  coder(id: string): string;
}

/** Names from lists of documents and members; the consensus layer is "Consensus". */
export function createPathwayNames(documents: readonly { id: string; name: string }[], members: readonly { userId: string; name: string }[]): PathwayNames {
  const participants = new Map(documents.map((d) => [d.id, d.name]));
  const coders = new Map(members.map((m) => [m.userId, m.name]));
  return {
    participant: (id) => participants.get(id) ?? id,
    coder: (id) => (id === 'consensus' ? 'Consensus' : (coders.get(id) ?? 'a former member')),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Coders by name, alphabetically: ids are random, names are what people scan. */
const coderList = (ids: readonly string[] | undefined, names: PathwayNames) =>
  (ids ?? [])
    .map((id) => names.coder(id))
    .sort((a, b) => a.localeCompare(b))
    .join(', ');

/** A stage's label by id (Start and End included); the id for a stage the graph does not list. */
export function stageLabel(graph: Pick<PathwayGraph, 'nodes'>, id: string): string {
  if (id === startId) return 'Start';
  if (id === endId) return 'End';
  return graph.nodes.find((node) => node.id === id)?.label ?? id;
}

/** A sequence of stages in words: "Push models → Pull models → Co-creation". */
export function sequenceText(graph: Pick<PathwayGraph, 'nodes'>, sequence: readonly string[]): string {
  return sequence.length === 0 ? 'No stages' : sequence.map((id) => stageLabel(graph, id)).join(' → ');
}

/** The count on an edge: coders for a one-participant coder merge, else participants. */
function edgeCount(edge: PathwayEdge, graph: Pick<PathwayGraph, 'totalParticipants'>, names: PathwayNames): string {
  const participants = edge.participantIds.map((id) => names.participant(id)).join(', ');
  if (edge.support !== undefined && edge.total !== undefined) {
    const coders = coderList(edge.supportingCoders, names);
    return `${edge.support} of ${plural(edge.total, 'coder')}${coders ? ` (${coders})` : ''} in ${participants}`;
  }
  return `${edge.participants} of ${plural(graph.totalParticipants, 'participant')}${participants ? ` (${participants})` : ''}`;
}

/**
 * The `<title>` of a transition (spec §2.7): its stages, its counts with names, then what its
 * drawing means, so no reading depends on colour or dashes alone.
 *
 * @example
 * edgeTitle(edge, graph, names) // 'Push models → Pull models: 3 of 5 participants (P1, P2, P4)'
 */
export function edgeTitle(edge: PathwayEdge, graph: Pick<PathwayGraph, 'nodes' | 'totalParticipants'>, names: PathwayNames): string {
  const notes: string[] = [];
  if (edge.direction === 'backward') notes.push('a back-transition');
  if (edge.disputed) {
    const dissenting = coderList(edge.dissentingCoders, names);
    notes.push(dissenting ? `disputed: ${dissenting} did not code it` : 'disputed between coders');
  }
  if (edge.keptForConnectivity) notes.push('below the threshold, kept so every stage stays connected to Start and End');
  const title = `${stageLabel(graph, edge.from)} → ${stageLabel(graph, edge.to)}: ${edgeCount(edge, graph, names)}`;
  return notes.length ? `${title}; ${notes.join('; ')}` : title;
}

/**
 * The `<title>` of a stage, Start or End.
 *
 * @example
 * nodeTitle(node, graph) // 'Pull models: 4 of 5 participants'
 */
export function nodeTitle(node: PathwayNode, graph: Pick<PathwayGraph, 'totalParticipants'>): string {
  if (node.coderSupport) return `${node.label}: coded by ${node.coderSupport.support} of ${plural(node.coderSupport.total, 'coder')}`;
  return `${node.label}: ${node.participants} of ${plural(graph.totalParticipants, 'participant')}`;
}
