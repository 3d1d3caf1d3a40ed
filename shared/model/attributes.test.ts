import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../agreement/index.ts';
import { AttributeError, maxAttributeFields, maxAttributeRows, parseCsv, planAttributeImport, readAttributeTable, validateAttributeFields, validateAttributeValues } from './attributes.ts';

/** The parser as first written, a character at a time: the reference the linear one must match. */
function referenceParseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '');
  const header = source.split(/\r?\n/, 1)[0] ?? '';
  const separator = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) (row.push(cell), (cell = ''));
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new AttributeError('invalidCsv', 'a quoted cell is never closed');
  if (cell !== '' || row.length > 0) (row.push(cell), rows.push(row));
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

const outcome = (parse: (text: string) => string[][], text: string) => {
  try {
    return parse(text);
  } catch (error) {
    return (error as Error).message;
  }
};

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

  it('parses every seeded random text exactly as the character-at-a-time reference does', () => {
    const random = createSeededRandom(4180);
    const alphabet = ['a', 'b', ' ', ',', ';', '"', '\n', '\r', '\uFEFF', 'é'];
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: Math.floor(random() * 16) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(outcome(parseCsv, text), JSON.stringify(text)).toEqual(outcome(referenceParseCsv, text));
    }
  });

  it('refuses a table with more attribute columns than a project may have fields, or more rows than the limit', () => {
    const wide = `document,${Array.from({ length: maxAttributeFields + 1 }, (_, i) => `c${i}`).join(',')}\nP01\n`;
    expect(() => readAttributeTable(wide)).toThrow(expect.objectContaining({ reason: 'invalidField', message: expect.stringMatching(/51 attribute columns; a project has at most 50/) }));
    const long = `document,years\n${Array.from({ length: maxAttributeRows + 1 }, (_, i) => `P${i},1`).join('\n')}`;
    expect(() => readAttributeTable(long)).toThrow(expect.objectContaining({ reason: 'invalidCsv', message: expect.stringMatching(/10001 rows; at most 10000/) }));
    expect(readAttributeTable(`document,years\n${Array.from({ length: maxAttributeRows }, (_, i) => `P${i},1`).join('\n')}`).rows).toHaveLength(maxAttributeRows);
  });

  it('plans an import: new columns after the existing fields, rows matched by name, unmatched names listed', () => {
    const existing = [{ key: 'years', label: 'Years', type: 'number' as const }];
    const plan = planAttributeImport('Participant,Years,Role\n p01 ,12,coach\nP02,,nurse\nP09,1,coach\n', existing, [
      { id: 'd1', name: 'P01' },
      { id: 'd2', name: 'p02' },
    ]);
    expect(plan.fields).toEqual([...existing, { key: 'role', label: 'Role', type: 'category', options: ['coach', 'nurse'] }]);
    expect(plan.updates).toEqual([
      { documentId: 'd1', attributes: { years: 12, role: 'coach' } },
      { documentId: 'd2', attributes: { years: null, role: 'nurse' } },
    ]);
    expect(plan.unmatched).toEqual(['P09']);
  });

  it('refuses an import that would take the project past the field limit, counting the fields it has', () => {
    const existing = Array.from({ length: 45 }, (_, i) => ({ key: `f${i}`, label: `F${i}`, type: 'text' as const }));
    const csv = `document,${Array.from({ length: 6 }, (_, i) => `new ${i}`).join(',')}\nP01,a,b,c,d,e,f\n`;
    expect(() => planAttributeImport(csv, existing, [])).toThrow(/would have 51 attribute fields \(45 now, 6 new columns\)/);
    expect(planAttributeImport(csv, existing.slice(1), []).fields).toHaveLength(50);
  });

  it('lists every bad value and imports nothing when any row is wrong', () => {
    const fields = [{ key: 'years', label: 'Years', type: 'number' as const }];
    const documents = [1, 2, 3].map((n) => ({ id: `d${n}`, name: `P0${n}` }));
    expect(() => planAttributeImport('document,years\nP01,4\nP02,many\nP03,few\n', fields, documents)).toThrow(
      'Nothing was imported. P02: Years: "many" is not a number; P03: Years: "few" is not a number',
    );
  });
});
