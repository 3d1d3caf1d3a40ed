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

const keyPattern = /^[A-Za-z0-9_-]{1,40}$/;

/** Checks a field list: unique keys, labels, known types, options for categories. */
export function validateAttributeFields(fields: unknown): AttributeField[] {
  if (!Array.isArray(fields)) throw new AttributeError('invalidField', 'fields must be a list');
  if (fields.length > 50) throw new AttributeError('invalidField', 'at most 50 attribute fields');
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

/** Splits CSV text into rows (RFC 4180 quoting; comma or semicolon separated, detected from the header). */
export function parseCsv(text: string): string[][] {
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

export interface AttributeTable {
  readonly fields: AttributeField[];
  /** One entry per data row: the document name in the first column and its values. */
  readonly rows: { readonly document: string; readonly values: Record<string, AttributeValue> }[];
}

/**
 * Reads a participant-attribute table: first column the document (or participant) name, one column
 * per attribute. Types are inferred: all numbers → number; few distinct repeated values → category;
 * otherwise text.
 *
 * @example
 * readAttributeTable('document,role,years\nP01,coach,12\nP02,manager,3').fields
 * // [{ key: 'role', label: 'role', type: 'category', … }, { key: 'years', label: 'years', type: 'number' }]
 */
export function readAttributeTable(csv: string): AttributeTable {
  const [header, ...data] = parseCsv(csv);
  if (!header || header.length < 2) throw new AttributeError('invalidCsv', 'the first row must name the document column and at least one attribute');
  if (data.length === 0) throw new AttributeError('invalidCsv', 'the table has a header but no rows');
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
