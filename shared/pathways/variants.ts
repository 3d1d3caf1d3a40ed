import { compareSequences, compareText } from './canonical-order.ts';
import { PathwayGraphError } from './pathway-graph-error.ts';
import type { Id, PathwayVariant } from './types.ts';

/** One participant's stage sequence; a `Pathway` fits this shape. */
export interface ParticipantSequence {
  readonly participantId: Id;
  readonly sequence: readonly Id[];
}

/**
 * Process variants (spec §2.5): participants grouped by identical sequence, sorted by count
 * (descending), then lexicographically by sequence (elementwise, ordinal; a prefix first). A
 * participant with no stage forms the empty-sequence variant — the "no stages" summary row (§2.10).
 *
 * @example
 * groupVariants([{ participantId: 'P2', sequence: ['push'] }, { participantId: 'P1', sequence: ['push'] }])
 * // [{ sequence: ['push'], count: 2, participantIds: ['P1', 'P2'] }]
 */
export function groupVariants(items: readonly ParticipantSequence[]): PathwayVariant[] {
  // Keyed by JSON of the sequence: unambiguous whatever characters the stage ids contain.
  const groups = new Map<string, { sequence: readonly Id[]; participantIds: Id[] }>();
  const seen = new Set<Id>();
  for (const item of items) {
    if (seen.has(item.participantId)) throw new PathwayGraphError('duplicateParticipant', `participant ${item.participantId} is given twice`);
    seen.add(item.participantId);
    const key = JSON.stringify(item.sequence);
    const group = groups.get(key);
    if (group) group.participantIds.push(item.participantId);
    else groups.set(key, { sequence: [...item.sequence], participantIds: [item.participantId] });
  }
  return [...groups.values()]
    .map((group) => ({ sequence: group.sequence, count: group.participantIds.length, participantIds: group.participantIds.sort(compareText) }))
    .sort((a, b) => b.count - a.count || compareSequences(a.sequence, b.sequence));
}

/**
 * A variant as the UI and the variants CSV print it.
 *
 * @example
 * formatVariant({ sequence: ['push', 'pull'], count: 2, participantIds: ['P1', 'P2'] }) // 'push > pull ×2'
 */
export function formatVariant(variant: PathwayVariant, labelOf: (stage: Id) => string = (stage) => stage): string {
  return `${variant.sequence.map(labelOf).join(' > ')} ×${variant.count}`;
}
