import type { AttributeField, AttributeValue } from '../model/attributes.ts';
import { codeTree, fallbackCodeColour, isCodeColour, type CodeNode } from '../model/codebook.ts';
import { addLayerCooccurrence, mergeSpans, type CooccurrenceSpan, type UnitSpan } from './cooccurrence.ts';
import type { MatrixQuery } from './matrix-query.ts';

/** A code as the matrix needs it (a `Code` of the codebook fits). */
export interface MatrixCode {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly order: number;
  readonly colour: string;
}

export interface MatrixDocument {
  readonly id: string;
  readonly name: string;
  /** The transcript's length in characters: spans are clipped to it. */
  readonly length: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** One visible coding; orphaned ones (their text deleted) are left out by the caller. */
export interface MatrixSegment {
  readonly documentId: string;
  readonly userId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
}

/** Everything a matrix is computed from, already narrowed to what the reader may see. */
export interface MatrixSource {
  readonly codes: readonly MatrixCode[];
  readonly documents: readonly MatrixDocument[];
  /** The coders whose layers are read, in column order: ids and names. */
  readonly coders: readonly { readonly id: string; readonly name: string }[];
  readonly attributeFields: readonly AttributeField[];
  readonly segments: readonly MatrixSegment[];
  /** Each document's transcript units (for co-occurrence within a unit). */
  readonly units: (documentId: string) => readonly UnitSpan[];
}

export interface MatrixRow {
  readonly id: string;
  readonly label: string;
  /** Depth in the code tree: 0 for a top-level code. */
  readonly depth: number;
  readonly colour: string;
  readonly parentId: string | null;
}

export interface MatrixColumn {
  readonly id: string;
  readonly label: string;
  /** For co-occurrence, where the columns are codes too. */
  readonly depth?: number;
  readonly colour?: string;
  /** For attribute columns: the documents with this value (for "No value", the only way to name them in a filter). */
  readonly documentIds?: readonly string[];
}

export interface Matrix {
  readonly rows: readonly MatrixRow[];
  readonly cols: readonly MatrixColumn[];
  /** cells[row][col]; co-occurrence is symmetric and its diagonal is 0 (a code is not counted with itself). */
  readonly cells: readonly (readonly number[])[];
  /** Each row's and column's sum, and the sum of all cells. */
  readonly rowTotals: readonly number[];
  readonly colTotals: readonly number[];
  readonly total: number;
  /** Codings counted: visible, of the chosen coder(s), not orphaned. */
  readonly codings: number;
}

export class MatrixError extends Error {
  constructor(
    readonly reason: 'unknownAttribute' | 'unknownCoder',
    message: string,
  ) {
    super(message);
    this.name = 'MatrixError';
  }
}

/** The column id of documents with no value for the attribute; no attribute value is empty. */
export const noAttributeValue = '';
/** Label of a row for codings whose code has since been deleted from the codebook. */
export const deletedCodeLabel = 'Code no longer in the codebook';

/**
 * Codes (rows, in codebook order: each level by `order`, sub-codes under their parent) against
 * documents, coders, the values of one participant attribute, or the codes again (co-occurrence,
 * see `cooccurrence.ts`). Each row counts only its own code's codings — a parent's row does not
 * include its sub-codes. `count` counts codings; `chars` counts the characters each coder coded
 * with the code in each document (their codings of it merged first, so a character counts once
 * per coder): a cell can reach the document's length times the number of coders, never more.
 *
 * @example
 * buildMatrix(source, { cols: { kind: 'documents' }, measure: 'count', cooccurrence: 'overlap', userId: null }).cells[0] // codings of the first code per document
 */
export function buildMatrix(source: MatrixSource, query: MatrixQuery): Matrix {
  const matrix = new MatrixAccumulator(source, query);
  const byDocument = new Map<string, MatrixSegment[]>();
  for (const s of source.segments) {
    const list = byDocument.get(s.documentId) ?? [];
    list.push(s);
    byDocument.set(s.documentId, list);
  }
  for (const [documentId, segments] of byDocument) matrix.addDocument(documentId, segments, query.cols.kind === 'codes' && query.cooccurrence === 'unit' ? source.units(documentId) : []);
  return matrix.result();
}

/**
 * `buildMatrix` one document at a time, so a server can serve its event loop between documents:
 * every measure is a sum over documents. The constructor sees all segments once (to list codes
 * no longer in the codebook and former members); `addDocument` takes one document's segments
 * and, for co-occurrence within units, its units.
 */
export class MatrixAccumulator {
  readonly rows: readonly MatrixRow[];
  readonly cols: readonly MatrixColumn[];
  private readonly cells: number[][];
  private readonly rowOf: ReadonlyMap<string, number>;
  private readonly columnOf: (s: MatrixSegment, d: MatrixDocument) => number;
  private readonly documents: ReadonlyMap<string, MatrixDocument>;
  private codings = 0;

