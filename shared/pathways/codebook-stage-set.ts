import type { Code } from '../model/codebook.ts';
import type { Id, StageSet } from './types.ts';

/** The id of the stage set every project has: its codebook's stage codes. */
export const codebookStageSetId = 'stages';

/**
 * The stage set a codebook defines (spec §2.1): its stage codes in `stageOrder` (then name, then
 * id, so equal orders stay deterministic), each labelled and coloured as in the codebook, with
 * sub-codes counted as their stage; and the hierarchy that maps them.
 *
 * @example
 * stageSetOfCodebook(codes).stageSet.stages.map((s) => s.codeId) // ['push', 'pull', 'cocreation']
 */
export function stageSetOfCodebook(codes: readonly Code[]): { stageSet: StageSet; parents: Record<Id, Id | null> } {
  const stages = codes
    .filter((c) => c.isStage)
    .sort((a, b) => (a.stageOrder ?? Number.MAX_SAFE_INTEGER) - (b.stageOrder ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c, i) => ({ codeId: c.id, label: c.name, order: i + 1, color: c.colour }));
  const parents: Record<Id, Id | null> = {};
  for (const code of codes) parents[code.id] = code.parentId;
  return { stageSet: { id: codebookStageSetId, name: 'Stage codes', stages, includeDescendants: true }, parents };
}
