import { undefinedReasonText, type MeasureResult } from '../agreement/index.ts';
import type { AgreementQuery } from './agreement-query.ts';
import { pairKey, type AgreementSnapshot, type UnitCounts } from './agreement-snapshot.ts';
import { isContinuumMeasure } from './method-notes.ts';

export const ReportSection = {
  overall: 'overall',
  code: 'code',
  domain: 'domain',
  document: 'document',
  codeDocument: 'code-document',
  coderPair: 'coder-pair',
} as const;
export type ReportSection = (typeof ReportSection)[keyof typeof ReportSection];

/** Everything an export states: the report, the names behind its ids, and how it was made. */
export type ExportInput = {
  readonly projectName: string;
  readonly query: AgreementQuery;
  readonly snapshot: AgreementSnapshot;
  /** Names of the project's documents (the report knows ids and lengths only). */
  readonly documents: readonly { readonly id: string; readonly name: string }[];
  readonly unitCounts: UnitCounts | null;
  readonly perCodeDocument: readonly { readonly codeId: string; readonly documentId: string; readonly results: readonly MeasureResult[] }[];
  readonly softwareVersion: string;
  /** ISO time the export was made. */
  readonly generatedAt: string;
};

/** One measure of one section, with names instead of ids. */
export type ReportRow = {
  readonly section: ReportSection;
  readonly code: string;
  readonly document: string;
  readonly coderPair: string;
  readonly result: MeasureResult;
  /** The undefined reason in words, or ''. */
  readonly reason: string;
  readonly n: number | null;
  /** What `n` counts ("characters × codes", "transcript units", …), or ''. */
  readonly nUnit: string;
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
};

const unitNouns = { character: 'characters', segment: 'segment groups', unit: 'transcript units', document: 'documents' } as const;

/** Looks names up by id, falling back to the id itself so a row is never blank. */
export function createNames(input: Pick<ExportInput, 'snapshot' | 'documents'>) {
  const coder = new Map(input.snapshot.coders.map((c) => [c.id, c.name ?? c.id]));
  const code = new Map(input.snapshot.codes.map((c) => [c.id, c.name ?? c.id]));
  const document = new Map(input.documents.map((d) => [d.id, d.name]));
  return {
    coder: (id: string) => coder.get(id) ?? id,
    code: (id: string) => code.get(id) ?? id,
    document: (id: string) => document.get(id) ?? id,
    pair: (ids: readonly [string, string]) => `${coder.get(ids[0]) ?? ids[0]} × ${coder.get(ids[1]) ?? ids[1]}`,
  };
}

/**
 * The report as flat rows, one per section × measure, in report order: overall, codes, domains,
 * documents, code × document, coder pairs. `n` is the number of units the coefficient compared,
 * or the characters of the text for continuum measures (MAXQDA's segment count is not known: null).
 *
 * @example
 * reportRows(input).filter((r) => r.section === 'code' && r.result.measure === 'krippendorff_alpha')
 */
export function reportRows(input: ExportInput): ReportRow[] {
  const { report, bootstrap } = input.snapshot;
  const names = createNames(input);
  const counts = input.unitCounts;
  const lengths = new Map(input.snapshot.documents.map((d) => [d.id, d.length]));
  const characters = (documentIds: readonly string[]) => documentIds.reduce((sum, d) => sum + (lengths.get(d) ?? 0), 0);
  const noun = unitNouns[input.query.unit];
  const ci = (codeId: string | null | undefined, result: MeasureResult) => {
    // The bootstrap resamples the pooled nominal alpha of a code or of all codes (KA13).
    const b = codeId === undefined || result.measure !== 'krippendorff_alpha' ? undefined : bootstrap?.find((s) => s.codeId === codeId);
    return { ciLower: b?.lower ?? null, ciUpper: b?.upper ?? null };
  };
  const rows: ReportRow[] = [];
  const push = (
    section: ReportSection,
    where: { code?: string; document?: string; coderPair?: string },
    results: readonly MeasureResult[],
    size: { units: number | null | undefined; documents: readonly string[]; pooled: boolean },
    bootstrapCode?: string | null,
  ) => {
    for (const result of results) {
      const continuum = isContinuumMeasure(result.measure);
      const n = result.measure === 'maxqda_segment_agreement' ? null : continuum ? characters(size.documents) : (size.units ?? null);
      const nUnit = n === null ? '' : continuum ? 'characters' : size.pooled && report.codeIds.length > 1 ? `${noun} × codes` : noun;
      rows.push({
        section,
        code: where.code ?? '',
        document: where.document ?? '',
        coderPair: where.coderPair ?? '',
        result,
        reason: result.undefined ? undefinedReasonText[result.reason] : '',
        n,
        nUnit,
        ...ci(bootstrapCode, result),
      });
    }
  };
  const all = report.documentIds;
  push(ReportSection.overall, {}, report.overall, { units: counts?.overall, documents: all, pooled: true }, null);
  for (const c of report.perCode) push(ReportSection.code, { code: names.code(c.codeId) }, c.results, { units: counts?.perCode[c.codeId], documents: all, pooled: false }, c.codeId);
  for (const d of report.perDomain) push(ReportSection.domain, { code: d.domain }, d.results, { units: null, documents: all, pooled: true });
  for (const d of report.perDocument) push(ReportSection.document, { document: names.document(d.documentId) }, d.results, { units: counts?.perDocument[d.documentId], documents: [d.documentId], pooled: true });
  const cells = report.perCodeDocument.length > 0 ? report.perCodeDocument : input.perCodeDocument;
  for (const c of cells) {
    push(ReportSection.codeDocument, { code: names.code(c.codeId), document: names.document(c.documentId) }, c.results, { units: counts?.perCodeDocument[pairKey(c.codeId, c.documentId)], documents: [c.documentId], pooled: false });
  }
  for (const p of report.perCoderPair) {
    push(ReportSection.coderPair, { coderPair: names.pair(p.coderIds) }, p.results, { units: counts?.perCoderPair[pairKey(p.coderIds[0], p.coderIds[1])], documents: all, pooled: true });
  }
  return rows;
}