  constructor(
    source: Omit<MatrixSource, 'units'>,
    private readonly query: MatrixQuery,
  ) {
    if (query.userId !== null && !source.coders.some((c) => c.id === query.userId)) {
      throw new MatrixError('unknownCoder', 'userId must be the id of a coder whose codings you can see');
    }
    this.documents = new Map(source.documents.map((d) => [d.id, d]));
    const counted = source.segments.filter((s) => this.counts(s));
    this.rows = codeRows(source.codes, counted);
    this.rowOf = new Map(this.rows.map((r, i) => [r.id, i]));
    if (query.cols.kind === 'codes') {
      this.cols = this.rows.map((r): MatrixColumn => ({ id: r.id, label: r.label, depth: r.depth, colour: r.colour }));
      this.columnOf = () => -1;
    } else {
      ({ cols: this.cols, columnOf: this.columnOf } = columns(source, query, counted));
    }
    this.cells = this.rows.map(() => new Array<number>(this.cols.length).fill(0));
  }

  /** Adds one document's segments (others' are ignored); `units` matter only for co-occurrence within units. */
  addDocument(documentId: string, segments: readonly MatrixSegment[], units: readonly UnitSpan[] = []): void {
    const document = this.documents.get(documentId);
    if (!document) return;
    const mine = segments.filter((s) => s.documentId === documentId && this.counts(s));
    this.codings += mine.length;
    const { cells, rowOf, query } = this;
    if (query.cols.kind === 'codes') {
      const layers = new Map<string, CooccurrenceSpan[]>();
      for (const s of mine) {
        const list = layers.get(s.userId) ?? [];
        list.push({ code: rowOf.get(s.codeId)!, start: s.start, end: s.end });
        layers.set(s.userId, list);
      }
      for (const spans of layers.values()) addLayerCooccurrence(cells, spans, units, query.cooccurrence, query.measure);
      return;
    }
    // Per coder and code: the spans, for the merged length.
    const groups = new Map<string, { row: number; col: number; spans: UnitSpan[] }>();
    for (const s of mine) {
      const row = rowOf.get(s.codeId)!;
      const col = this.columnOf(s, document);
      if (query.measure === 'count') {
        cells[row]![col]! += 1;
        continue;
      }
      const key = `${s.userId}\u0000${s.codeId}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { row, col, spans: [] }));
      group.spans.push({ start: Math.max(0, s.start), end: Math.min(document.length, s.end) });
    }
    for (const { row, col, spans } of groups.values()) {
      cells[row]![col]! += mergeSpans(spans).reduce((sum, [start, end]) => sum + (end - start), 0);
    }
  }

  result(): Matrix {
    const { rows, cols, cells } = this;
    const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
    const colTotals = cols.map((_, j) => cells.reduce((sum, row) => sum + row[j]!, 0));
    return { rows, cols, cells: cells.map((row) => [...row]), rowTotals, colTotals, total: rowTotals.reduce((a, b) => a + b, 0), codings: this.codings };
  }

  /** Whether a segment is counted: in a listed document, of the chosen coder, not empty. */
  private counts(s: MatrixSegment): boolean {
    return this.documents.has(s.documentId) && (this.query.userId === null || s.userId === this.query.userId) && s.end > s.start;
  }
}

/** Rows in codebook order with their depth; codes no longer in the codebook but still used come last. */
function codeRows(codes: readonly MatrixCode[], segments: readonly MatrixSegment[]): MatrixRow[] {
  const rows: MatrixRow[] = [];
  const visit = (nodes: readonly CodeNode[], depth: number) => {
    for (const node of nodes) {
      const c = node.code;
      rows.push({ id: c.id, label: c.name, depth, colour: isCodeColour(c.colour) ? c.colour : fallbackCodeColour, parentId: depth === 0 ? null : c.parentId });
      visit(node.children, depth + 1);
    }
  };
  // codeTree reads only these fields; the rest of a `Code` is not needed to order the tree.
  visit(codeTree(codes as Parameters<typeof codeTree>[0]), 0);
  const known = new Set(rows.map((r) => r.id));
  const deleted = [...new Set(segments.map((s) => s.codeId).filter((id) => !known.has(id)))].sort();
  for (const id of deleted) rows.push({ id, label: deletedCodeLabel, depth: 0, colour: fallbackCodeColour, parentId: null });
  return rows;
}

function columns(source: Omit<MatrixSource, 'units' | 'segments'>, query: MatrixQuery, segments: readonly MatrixSegment[]): { cols: MatrixColumn[]; columnOf: (s: MatrixSegment, d: MatrixDocument) => number } {
  switch (query.cols.kind) {
    case 'documents': {
      const cols = source.documents.map((d) => ({ id: d.id, label: d.name }));
      const index = new Map(cols.map((c, i) => [c.id, i]));
      return { cols, columnOf: (s) => index.get(s.documentId)! };
    }
    case 'coders': {
      const coders = query.userId === null ? source.coders : source.coders.filter((c) => c.id === query.userId);
      const cols: MatrixColumn[] = coders.map((c) => ({ id: c.id, label: c.name }));
      // A layer of someone no longer a member still counts, under their id.
      for (const id of new Set(segments.map((s) => s.userId))) if (!coders.some((c) => c.id === id)) cols.push({ id, label: 'Former member' });
      const index = new Map(cols.map((c, i) => [c.id, i]));
      return { cols, columnOf: (s) => index.get(s.userId)! };
    }
    case 'attribute': {
      const key = query.cols.field;
      const field = source.attributeFields.find((f) => f.key === key);
      if (!field) throw new MatrixError('unknownAttribute', `cols names attribute "${key}", which this project does not have`);
      const cols = attributeColumns(field, source.documents);
      const index = new Map(cols.map((c, i) => [c.id, i]));
      return { cols, columnOf: (_s, d) => index.get(attributeColumnId(d.attributes[key]))! };
    }
    case 'codes':
      throw new Error('co-occurrence has no attribute or document columns');
  }
}

/** How an attribute value names its column (and the `attr.<key>=` value of a drill-down). */
export function attributeColumnId(value: AttributeValue | undefined): string {
  if (value === null || value === undefined) return noAttributeValue;
  return String(value).trim();
}

/**
 * An attribute's columns: a category's options in their order (all of them, so an option no one
 * has reads as 0), then values present in documents — numbers ascending, text alphabetically —
 * and last "No value" when some document has none.
 */
function attributeColumns(field: AttributeField, documents: readonly MatrixDocument[]): MatrixColumn[] {
  const present = new Map<string, AttributeValue>();
  const documentsOf = new Map<string, string[]>();
  for (const d of documents) {
    const id = attributeColumnId(d.attributes[field.key]);
    if (id !== noAttributeValue) present.set(id, d.attributes[field.key]!);
    const list = documentsOf.get(id) ?? [];
    list.push(d.id);
    documentsOf.set(id, list);
  }
  const options = field.type === 'category' ? (field.options ?? []) : [];
  const rest = [...present.keys()].filter((id) => !options.includes(id));
  rest.sort(field.type === 'number' ? (a, b) => Number(present.get(a)) - Number(present.get(b)) || a.localeCompare(b) : (a, b) => a.localeCompare(b));
  const cols: MatrixColumn[] = [...options, ...rest].map((id) => ({ id, label: id, documentIds: documentsOf.get(id) ?? [] }));
  if (documentsOf.has(noAttributeValue)) cols.push({ id: noAttributeValue, label: 'No value', documentIds: documentsOf.get(noAttributeValue)! });
  return cols;
}

/** `GET /api/projects/:id/matrix` (JSON): the matrix, its caption, and what the view's controls offer. */
export interface MatrixResponse extends Matrix {
  /** What is counted and whose codings (`describeMatrix`), as the CSV says it too. */
  readonly caption: string;
  /** The coders whose layers the reader may see somewhere (for the "one coder" choice); `consensus` last when visible. */
  readonly coders: readonly { readonly id: string; readonly name: string }[];
  /** The project's participant attributes (for `cols=attr.<key>`). */
  readonly attributes: readonly { readonly key: string; readonly label: string }[];
}
