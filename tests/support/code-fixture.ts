import type { Code } from '../../shared/model/codebook.ts';

/**
 * A codebook entry for tests: a plain, top-level, non-stage code named after its id unless the
 * overrides say otherwise (a short name of its name's first three letters, blue, order 0).
 *
 * @example
 * codeFixture('push', { name: 'Push', isStage: true, stageOrder: 1 })
 */
export function codeFixture(id: string, overrides: Partial<Code> = {}): Code {
  const name = overrides.name ?? id;
  return {
    id,
    name,
    shortName: name.slice(0, 3),
    colour: '#0072B2',
    parentId: null,
    order: 0,
    definition: '',
    inclusion: '',
    exclusion: '',
    examples: [],
    isStage: false,
    stageOrder: null,
    domain: null,
    createdAt: '',
    createdBy: '',
    ...overrides,
  };
}
