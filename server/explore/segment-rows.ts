import type { AttributeField, AttributeValue } from '../../shared/model/attributes.ts';
import { codeTree, type Code, type CodeNode } from '../../shared/model/codebook.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { excerptSegment } from './segment-excerpt.ts';
import type { SegmentSelection, SegmentSource } from './segment-filter.ts';
import { maxExportRows, type SegmentQuery } from './segment-query.ts';
import type { VisibleSegment, VisibleSegments } from './visible-segments.ts';

/** Excel keeps at most 32,767 characters in a cell; every format cuts long passages the same way. */
const maxExportText = 32_000;

/** One exported segment, with names resolved. */
export interface ExportRow {
  readonly documentId: string;
  readonly documentName: string;
  /** Values of the project's attribute fields, in field order. */
  readonly attributes: readonly AttributeValue[];
  readonly coderId: string;
  readonly coderName: string;
  readonly codeId: string;
  readonly codeName: string;
  /** "Parent › Child", so a sub-code reads in its place in the tree. */
  readonly codePath: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly before: string;
  readonly after: string;
  readonly memo: string;
  /** ISO time, or null for a coding written without one. */
  readonly createdAt: string | null;
  /** Opens the coding view framed at the passage. */
  readonly link: string;
  readonly codingId: string;
}

/** What every export states about itself. */
export interface ExportHeading {
  readonly projectName: string;
  readonly generatedAt: string;
  readonly softwareVersion: string;
  /** The filters in words, one per line. */
  readonly filters: readonly string[];
  readonly total: number;
  readonly documentCount: number;
  /** Rows in the file: `total`, or `maxExportRows` when the selection was larger. */
  readonly rows: number;
  readonly fields: readonly AttributeField[];
}

/** A selection ready to write: its heading, its rows and the codebook (for the HTML report's order and definitions). */
export interface SegmentExport {
  readonly heading: ExportHeading;
  readonly rows: readonly ExportRow[];
  readonly codes: readonly Code[];
}

/** The codes in codebook order: depth first, each level by `order` then name. */
export function codesInCodebookOrder(codes: readonly Code[]): { code: Code; depth: number; path: string }[] {
  const out: { code: Code; depth: number; path: string }[] = [];
  const walk = (nodes: readonly CodeNode[], depth: number, parents: string) => {
    for (const node of nodes) {
      const path = parents ? `${parents} › ${node.code.name}` : node.code.name;
      out.push({ code: node.code, depth, path });
      walk(node.children, depth + 1, path);
    }
  };
  walk(codeTree(codes), 0, '');
  return out;
}

const names = <T extends { id: string; name: string }>(list: readonly T[], ids: readonly string[] | null) => (ids ?? []).map((id) => list.find((x) => x.id === id)?.name ?? id).join(', ');

/**
 * The filters of a query in words, one line each — what an export says produced it.
 *
 * @example
 * describeSegmentQuery(query, source, fields) // ['Codes: Barriers (with sub-codes)', 'Coders: Ana Ortiz', 'Memo contains: "cost"']
 */
export function describeSegmentQuery(query: SegmentQuery, source: Pick<SegmentSource, 'documents' | 'codes' | 'coders'>, fields: readonly AttributeField[]): string[] {
  const lines: string[] = [];
  const codeNames = (ids: readonly string[]) => names(source.codes, ids);
  if (query.codeIds) lines.push(`Codes: ${codeNames(query.codeIds)}${query.includeSubcodes ? ' (with sub-codes)' : ''}`);
  if (query.userIds) lines.push(`Coders: ${names(source.coders, query.userIds)}`);
  if (query.documentIds) lines.push(`Documents: ${names(source.documents, query.documentIds)}`);
  for (const a of query.attributes) lines.push(`${fields.find((f) => f.key === a.key)?.label ?? a.key}: ${a.values.join(' or ')}`);
  if (query.q !== null) lines.push(`Memo contains: "${query.q}"`);
  if (query.from !== null) lines.push(`Coded from: ${new Date(query.from).toISOString()}`);
  if (query.to !== null) lines.push(`Coded until: ${new Date(query.to).toISOString()}`);
  if (query.cooccursWith !== null) {
    lines.push(`Co-occurring with: ${codeNames([query.cooccursWith])}${query.includeSubcodes ? ' (with sub-codes)' : ''}, ${query.cooccurrence === 'unit' ? 'in the same transcript unit' : 'overlapping'}, ${query.cooccurrenceBy === 'same' ? 'coded by the same coder' : 'by any coder you may see'}`);
  }
  if (lines.length === 0) lines.push('No filters: every coding you may see');
  return lines;
}

/**
 * The rows of an export: the selection's first `maxExportRows` segments with names, attribute
 * values, the passage and its context, and a link into the coding view (`linkBase` + the client's
 * `/projects/:id/documents/:documentId?at=start-end`). Reads each document's text once (cached).
 */
export async function exportRowsOf(source: Pick<VisibleSegments, 'projectId' | 'documents' | 'codes' | 'coders' | 'textOf'>, selection: SegmentSelection, fields: readonly AttributeField[], linkBase: string): Promise<ExportRow[]> {
  const slice = new TimeSlice();
  const documents = new Map(source.documents.map((d) => [d.id, d]));
  const coders = new Map(source.coders.map((c) => [c.id, c.name]));
  const paths = new Map(codesInCodebookOrder(source.codes).map((c) => [c.code.id, c]));
  const texts = new Map<string, string>();
  const rows: ExportRow[] = [];
  const shown = selection.segments.slice(0, maxExportRows);
  for (let i = 0; i < shown.length; i++) {
    const s: VisibleSegment = shown[i]!;
    let text = texts.get(s.documentId);
    if (text === undefined) texts.set(s.documentId, (text = await source.textOf(s.documentId)));
    const excerpt = excerptSegment(text, s.start, s.end, { context: 120, maxText: maxExportText });
    const document = documents.get(s.documentId);
    const code = paths.get(s.codeId);
    rows.push({
      documentId: s.documentId,
      documentName: document?.name ?? s.documentId,
      attributes: fields.map((f) => document?.attributes[f.key] ?? null),
      coderId: s.userId,
      coderName: coders.get(s.userId) ?? s.userId,
      codeId: s.codeId,
      codeName: code?.code.name ?? `(deleted code ${s.codeId})`,
      codePath: code?.path ?? `(deleted code ${s.codeId})`,
      start: s.start,
      end: s.end,
      text: excerpt.text,
      before: excerpt.before,
      after: excerpt.after,
      memo: s.memo,
      createdAt: s.createdAt === null ? null : new Date(s.createdAt).toISOString(),
      link: `${linkBase}/projects/${encodeURIComponent(source.projectId)}/documents/${encodeURIComponent(s.documentId)}?at=${s.start}-${s.end}`,
      codingId: s.codingId,
    });
    if ((i & 255) === 0) await slice.yieldIfDue();
  }
  return rows;
}
