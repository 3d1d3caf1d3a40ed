import { compareText } from './canonical-order.ts';
import type { Id, Pathway } from './types.ts';

/**
 * Edit distance between two stage sequences (insertions, deletions and substitutions of whole
 * stages, each costing 1).
 *
 * @example
 * levenshtein(['push', 'pull', 'cocreation'], ['push', 'pull', 'push', 'cocreation']) // 1
 */
export function levenshtein(a: readonly Id[], b: readonly Id[]): number {
  // Two rows of the usual table, swapped instead of reallocated.
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1]! + (ai === b[j - 1] ? 0 : 1);
      const insert = previous[j]! + 1;
      const remove = current[j - 1]! + 1;
      current[j] = substitute < insert ? (substitute < remove ? substitute : remove) : insert < remove ? insert : remove;
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** How a candidate reading scored; exposed so the view can say why it was chosen. */
export interface MedoidCandidate {
  readonly coderId: Id;
  readonly sequence: readonly Id[];
  /** Summed Levenshtein distance to every other coder's sequence. */
  readonly distance: number;
  readonly backwardTransitions: number;
}

/**
 * The coders' readings ranked as the medoid rule ranks them (spec §2.4): summed distance, then
 * fewer backward transitions, then coder id (code-unit order). The first is the medoid.
 *
 * @example
 * rankMedoidCandidates({ A: pathwayA, B: pathwayB }).map((c) => [c.coderId, c.distance, c.backwardTransitions]) // [['A', 1, 0], ['B', 1, 1]]
 */
export function rankMedoidCandidates(pathwaysByCoder: Readonly<Record<Id, Pathway>>): MedoidCandidate[] {
  const coders = Object.keys(pathwaysByCoder).sort(compareText);
  const sequences = coders.map((c) => pathwaysByCoder[c]!.sequence);
  // The distance is symmetric: each pair is computed once.
  const known = new Map<number, number>();
  const distances = (i: number, j: number): number => {
    const pair = Math.min(i, j) * sequences.length + Math.max(i, j);
    let d = known.get(pair);
    if (d === undefined) known.set(pair, (d = levenshtein(sequences[i]!, sequences[j]!)));
    return d;
  };
  return coders
    .map((coderId, i) => ({
      coderId,
      sequence: sequences[i]!,
      distance: sequences.reduce((sum, other, j) => (i === j ? sum : sum + distances(i, j)), 0),
      backwardTransitions: pathwaysByCoder[coderId]!.transitions.filter((t) => t.direction === 'backward').length,
    }))
    .sort((a, b) => a.distance - b.distance || a.backwardTransitions - b.backwardTransitions || compareText(a.coderId, b.coderId));
}

/**
 * The representative reading of one participant (spec §2.4): the coder sequence with the least
 * summed Levenshtein distance to the other coders' sequences; ties go to fewer backward
 * transitions, then to the coder id. It is not a consensus. Null when there is no coder. An
 * assigned coder who found no stage takes part with the empty sequence.
 *
 * @example
 * medoid({ A: pathwayA, B: pathwayB }) // { coderId: 'A', sequence: ['push', 'pull', 'cocreation'] } (both at distance 1; B goes backwards once)
 */
export function medoid(pathwaysByCoder: Readonly<Record<Id, Pathway>>): { coderId: Id; sequence: readonly Id[] } | null {
  const best = rankMedoidCandidates(pathwaysByCoder)[0];
  return best ? { coderId: best.coderId, sequence: best.sequence } : null;
}
