import type { Code } from '../../../../shared/model/codebook.ts';

/** What the "New code" dialog asks for; the rest of a code is filled in later in the editor. */
export interface NewCodeFields {
  readonly name: string;
  readonly shortName: string;
  readonly colour: string;
  readonly parentId: string | null;
  readonly definition: string;
}

/**
 * The code the "New code" dialog writes when it is saved — and only then, so nobody's codebook
 * ever holds a half-made code: last among its siblings, in its parent's domain.
 *
 * @example
 * newCode({ name: 'Trust', shortName: 'TR', colour: '#0072B2', parentId: null, definition: '' }, codes, { id: 'c9', userId: 'u1', now: new Date() })
 */
export function newCode(fields: NewCodeFields, codes: readonly Code[], made: { readonly id: string; readonly userId: string; readonly now: Date }): Code {
  const parent = fields.parentId === null ? undefined : codes.find((c) => c.id === fields.parentId);
  const parentId = parent ? parent.id : null;
  const siblings = codes.filter((c) => c.parentId === parentId);
  return {
    id: made.id,
    name: fields.name.trim(),
    shortName: fields.shortName.trim(),
    colour: fields.colour,
    parentId,
    order: Math.max(0, ...siblings.map((c) => c.order)) + 1,
    definition: fields.definition.trim(),
    inclusion: '',
    exclusion: '',
    examples: [],
    isStage: false,
    stageOrder: null,
    domain: parent?.domain ?? null,
    createdAt: made.now.toISOString(),
    createdBy: made.userId,
  };
}
