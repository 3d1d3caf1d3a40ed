import type { EvidenceRef, PathwayEdge, PathwayGraph, PathwayNode, PathwayVariant } from '../../../../shared/pathways/types.ts';

/** One crossing of a transition as one coder read it: the last quote before, the first after. */
export interface EvidencePair {
  readonly exit: EvidenceRef | null;
  readonly entry: EvidenceRef | null;
  /** The transition crossed, where a list mixes several (a variant's); else the selected edge's. */
  readonly transition?: { readonly from: string; readonly to: string };
}

export interface CoderEvidence {
  /** The coder's id, or `consensus`. */
  readonly layer: string;
  /** A transition's crossings, in transcript order. */
  readonly pairs: readonly EvidencePair[];
  /** A stage's runs (its quotes), in transcript order. */
  readonly runs: readonly EvidenceRef[];
}

export interface ParticipantEvidence {
  readonly participantId: string;
  readonly transcriptId: string;
  readonly coders: readonly CoderEvidence[];
}

const byStart = (a: EvidenceRef, b: EvidenceRef) => a.start - b.start || a.end - b.end;

/**
 * The quotes behind a transition or a stage, grouped as the drawer shows them (spec §2.7):
 * participant, then coder, then exit/entry pairs. A coder's crossings of one transition follow
 * each other in the text (exitᵢ ≤ entryᵢ ≤ exitᵢ₊₁), so the i-th exit pairs with the i-th entry;
 * Start and End transitions have only an entry or only an exit.
 *
 * @example
 * groupEvidence(edge)[0].coders[0].pairs[0] // { exit: { quote: '…', role: 'exit' }, entry: { quote: '…', role: 'entry' } }
 */
export function groupEvidence(item: Pick<PathwayEdge | PathwayNode, 'evidence'>): ParticipantEvidence[] {
  const participants = new Map<string, Map<string, EvidenceRef[]>>();
  for (const ref of item.evidence) {
    const layers = participants.get(ref.participantId) ?? new Map<string, EvidenceRef[]>();
    participants.set(ref.participantId, layers);
    layers.set(ref.layer, [...(layers.get(ref.layer) ?? []), ref]);
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...participants.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([participantId, layers]) => ({
      participantId,
      transcriptId: [...layers.values()][0]![0]!.transcriptId,
      coders: [...layers.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([layer, refs]) => {
          const exits = refs.filter((r) => r.role === 'exit').sort(byStart);
          const entries = refs.filter((r) => r.role === 'entry').sort(byStart);
          const pairs = Array.from({ length: Math.max(exits.length, entries.length) }, (_, i) => ({ exit: exits[i] ?? null, entry: entries[i] ?? null }));
          return { layer, pairs, runs: refs.filter((r) => r.role === 'run').sort(byStart) };
        }),
    }));
}

/** Counts for the drawer's heading: how many quotes, from how many participants. */
export function evidenceSummary(groups: readonly ParticipantEvidence[]): { participants: number; quotes: number } {
  const quotes = groups.reduce((sum, g) => sum + g.coders.reduce((s, c) => s + c.runs.length + c.pairs.reduce((p, pair) => p + (pair.exit ? 1 : 0) + (pair.entry ? 1 : 0), 0), 0), 0);
  return { participants: groups.length, quotes };
}

/** A variant's id in a selection: its stages joined, as the variants table keys it. */
export const variantKey = (variant: Pick<PathwayVariant, 'sequence'>): string => variant.sequence.join('>');

const pairStart = (pair: EvidencePair): number => Math.min(pair.exit?.start ?? Infinity, pair.entry?.start ?? Infinity);

/**
 * The quotes behind a variant: every crossing between two of its consecutive stages, by the
 * participants who follow it, each pair tagged with its transition and put in transcript order.
 * Start and End are left out: their edges have an entry or an exit only, and a variant's first
 * and last stage are its first and last crossing's. A one-stage variant shows that stage's runs.
 *
 * @example
 * variantEvidence(graph, graph.variants[0])[0].coders[0].pairs[0].transition // { from: 'push', to: 'pull' }
 */
export function variantEvidence(graph: Pick<PathwayGraph, 'nodes' | 'edges'>, variant: PathwayVariant): ParticipantEvidence[] {
  const who = new Set(variant.participantIds);
  const mine = (ref: EvidenceRef) => who.has(ref.participantId);
  if (variant.sequence.length === 1) {
    const node = graph.nodes.find((n) => n.id === variant.sequence[0]);
    return node ? groupEvidence({ evidence: node.evidence.filter(mine) }) : [];
  }
  const participants = new Map<string, { transcriptId: string; layers: Map<string, EvidencePair[]> }>();
  for (let i = 0; i + 1 < variant.sequence.length; i++) {
    const [from, to] = [variant.sequence[i]!, variant.sequence[i + 1]!];
    const edge = graph.edges.find((e) => e.from === from && e.to === to);
    if (!edge) continue;
    for (const group of groupEvidence({ evidence: edge.evidence.filter(mine) })) {
      const entry = participants.get(group.participantId) ?? { transcriptId: group.transcriptId, layers: new Map<string, EvidencePair[]>() };
      participants.set(group.participantId, entry);
      for (const coder of group.coders) {
        // Repeated transitions (push → pull → push → pull) are one edge: add its crossings once.
        const pairs = entry.layers.get(coder.layer) ?? [];
        if (pairs.some((p) => p.transition?.from === from && p.transition.to === to)) continue;
        entry.layers.set(coder.layer, [...pairs, ...coder.pairs.map((pair) => ({ ...pair, transition: { from, to } }))]);
      }
    }
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...participants.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([participantId, { transcriptId, layers }]) => ({
      participantId,
      transcriptId,
      coders: [...layers.entries()].sort(([a], [b]) => compare(a, b)).map(([layer, pairs]) => ({ layer, pairs: [...pairs].sort((a, b) => pairStart(a) - pairStart(b)), runs: [] })),
    }));
}
