import type { DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField, AttributeValue } from '../../../../shared/model/attributes.ts';

/** One value of an attribute field as the dialog offers it: `key` identifies it in a `<select>`. */
export interface AttributeChoice {
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

/** The `<select>` key of a value: `none` for a document without one, so it never collides with a real value. */
export function valueKey(value: AttributeValue | undefined): string {
  if (value === null || value === undefined || value === '') return 'none';
  return `${typeof value === 'number' ? 'n' : 's'}:${value}`;
}

/**
 * The values `field` takes across the documents, with how many documents have each: a
 * category's options in their order, numbers ascending, text alphabetically, then "No value".
 *
 * @example
 * attributeChoices(role, docs) // [{ key: 's:Nurse', label: 'Nurse', count: 6 }, …, { key: 'none', label: 'No value', count: 1 }]
 */
export function attributeChoices(field: AttributeField, documents: readonly DocumentView[]): AttributeChoice[] {
  const counts = new Map<string, { value: AttributeValue; count: number }>();
  for (const document of documents) {
    const value = document.attributes[field.key] ?? null;
    const key = valueKey(value);
    const entry = counts.get(key) ?? { value: key === 'none' ? null : value, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const options = field.options ?? [];
  const rank = (value: AttributeValue) => (typeof value === 'string' && options.includes(value) ? options.indexOf(value) : options.length);
  const present = [...counts.entries()].filter(([key]) => key !== 'none');
  present.sort(([, a], [, b]) => {
    const byOption = rank(a.value) - rank(b.value);
    if (byOption !== 0) return byOption;
    if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
    return String(a.value).localeCompare(String(b.value), undefined, { numeric: true });
  });
  const choices = present.map(([key, { value, count }]) => ({ key, label: String(value), count }));
  const none = counts.get('none');
  if (none) choices.push({ key: 'none', label: 'No value', count: none.count });
  return choices;
}

/** The documents whose `field` has the value `key` (from `valueKey`), in the order given. */
export function documentsWithValue(documents: readonly DocumentView[], field: AttributeField, key: string): DocumentView[] {
  return documents.filter((d) => valueKey(d.attributes[field.key]) === key);
}
