import { describe, expect, it } from 'vitest';
import type { Code } from '../model/codebook.ts';
import { stageSetOfCodebook } from './codebook-stage-set.ts';

const code = (id: string, name: string, extra: Partial<Code> = {}): Code => ({ id, name, shortName: id, colour: '#E69F00', parentId: null, order: 0, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: '', ...extra });

describe('stageSetOfCodebook', () => {
  it('takes the stage codes in stage order, labelled and coloured as in the codebook, with the hierarchy', () => {
    const { stageSet, parents } = stageSetOfCodebook([
      code('cc', 'Co-creation', { isStage: true, stageOrder: 3, colour: '#009E73' }),
      code('pu', 'Push', { isStage: true, stageOrder: 1 }),
      code('pt', 'Push: training', { parentId: 'pu' }),
      code('pl', 'Pull', { isStage: true, stageOrder: 2 }),
      code('b', 'Barriers'),
      code('x', 'Unordered stage', { isStage: true }),
    ]);
    expect(stageSet.stages).toEqual([
      { codeId: 'pu', label: 'Push', order: 1, color: '#E69F00' },
      { codeId: 'pl', label: 'Pull', order: 2, color: '#E69F00' },
      { codeId: 'cc', label: 'Co-creation', order: 3, color: '#009E73' },
      { codeId: 'x', label: 'Unordered stage', order: 4, color: '#E69F00' },
    ]);
    expect(stageSet.includeDescendants).toBe(true);
    expect(parents).toMatchObject({ pt: 'pu', pu: null, b: null });
  });
});
