import { describe, expect, it } from 'vitest';
import type { DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField } from '../../../../shared/model/attributes.ts';
import { attributeChoices, documentsWithValue, valueKey } from './document-choice.ts';

const doc = (id: string, attributes: DocumentView['attributes']): DocumentView => ({ id, name: id, createdAt: '', length: 1, rooms: { text: `text:p:${id}` }, attributes });
const docs = [doc('d1', { role: 'Nurse', years: 12 }), doc('d2', { role: 'Manager', years: 3 }), doc('d3', { role: 'Nurse' }), doc('d4', { role: 'Other', years: 30 })];

describe('choosing documents by attribute', () => {
  it('offers a category’s options in order, then other values, then “No value”, with counts', () => {
    const role: AttributeField = { key: 'role', label: 'Role', type: 'category', options: ['Nurse', 'Manager'] };
    expect(attributeChoices(role, [...docs, doc('d5', {})])).toEqual([
      { key: 's:Nurse', label: 'Nurse', count: 2 },
      { key: 's:Manager', label: 'Manager', count: 1 },
      { key: 's:Other', label: 'Other', count: 1 },
      { key: 'none', label: 'No value', count: 1 },
    ]);
  });

  it('orders numbers as numbers and finds the documents with one value', () => {
    const years: AttributeField = { key: 'years', label: 'Years', type: 'number' };
    expect(attributeChoices(years, docs).map((c) => c.label)).toEqual(['3', '12', '30', 'No value']);
    expect(documentsWithValue(docs, years, valueKey(12)).map((d) => d.id)).toEqual(['d1']);
    expect(documentsWithValue(docs, years, 'none').map((d) => d.id)).toEqual(['d3']);
  });
});
