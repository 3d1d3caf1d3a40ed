/** The codebook's fields in words (the codebook editor's labels), for history entries and reverts. */
export const codeFieldLabels: Readonly<Record<string, string>> = {
  name: 'Name',
  shortName: 'Short name',
  colour: 'Colour',
  parentId: 'Parent',
  order: 'Order',
  definition: 'Definition',
  inclusion: 'Use when',
  exclusion: 'Not when',
  examples: 'Examples',
  isStage: 'Stage code',
  stageOrder: 'Stage order',
  domain: 'Domain',
  createdAt: 'Created',
  createdBy: 'Created by',
};

/** The same fields inside a sentence ("the definition of Pull models"). */
const fieldPhrases: Readonly<Record<string, string>> = {
  name: 'name',
  shortName: 'short name',
  colour: 'colour',
  parentId: 'place in the tree',
  order: 'order',
  definition: 'definition',
  inclusion: '“use when” criteria',
  exclusion: '“not when” criteria',
  examples: 'examples',
  isStage: 'stage flag',
  stageOrder: 'stage order',
  domain: 'domain',
};

export function codeFieldLabel(field: string): string {
  return codeFieldLabels[field] ?? field;
}

export function codeFieldPhrase(field: string): string {
  return fieldPhrases[field] ?? field;
}

/**
 * A field's value as text: "(none)" for empty, code names for parents, "yes"/"no", lists joined.
 *
 * @example
 * formatCodeFieldValue('parentId', 'push', (id) => 'Push models') // 'Push models'
 * formatCodeFieldValue('examples', [], name) // '(none)'
 */
export function formatCodeFieldValue(field: string, value: unknown, codeName: (codeId: string) => string): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (field === 'parentId' && typeof value === 'string') return codeName(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(String).join(' · ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
