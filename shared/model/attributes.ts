/**
 * Participant attributes: typed fields per project (role, sector, years of experience …) and a
 * value per document. Pure: validation and CSV reading are used by the server and the client.
 */
export const AttributeType = { text: 'text', number: 'number', category: 'category' } as const;
export type AttributeType = (typeof AttributeType)[keyof typeof AttributeType];

export interface AttributeField {
  /** Stable key used in values; letters, digits, `_` and `-`. */
  readonly key: string;
  readonly label: string;
  readonly type: AttributeType;
  /** The allowed values of a category field, in display order. */
  readonly options?: readonly string[];
}

export type AttributeValue = string | number | null;
export type AttributeValues = Readonly<Record<string, AttributeValue>>;

export class AttributeError extends Error {
  constructor(readonly reason: 'invalidField' | 'invalidValue' | 'invalidCsv', message: string) {
    super(message);
    this.name = 'AttributeError';
  }
}

/** Most attribute fields a project may have (its field list is stored with, and sent with, the project). */
export const maxAttributeFields = 50;
/** Most data rows an attribute table may have: one per participant or document. */
export const maxAttributeRows = 10_000;
/** Largest attribute table accepted, in bytes (UTF-8). */
export const maxAttributeTableBytes = 4 * 1024 * 1024;

const keyPattern = /^[A-Za-z0-9_-]{1,40}$/;

/** Checks a field list: unique keys, labels, known types, options for categories. */
export function validateAttributeFields(fields: unknown): AttributeField[] {
  if (!Array.isArray(fields)) throw new AttributeError('invalidField', 'fields must be a list');
  if (fields.length > maxAttributeFields) throw new AttributeError('invalidField', `at most ${maxAttributeFields} attribute fields`);
  const seen = new Set<string>();
  return fields.map((raw, i): AttributeField => {
    const f = raw as Partial<AttributeField> | null;
    if (!f || typeof f.key !== 'string' || !keyPattern.test(f.key)) throw new AttributeError('invalidField', `field ${i + 1}: key must be 1–40 letters, digits, _ or -`);
    if (seen.has(f.key)) throw new AttributeError('invalidField', `field key "${f.key}" is used twice`);
    seen.add(f.key);
    if (typeof f.label !== 'string' || f.label.trim() === '' || f.label.length > 80) throw new AttributeError('invalidField', `field "${f.key}": label must be 1–80 characters`);
    if (!(f.type === 'text' || f.type === 'number' || f.type === 'category')) throw new AttributeError('invalidField', `field "${f.key}": type must be text, number or category`);
    if (f.type !== 'category') return { key: f.key, label: f.label.trim(), type: f.type };
    const options = f.options;
    if (!Array.isArray(options) || options.length === 0 || options.some((o) => typeof o !== 'string' || o.trim() === '')) {
      throw new AttributeError('invalidField', `field "${f.key}": a category needs a list of option names`);
    }
    return { key: f.key, label: f.label.trim(), type: 'category', options: [...new Set(options.map((o) => o.trim()))] };
  });
}

/**
 * Checks values against the fields: unknown keys are refused, numbers must be finite, categories
 * one of their options, empty strings become null (not recorded).
 *
 * @example
 * validateAttributeValues([{ key: 'years', label: 'Years', type: 'number' }], { years: '12' }) // { years: 12 }
 */
export function validateAttributeValues(fields: readonly AttributeField[], values: unknown): Record<string, AttributeValue> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new AttributeError('invalidValue', 'attributes must be an object of field → value');
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: Record<string, AttributeValue> = {};
  for (const [key, raw] of Object.entries(values as Record<string, unknown>)) {
    const field = byKey.get(key);
    if (!field) throw new AttributeError('invalidValue', `"${key}" is not an attribute of this project`);
    out[key] = coerce(field, raw);
  }
  return out;
}

function coerce(field: AttributeField, raw: unknown): AttributeValue {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null;
  if (field.type === 'number') {
    const n = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(',', '.'));
    if (!Number.isFinite(n)) throw new AttributeError('invalidValue', `${field.label}: "${String(raw)}" is not a number`);
    return n;
  }
  const text = String(raw).trim();
  if (text.length > 500) throw new AttributeError('invalidValue', `${field.label}: at most 500 characters`);
  if (field.type === 'category' && !field.options?.includes(text)) {
    throw new AttributeError('invalidValue', `${field.label}: "${text}" is not one of ${field.options?.join(', ')}`);
  }
  return text;
}

const quote = 0x22;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * Splits CSV text into rows (RFC 4180 quoting; comma or semicolon separated, detected from the
 * header). Linear: plain stretches of a cell are sliced out whole, never built a character at a time.
 *
 * @example
 * parseCsv('a;b\n1;"x;y"') // [['a', 'b'], ['1', 'x;y']]
 */
