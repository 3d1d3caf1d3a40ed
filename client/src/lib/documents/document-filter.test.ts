import { describe, expect, it } from 'vitest';
import type { DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField } from '../../../../shared/model/attributes.ts';
import { describeCount, describeValues, filterDocuments, isFiltering, noFilter, readDocumentFilter, valueChoices, writeDocumentFilter, type DocumentFilter } from './document-filter.ts';

const doc = (id: string, attributes: DocumentView['attributes']): DocumentView => ({ id, name: id.toUpperCase(), createdAt: '', length: 1, rooms: { text: `text:p:${id}` }, attributes });
const docs = [
  doc('d1', { role: 'Nurse', years: 12, site: 'Île-de-France' }),
  doc('d2', { role: 'Manager', years: 3 }),
  doc('d3', { role: 'Nurse', years: 3 }),
  doc('d4', { role: 'Other', years: 30, site: 'Ile-de-France' }),
  doc('d5', {}),
];
const fields: AttributeField[] = [
  { key: 'role', label: 'Role', type: 'category', options: ['Nurse', 'Manager', 'Other'] },
  { key: 'years', label: 'Years', type: 'number' },
  { key: 'site', label: 'Site', type: 'text' },
];
const sets = new Map([
  ['pilot', new Set(['d1', 'd2', 'd5'])],
  ['wave2', new Set(['d3'])],
]);
const filter = (setId: string | null, attributes: Record<string, string[]> = {}): DocumentFilter => ({ setId, attributes: new Map(Object.entries(attributes)) });
const ids = (f: DocumentFilter, context: { sets?: ReadonlyMap<string, ReadonlySet<string>> | null } = {}) =>
  filterDocuments(docs, f, { fields, sets: context.sets === undefined ? sets : context.sets }).map((d) => d.id);

describe('the documents table’s filter', () => {
  it('keeps every document when nothing is chosen', () => {
    expect(ids(noFilter)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    expect(isFiltering(noFilter)).toBe(false);
    expect(isFiltering(filter(null, { role: [] }))).toBe(false);
  });

  it('keeps documents with any of an attribute’s chosen values, and those matching every attribute chosen', () => {
    expect(ids(filter(null, { role: ['Nurse', 'Manager'] }))).toEqual(['d1', 'd2', 'd3']);
    expect(ids(filter(null, { role: ['Nurse'], years: ['3'] }))).toEqual(['d3']);
    // Numbers compare as numbers; "no value" is the empty value.
    expect(ids(filter(null, { years: ['3.0'] }))).toEqual(['d2', 'd3']);
    expect(ids(filter(null, { years: [''] }))).toEqual(['d5']);
    // Text whatever its case and accents, as the segments API compares it.
    expect(ids(filter(null, { site: ['ile-de-france'] }))).toEqual(['d1', 'd4']);
  });

  it('keeps the documents of a set, together with the attributes', () => {
    expect(ids(filter('pilot'))).toEqual(['d1', 'd2', 'd5']);
    expect(ids(filter('pilot', { role: ['Nurse', 'Other'] }))).toEqual(['d1']);
    // A set deleted since the link was made keeps nothing; while sets are loading the set is not applied yet.
    expect(ids(filter('gone'))).toEqual([]);
    expect(ids(filter('pilot'), { sets: null })).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
  });

  it('ignores an attribute the project no longer has', () => {
    expect(ids(filter(null, { removed: ['x'] }))).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
  });

  it('reads and writes the address, keeping its other parameters', () => {
    const search = new URLSearchParams('at=3-9&set=pilot&attr.role=Nurse&attr.role=Other&attr.years=&attr.role=Nurse&attr.=x');
    const read = readDocumentFilter(search);
    expect(read.setId).toBe('pilot');
    expect([...read.attributes]).toEqual([
      ['role', ['Nurse', 'Other']],
      ['years', ['']],
    ]);
    expect(writeDocumentFilter(read, search).toString()).toBe('at=3-9&set=pilot&attr.role=Nurse&attr.role=Other&attr.years=');
    expect(writeDocumentFilter(noFilter, search).toString()).toBe('at=3-9');
    // Values with spaces, ampersands and accents survive the round trip.
    const odd = filter(null, { site: ['Île & co'] });
    expect([...readDocumentFilter(writeDocumentFilter(odd, new URLSearchParams())).attributes]).toEqual([['site', ['Île & co']]]);
  });

  it('offers each value with its count, no value last, as the address writes them', () => {
    expect(valueChoices(fields[1]!, docs)).toEqual([
      { value: '3', label: '3', count: 2 },
      { value: '12', label: '12', count: 1 },
      { value: '30', label: '30', count: 1 },
      { value: '', label: 'No value', count: 1 },
    ]);
    expect(valueChoices(fields[0]!, docs).map((c) => c.value)).toEqual(['Nurse', 'Manager', 'Other', '']);
  });

  it('says how many documents are shown, and which values', () => {
    expect(describeCount(12, 17)).toBe('12 of 17 documents');
    expect(describeCount(17, 17)).toBe('17 documents');
    expect(describeCount(0, 1)).toBe('0 of 1 document');
    expect(describeValues(['Nurse', 'Manager', ''])).toBe('Nurse, Manager or no value');
    expect(describeValues(['Nurse'])).toBe('Nurse');
  });
});
