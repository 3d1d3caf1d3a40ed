import { describe, expect, it } from 'vitest';
import type { Code } from '../../../../shared/model/codebook.ts';
import { codeOptions } from './search-code-options.ts';

const code = (id: string, parentId: string | null, order: number): Code => ({ id, name: id[0]!.toUpperCase() + id.slice(1), shortName: id.slice(0, 3), colour: '#000000', parentId, order, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: '' });

describe('codeOptions', () => {
  it('lists the tree in order, each sub-code named with its parents', () => {
    const labels = codeOptions([code('push', 'support', 1), code('support', null, 1), code('pull', 'support', 2), code('early', 'push', 1), code('context', null, 2)]).map((o) => o.label);
    expect(labels).toEqual(['Support', 'Support › Push', 'Support › Push › Early', 'Support › Pull', 'Context']);
  });
});
