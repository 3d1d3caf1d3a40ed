import { describe, expect, it } from 'vitest';
import { AttributeError, parseCsv, readAttributeTable, validateAttributeFields, validateAttributeValues } from './attributes.ts';

describe('participant attributes', () => {
  it('reads a CSV with quoting and infers number, category and text fields', () => {
    const table = readAttributeTable('Document,Role,Years of experience,Notes\nP01,coach,12,"said ""push"", then pull"\nP02,manager,3,\nP03,coach,7.5,late joiner\n');
    expect(table.fields).toEqual([
      { key: 'role', label: 'Role', type: 'category', options: ['coach', 'manager'] },
      { key: 'years_of_experience', label: 'Years of experience', type: 'number' },
      { key: 'notes', label: 'Notes', type: 'text' },
    ]);
    expect(table.rows[0]).toEqual({ document: 'P01', values: { role: 'coach', years_of_experience: 12, notes: 'said "push", then pull' } });
    expect(table.rows[1]!.values.notes).toBeNull();
  });

  it('accepts semicolon-separated files (spreadsheet exports in many locales)', () => {
    expect(parseCsv('a;b\n1;"x;y"')).toEqual([['a', 'b'], ['1', 'x;y']]);
  });

  it('refuses values that do not fit their field, naming the field', () => {
    const fields = validateAttributeFields([{ key: 'years', label: 'Years', type: 'number' }, { key: 'sector', label: 'Sector', type: 'category', options: ['health', 'education'] }]);
    expect(validateAttributeValues(fields, { years: '4', sector: 'health' })).toEqual({ years: 4, sector: 'health' });
    expect(() => validateAttributeValues(fields, { years: 'many' })).toThrow(/Years: "many" is not a number/);
    expect(() => validateAttributeValues(fields, { sector: 'justice' })).toThrow(AttributeError);
    expect(() => validateAttributeValues(fields, { age: 40 })).toThrow(/not an attribute/);
  });

  it('refuses duplicate keys and categories without options', () => {
    expect(() => validateAttributeFields([{ key: 'a', label: 'A', type: 'text' }, { key: 'a', label: 'B', type: 'text' }])).toThrow(/used twice/);
    expect(() => validateAttributeFields([{ key: 'c', label: 'C', type: 'category', options: [] }])).toThrow(/option/);
  });
});
