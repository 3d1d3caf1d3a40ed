import type { DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField, AttributeValue } from '../../../../shared/model/attributes.ts';
import { attributeChoices } from '../assignments/document-choice.ts';

/**
 * Which documents the documents table shows: those in one set, and whose attributes have one of
 * the chosen values (any of the values of one attribute; every attribute chosen). Kept in the
 * address as `?set=<setId>&attr.<key>=<value>` — the names the segments API uses for attributes —
 * so a filtered table can be linked to and survives a reload. An empty value (`attr.role=`) stands
 * for documents without one.
 */
export interface DocumentFilter {
  readonly setId: string | null;
  /** Attribute key → the values accepted, as written in the address. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

export const noFilter: DocumentFilter = { setId: null, attributes: new Map() };

const attributePrefix = 'attr.';

/** The filter an address holds; other parameters are ignored. */
export function readDocumentFilter(search: URLSearchParams): DocumentFilter {
  const attributes = new Map<string, string[]>();
  for (const [name, value] of search) {
    if (!name.startsWith(attributePrefix) || name.length === attributePrefix.length) continue;
    const key = name.slice(attributePrefix.length);
    const values = attributes.get(key) ?? [];
    if (!values.includes(value)) values.push(value);
    attributes.set(key, values);
  }
  return { setId: search.get('set') || null, attributes };
}

/**
 * The address's parameters with the filter written in, every other parameter kept.
 *
 * @example
 * writeDocumentFilter({ setId: 's1', attributes: new Map([['role', ['Nurse', 'Teacher']]]) }, new URLSearchParams('tab=x')).toString()
 * // 'tab=x&set=s1&attr.role=Nurse&attr.role=Teacher'
 */
export function writeDocumentFilter(filter: DocumentFilter, search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const [name, value] of search) if (name !== 'set' && !name.startsWith(attributePrefix)) next.append(name, value);
  if (filter.setId) next.set('set', filter.setId);
  for (const [key, values] of filter.attributes) for (const value of values) next.append(`${attributePrefix}${key}`, value);
  return next;
}

export function isFiltering(filter: DocumentFilter): boolean {
  return filter.setId !== null || [...filter.attributes.values()].some((values) => values.length > 0);
}

/** A value as the address writes it: numbers as digits, no value as ''. */
export function valueParam(value: AttributeValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Text compared as the segments API compares it: whatever its case and accents. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
}

/** Whether a document's value is the address's `wanted` value (numbers as numbers, text whatever its case and accents). */
export function valueMatches(field: AttributeField, value: AttributeValue | undefined, wanted: string): boolean {
  const present = value !== null && value !== undefined && value !== '';
  if (wanted === '') return !present;
  if (!present) return false;
  if (field.type === 'number') return typeof value === 'number' && Number(wanted) === value;
  return fold(String(value)) === fold(wanted);
}

/** What the filter needs to know about the project: its fields, and each set's documents (null while sets are loading). */
export interface FilterContext {
  readonly fields: readonly AttributeField[];
  readonly sets: ReadonlyMap<string, ReadonlySet<string>> | null;
}

/**
 * The documents the filter keeps, in the order given. An attribute the project no longer has
 * filters nothing; a set that does not exist (deleted since the link was made) keeps nothing.
 */
export function filterDocuments(documents: readonly DocumentView[], filter: DocumentFilter, context: FilterContext): DocumentView[] {
  const fields = new Map(context.fields.map((f) => [f.key, f]));
  const conditions = [...filter.attributes].flatMap(([key, values]) => {
    const field = fields.get(key);
    return field && values.length > 0 ? [{ field, values }] : [];
  });
  const members = filter.setId !== null && context.sets ? (context.sets.get(filter.setId) ?? new Set<string>()) : null;
  return documents.filter(
    (d) => (members === null || members.has(d.id)) && conditions.every(({ field, values }) => values.some((wanted) => valueMatches(field, d.attributes[field.key], wanted))),
  );
}

/** One value an attribute filter offers: as the address writes it, as shown, and how many documents have it. */
export interface ValueChoice {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

/**
 * The values `field` takes across the documents (the assignment dialog's choices: a category's
 * options in order, numbers ascending, text alphabetically, then "No value"), each with its count.
 */
export function valueChoices(field: AttributeField, documents: readonly DocumentView[]): ValueChoice[] {
  return attributeChoices(field, documents).map((choice) => ({ value: choice.key === 'none' ? '' : choice.key.slice(2), label: choice.label, count: choice.count }));
}

/**
 * "12 of 17 documents", or "17 documents" when nothing is filtered out.
 *
 * @example
 * describeCount(1, 17) // '1 of 17 documents'
 */
export function describeCount(shown: number, total: number): string {
  const noun = total === 1 ? 'document' : 'documents';
  return shown === total ? `${total.toLocaleString('en')} ${noun}` : `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} ${noun}`;
}

/** The values of one attribute filter in words: "Nurse or Teacher", "no value". */
export function describeValues(values: readonly string[]): string {
  const words = values.map((v) => (v === '' ? 'no value' : v));
  return words.length <= 1 ? (words[0] ?? 'any') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
