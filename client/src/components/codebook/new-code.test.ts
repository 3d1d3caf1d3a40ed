import { describe, expect, it } from 'vitest';
import type { Code } from '../../../../shared/model/codebook.ts';
import { newCode } from './new-code.ts';

const code = (id: string, parentId: string | null, order: number, domain: string | null = null): Code => ({
  id, name: id, shortName: '', colour: '#0072B2', parentId, order, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain, createdAt: '', createdBy: 'u0',
});
const made = { id: 'new', userId: 'u1', now: new Date('2026-03-01T10:00:00Z') };

describe('a code made in the New code dialog', () => {
  it('comes last among its siblings, in its parent’s domain, with the fields as typed (trimmed)', () => {
    const codes = [code('support', null, 1, 'Support model'), code('push', 'support', 1), code('pull', 'support', 4), code('other', null, 2)];
    expect(newCode({ name: '  Co-creation ', shortName: ' CO ', colour: '#009E73', parentId: 'support', definition: ' Joint work. ' }, codes, made)).toEqual({
      ...code('new', 'support', 5, 'Support model'),
      name: 'Co-creation',
      shortName: 'CO',
      colour: '#009E73',
      definition: 'Joint work.',
      createdAt: '2026-03-01T10:00:00.000Z',
      createdBy: 'u1',
    });
  });

  it('goes to the top level when its parent has gone meanwhile', () => {
    const made2 = newCode({ name: 'Trust', shortName: '', colour: '#0072B2', parentId: 'deleted', definition: '' }, [code('a', null, 3)], made);
    expect([made2.parentId, made2.order, made2.domain]).toEqual([null, 4, null]);
  });
});