export function parseCsv(text: string): string[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstBreak = source.indexOf('\n');
  const header = firstBreak === -1 ? source : source.slice(0, firstBreak);
  const separator = count(header, ';') > count(header, ',') ? ';' : ',';
  const separatorCode = separator.charCodeAt(0);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    let j = i;
    for (; j < n; j++) {
      const c = source.charCodeAt(j);
      if (c === separatorCode || c === quote || c === lineFeed || c === carriageReturn) break;
    }
    if (j > i) cell += source.slice(i, j);
    if (j === n) break;
    const c = source.charCodeAt(j);
    if (c === quote) {
      // A quote opens a quoted stretch only at the start of a cell; anywhere else it is a character.
      if (cell !== '') {
        cell += '"';
        i = j + 1;
        continue;
      }
      let from = j + 1;
      for (;;) {
        const close = source.indexOf('"', from);
        if (close === -1) throw new AttributeError('invalidCsv', 'a quoted cell is never closed');
        cell += source.slice(from, close);
        if (source.charCodeAt(close + 1) !== quote) {
          i = close + 1;
          break;
        }
        cell += '"';
        from = close + 2;
      }
    } else if (c === separatorCode) {
      row.push(cell);
      cell = '';
      i = j + 1;
    } else {
      i = c === carriageReturn && source.charCodeAt(j + 1) === lineFeed ? j + 2 : j + 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    }
  }
  if (cell !== '' || row.length > 0) (row.push(cell), rows.push(row));
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export interface AttributeTable {
  readonly fields: AttributeField[];
  /** One entry per data row: the document name in the first column and its values. */
  readonly rows: { readonly document: string; readonly values: Record<string, AttributeValue> }[];
}

/**
 * Reads a participant-attribute table: first column the document (or participant) name, one column
 * per attribute. Types are inferred: all numbers → number; few distinct repeated values → category;
 * otherwise text. A table with more attribute columns than a project may have fields, or more than
 * `maxAttributeRows` rows, is refused before any per-cell work (columns × rows is what a wide table
 * with many short rows would otherwise cost).
 *
 * @example
 * readAttributeTable('document,role,years\nP01,coach,12\nP02,manager,3').fields
 * // [{ key: 'role', label: 'role', type: 'category', … }, { key: 'years', label: 'years', type: 'number' }]
 */
export function readAttributeTable(csv: string): AttributeTable {
  const [header, ...data] = parseCsv(csv);
  if (!header || header.length < 2) throw new AttributeError('invalidCsv', 'the first row must name the document column and at least one attribute');
  if (header.length - 1 > maxAttributeFields) {
    throw new AttributeError('invalidField', `the table has ${header.length - 1} attribute columns; a project has at most ${maxAttributeFields} attribute fields`);
  }
  if (data.length === 0) throw new AttributeError('invalidCsv', 'the table has a header but no rows');
  if (data.length > maxAttributeRows) throw new AttributeError('invalidCsv', `the table has ${data.length} rows; at most ${maxAttributeRows} are imported at once`);
  const used = new Set<string>();
  const fields = header.slice(1).map((label, column): AttributeField => {
    const cells = data.map((r) => (r[column + 1] ?? '').trim()).filter((c) => c !== '');
    let key = label.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || `field_${column + 1}`;
    while (used.has(key)) key = `${key}_${column + 1}`.slice(-40);
    used.add(key);
    const name = label.trim() || key;
    if (cells.length > 0 && cells.every((c) => Number.isFinite(Number(c.replace(',', '.'))))) return { key, label: name, type: 'number' };
    const distinct = [...new Set(cells)];
    if (distinct.length > 0 && distinct.length <= 12 && distinct.length < cells.length) return { key, label: name, type: 'category', options: distinct.sort() };
    return { key, label: name, type: 'text' };
  });
  const rows = data.map((r) => ({
    document: (r[0] ?? '').trim(),
    values: Object.fromEntries(fields.map((f, column) => [f.key, coerce(f, r[column + 1])])),
  }));
  return { fields, rows };
}

/** What importing an attribute table would change: applied in one transaction, or not at all. */
export interface AttributeImport {
  /** The project's field list after the import: its fields, then the table's new columns. */
  readonly fields: AttributeField[];
  /** Values per matched document (a null value clears that attribute). */
  readonly updates: { readonly documentId: string; readonly attributes: Record<string, AttributeValue> }[];
  /** Names in the table that match no document. */
  readonly unmatched: string[];
}

/**
 * Plans the import of an attribute table into a project: new columns become fields (existing
 * fields keep their type), rows are matched to documents by name (trimmed, case-insensitive), and
 * every value is checked against its field. Throws an `AttributeError` — and so nothing is
 * imported — when the resulting field list would pass `maxAttributeFields` or any value is wrong.
 *
 * @example
 * planAttributeImport('document,years\nP01,12', [], [{ id: 'd1', name: 'P01' }]).updates // [{ documentId: 'd1', attributes: { years: 12 } }]
 */
export function planAttributeImport(csv: string, existing: readonly AttributeField[], documents: readonly { readonly id: string; readonly name: string }[]): AttributeImport {
  const table = readAttributeTable(csv);
  const known = new Set(existing.map((f) => f.key));
  const fields = [...existing, ...table.fields.filter((f) => !known.has(f.key))];
  if (fields.length > maxAttributeFields) {
    throw new AttributeError(
      'invalidField',
      `Nothing was imported: the project would have ${fields.length} attribute fields (${existing.length} now, ${fields.length - existing.length} new columns); a project has at most ${maxAttributeFields}`,
    );
  }
  const byName = new Map(documents.map((d) => [d.name.trim().toLowerCase(), d]));
  const unmatched: string[] = [];
  const problems: string[] = [];
  const updates: { documentId: string; attributes: Record<string, AttributeValue> }[] = [];
  for (const row of table.rows) {
    const document = byName.get(row.document.toLowerCase());
    if (!document) {
      unmatched.push(row.document);
      continue;
    }
    try {
      updates.push({ documentId: document.id, attributes: validateAttributeValues(fields, row.values) });
    } catch (error) {
      if (!(error instanceof AttributeError)) throw error;
      problems.push(`${row.document}: ${error.message}`);
    }
  }
  // All or nothing: a table with a bad value changes no document.
  if (problems.length > 0) {
    throw new AttributeError('invalidValue', `Nothing was imported. ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
  }
  return { fields, updates, unmatched };
}
