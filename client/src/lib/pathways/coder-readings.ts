import type { Pathway, PathwayGraph } from '../../../../shared/pathways/types.ts';

/** One participant's reading by one coder (or the consensus): the stages in order. */
export interface CoderReading {
  readonly participantId: string;
  readonly layer: string;
  readonly sequence: readonly string[];
}

/**
 * Each coder's own pathway per participant, from the graph's `perParticipant`: what the variants
 * (one representative reading per participant when coders are merged) summarise away. Sorted by
 * participant, then by layer, as the graph lists them.
 *
 * @example
 * coderReadings(graph) // [{ participantId: 'P1', layer: 'A', sequence: ['push', 'pull', 'cocreation'] }, { … layer: 'B' … }]
 */
export function coderReadings(graph: Pick<PathwayGraph, 'perParticipant'>): CoderReading[] {
  return (graph.perParticipant ?? []).map((p: Pathway) => ({ participantId: p.participantId, layer: p.layer, sequence: p.sequence }));
}

/** True when the readings of one participant differ between coders (worth a second look). */
export function readingsDiffer(readings: readonly CoderReading[], participantId: string): boolean {
  const sequences = new Set(readings.filter((r) => r.participantId === participantId).map((r) => r.sequence.join('>')));
  return sequences.size > 1;
}
