import { compareText } from './canonical-order.ts';
import { PathwayGraphError } from './pathway-graph-error.ts';
import type { Id } from './types.ts';
import type { ParticipantSequence } from './variants.ts';

/** The stage of the one node that collects every step after `maxSteps`. */
export const overflowStage = '…';

/** `stage@step`: a stage at a position (1-based) of the sequences. */
export interface StepNode {
  readonly id: string;
  readonly stage: Id;
  readonly step: number;
  /** The `…@maxSteps+1` node: steps ≥ maxSteps + 1 of any stage. */
  readonly overflow: boolean;
  readonly participantIds: readonly Id[];
}

/** A flow between consecutive steps; `value` counts participants (each passes at most once). */
export interface StepLink {
  readonly source: string;
  readonly target: string;
  readonly value: number;
  readonly participantIds: readonly Id[];
}

export interface StepGraph {
  readonly maxSteps: number;
  /** Every participant given, including those with no stage (they add no node). */
  readonly participantIds: readonly Id[];
  /** By step, then stage id; the overflow node last. */
  readonly nodes: readonly StepNode[];
  /** By (source step, source stage id, target stage id), ordinal: the row order of spec §4 example 3. */
  readonly links: readonly StepLink[];
}

/**
 * The "by step" unrolling of spec §2.7 for the step Sankey: each sequence becomes
 * `s₁@1 → s₂@2 → …`; steps ≥ maxSteps + 1 collapse into the single node `…@maxSteps+1`, and the
 * flows inside it are dropped. Every link goes from step k to step k + 1, so the result is acyclic
 * by construction — d3-sankey (and Mermaid's sankey-beta, built on it) rejects cycles.
 *
 * @example
 * unrollBySteps([{ participantId: 'P4', sequence: ['push', 'pull', 'push'] }]).links.map((l) => `${l.source} ${l.target}`)
 * // ['push@1 pull@2', 'pull@2 push@3']
 */
export function unrollBySteps(sequences: readonly ParticipantSequence[], maxSteps = 6): StepGraph {
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new PathwayGraphError('invalidMaxSteps', `maxSteps must be a positive integer, got ${maxSteps}`);
  const nodes = new Map<string, { stage: Id; step: number; overflow: boolean; participantIds: Id[] }>();
  const links = new Map<string, { source: string; target: string; sourceStep: number; sourceStage: Id; targetStage: Id; participantIds: Id[] }>();
  const participantIds = sequences.map((item) => item.participantId).sort(compareText);
  for (let i = 1; i < participantIds.length; i++) {
    if (participantIds[i] === participantIds[i - 1]) throw new PathwayGraphError('duplicateParticipant', `participant ${participantIds[i]} is given twice`);
  }
  // Sorted participants: the participant lists below come out sorted without a second pass.
  const ordered = [...sequences].sort((a, b) => compareText(a.participantId, b.participantId));
  for (const { participantId, sequence } of ordered) {
    let previous: { id: string; stage: Id; step: number } | null = null;
    for (let index = 0; index < sequence.length && index <= maxSteps; index++) {
      const overflow = index === maxSteps;
      const stage = overflow ? overflowStage : (sequence[index] as Id);
      const step = index + 1;
      const id = `${stage}@${step}`;
      const node = nodes.get(id) ?? { stage, step, overflow, participantIds: [] };
      nodes.set(id, node);
      node.participantIds.push(participantId);
      if (previous) {
        const key = JSON.stringify([previous.id, id]);
        const link = links.get(key) ?? { source: previous.id, target: id, sourceStep: previous.step, sourceStage: previous.stage, targetStage: stage, participantIds: [] };
        links.set(key, link);
        link.participantIds.push(participantId);
      }
      previous = { id, stage, step };
    }
  }
  return {
    maxSteps,
    participantIds,
    nodes: [...nodes.entries()]
      .map(([id, node]) => ({ id, ...node }))
      .sort((a, b) => a.step - b.step || Number(a.overflow) - Number(b.overflow) || compareText(a.stage, b.stage)),
    links: [...links.values()]
      .sort((a, b) => a.sourceStep - b.sourceStep || compareText(a.sourceStage, b.sourceStage) || compareText(a.targetStage, b.targetStage))
      .map((link) => ({ source: link.source, target: link.target, value: link.participantIds.length, participantIds: link.participantIds })),
  };
}
