import { writeCsv, type CsvValue } from './csv-writer.ts';

/**
 * The "codings table" export (docs/refi.md, "Other exports"): one row per coding of every coder's
 * layer and the consensus, for R, Stata, pandas or Excel. The CSV and the XLSX hold the same
 * columns, in the same order, from the same rows.
 */

/** One coding, its names resolved. */
export interface CodingsRow {
  readonly document: string;
  /** Values of the project's attribute fields, in the order of `CodingsTable.attributeLabels`. */
  readonly attributes: readonly (string | number | null)[];
  /** The code's place in the codebook: "Parent / Child". */
  readonly codePath: string;
  /** The coder's name, or "Consensus". */
  readonly coder: string;
  /**
   * Offsets into the document's transcript in UTF-16 code units, as Accord's editor and API count
   * them: `start` is 0-based, `end` exclusive, so `text` is `transcript.slice(start, end)` in
   * JavaScript and `MID(transcript, start + 1, end - start)` in Excel. R's `substr` and Python count
   * code points instead; the two differ only after an emoji or another character beyond U+FFFF.
   */
  readonly start: number;
  readonly end: number;
  /** The coded passage. */
  readonly text: string;
  /** The coding memo ('' when none). */
  readonly memo: string;
  /** ISO 8601 times in UTC; null for a coding stored without one. */
  readonly created: string | null;
  readonly modified: string | null;
}

export interface CodingsTable {
  /** The project's attribute fields by label, in field order: one column each, after `document`. */
  readonly attributeLabels: readonly string[];
  readonly rows: readonly CodingsRow[];
}

/** What a column holds, so a workbook can size and type it. */
export type CodingsColumnKind = 'name' | 'attribute' | 'offset' | 'passage' | 'time';

export interface CodingsColumn {
  readonly header: string;
  readonly kind: CodingsColumnKind;
}

const fixedAfterAttributes: readonly CodingsColumn[] = [
  { header: 'code path', kind: 'name' },
  { header: 'coder', kind: 'name' },
  { header: 'start', kind: 'offset' },
  { header: 'end', kind: 'offset' },
  { header: 'text', kind: 'passage' },
  { header: 'memo', kind: 'passage' },
  { header: 'created', kind: 'time' },
  { header: 'modified', kind: 'time' },
];

/**
 * The table's columns: `document`, one per attribute field (headed by its label), then code path,
 * coder, start, end, text, memo, created, modified. A label that repeats a column's name, another
 * label, or is blank is made distinct (`text (attribute)`, `attribute 2`), since R and pandas
 * rename or drop duplicate headers.
 *
 * @example
 * codingsColumns(['Role']).map((c) => c.header)
 * // ['document', 'Role', 'code path', 'coder', 'start', 'end', 'text', 'memo', 'created', 'modified']
 */
export function codingsColumns(attributeLabels: readonly string[]): CodingsColumn[] {
  const taken = new Set(['document', ...fixedAfterAttributes.map((c) => c.header)]);
  const attributes = attributeLabels.map((label, i): CodingsColumn => {
    const base = label.replace(/\s+/g, ' ').trim() || `attribute ${i + 1}`;
    let header = taken.has(base.toLowerCase()) ? `${base} (attribute)` : base;
    for (let n = 2; taken.has(header.toLowerCase()); n++) header = `${base} (attribute ${n})`;
    taken.add(header.toLowerCase());
    return { header, kind: 'attribute' };
  });
  return [{ header: 'document', kind: 'name' }, ...attributes, ...fixedAfterAttributes];
}

/** A row's cells in the order of `codingsColumns`. */
export function codingsRowValues(row: CodingsRow): CsvValue[] {
  return [row.document, ...row.attributes, row.codePath, row.coder, row.start, row.end, row.text, row.memo, row.created, row.modified];
}

/**
 * The table as CSV (`csv-writer.ts`: UTF-8 with a byte order mark, CRLF, formula-looking text
 * prefixed with `'`): the header, then one row per coding.
 *
 * @example
 * writeCodingsCsv({ attributeLabels: [], rows: [] }) // '\uFEFFdocument,code path,coder,start,end,text,memo,created,modified\r\n'
 */
export function writeCodingsCsv(table: CodingsTable): string {
  const width = table.attributeLabels.length;
  const rows: CsvValue[][] = [codingsColumns(table.attributeLabels).map((c) => c.header)];
  for (const row of table.rows) {
    // A row always has a cell per field, whatever the caller gave, so columns never shift.
    const attributes = Array.from({ length: width }, (_, i) => row.attributes[i] ?? null);
    rows.push(codingsRowValues({ ...row, attributes }));
  }
  return writeCsv(rows);
}
