import type { SegmentFilter } from './segments-filter.ts';

/** One condition of a filter, in words, with the filter it leaves when removed. */
export interface FilterChip {
  readonly key: string;
  readonly label: string;
  readonly without: SegmentFilter;
}

export interface ChipNames {
  codeName(id: string): string;
  coderName(id: string): string;
  documentName(id: string): string;
  fieldLabel(key: string): string;
}

/**
 * The filter's conditions as removable chips, in the order of the filter panel.
 *
 * @example
 * filterChips({ ...emptySegmentFilter, codeIds: ['cost'], q: 'county' }, names).map((c) => c.label) // ['Cost', 'Memo: “county”']
 */
export function filterChips(filter: SegmentFilter, names: ChipNames): FilterChip[] {
  const chips: FilterChip[] = [];
  const sub = filter.includeSubcodes ? ' and sub-codes' : '';
  for (const id of filter.codeIds) chips.push({ key: `code:${id}`, label: `${names.codeName(id)}${sub}`, without: { ...filter, codeIds: filter.codeIds.filter((x) => x !== id) } });
  for (const id of filter.userIds) chips.push({ key: `coder:${id}`, label: `Coder: ${names.coderName(id)}`, without: { ...filter, userIds: filter.userIds.filter((x) => x !== id) } });
  if (filter.q.trim()) chips.push({ key: 'q', label: `Memo: “${filter.q.trim()}”`, without: { ...filter, q: '' } });
  for (const id of filter.documentIds) chips.push({ key: `document:${id}`, label: names.documentName(id), without: { ...filter, documentIds: filter.documentIds.filter((x) => x !== id) } });
  for (const [key, values] of Object.entries(filter.attributes)) {
    const attributes = { ...filter.attributes };
    delete attributes[key];
    chips.push({ key: `attr:${key}`, label: `${names.fieldLabel(key)}: ${values.join(' or ')}`, without: { ...filter, attributes } });
  }
  if (filter.from || filter.to) {
    const label = filter.from && filter.to ? `Coded ${filter.from} to ${filter.to}` : filter.from ? `Coded from ${filter.from}` : `Coded until ${filter.to}`;
    chips.push({ key: 'dates', label, without: { ...filter, from: '', to: '' } });
  }
  if (filter.cooccursWith) {
    const how = filter.cooccurrence === 'unit' ? 'in the same turn as' : 'overlapping';
    const whose = filter.cooccurrenceBy === 'same' ? ' (same coder)' : '';
    chips.push({ key: 'cooccurs', label: `${how[0]!.toUpperCase()}${how.slice(1)} ${names.codeName(filter.cooccursWith)}${whose}`, without: { ...filter, cooccursWith: '', cooccurrence: 'overlap', cooccurrenceBy: 'any' } });
  }
  return chips;
}
