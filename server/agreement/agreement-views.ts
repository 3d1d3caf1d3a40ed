import { buildAgreementReport, type Measure, type ReportOptions, type ReportUnit, type StudyCoding } from '../../shared/agreement/index.ts';
import {
  buildAgreementCsv,
  buildAgreementHtml,
  disagreeingPassages,
  sectionUnitCounts,
  type AgreementDetails,
  type AgreementQuery,
  type AgreementSnapshot,
  type DisagreeingPassage,
  type ExportInput,
} from '../../shared/agreement-export/index.ts';
import { readStudyTable, type ProjectStudy, type StudyTable } from './study-table.ts';

/**
 * The dashboard's companions to the live report — the details (units compared, code × document
 * cells), the exports and the disagreeing passages — as pure functions of the study table, so they
 * run in the worker thread (worker-job.ts) and never on the event loop.
 */

/** The alpha the dashboard's table, heatmap and exports lead with: |u-alpha per code on characters, else alpha. */
export function headlineMeasure(query: AgreementQuery): Measure {
  return query.unit === 'character' ? 'per_code_binary_u_alpha' : 'krippendorff_alpha';
}

/** The report options of an export or details query. */
export function queryReportOptions(query: AgreementQuery, project: ProjectStudy): ReportOptions & { readonly unit: ReportUnit } {
  return {
    unit:
      query.unit === 'segment'
        ? { kind: 'segment', overlapThreshold: query.threshold ?? 90 }
        : query.unit === 'unit'
          ? { kind: 'unit', ranges: project.unitRanges }
          : { kind: query.unit },
    ...(query.threshold !== null && { maxqdaThreshold: query.threshold }),
    coderIds: query.coders ?? undefined,
    documentIds: query.documents ?? undefined,
    codeIds: query.codes ?? undefined,
    excludeUncoded: query.excludeUncoded,
  };
}

const cellsOnly = { perCode: false, perDocument: false, perCoderPair: false, perDomain: false, perCodeDocument: true } as const;

export interface DetailsJob {
  readonly kind: 'details';
  readonly table: StudyTable;
  readonly query: AgreementQuery;
  readonly version: string;
  readonly documents: AgreementDetails['documents'];
}

const encoder = new TextEncoder();

/** `GET …/agreement/details`, as its body (UTF-8 JSON). */
export function buildDetailsJson(job: DetailsJob): Uint8Array<ArrayBuffer> {
  const project = readStudyTable(job.table);
  const options = queryReportOptions(job.query, project);
  const cells = buildAgreementReport(project.study, { ...options, measures: [headlineMeasure(job.query)], sections: cellsOnly });
  const body: AgreementDetails = {
    version: job.version,
    documents: job.documents,
    unitCounts: sectionUnitCounts(project.study, { ...options, excludeUncoded: job.query.excludeUncoded }),
    perCodeDocument: cells.perCodeDocument,
  };
  return encoder.encode(JSON.stringify(body));
}

export interface ExportJob {
  readonly kind: 'export';
  readonly format: 'csv' | 'html';
  readonly table: StudyTable;
  readonly query: AgreementQuery;
  /** The live report for the same query (its cached JSON, bootstrap included). */
  readonly snapshot: Uint8Array;
  readonly projectName: string;
  readonly documents: ExportInput['documents'];
  readonly softwareVersion: string;
  readonly generatedAt: string;
}

/** The CSV or HTML report of `…/agreement/export.csv|html`, as UTF-8 bytes. */
export function buildExport(job: ExportJob): Uint8Array<ArrayBuffer> {
  const project = readStudyTable(job.table);
  const options = queryReportOptions(job.query, project);
  const cells = buildAgreementReport(project.study, { ...options, ...(job.query.measures && { measures: job.query.measures }), sections: cellsOnly });
  const input: ExportInput = {
    projectName: job.projectName,
    query: job.query,
    snapshot: JSON.parse(new TextDecoder().decode(job.snapshot)) as AgreementSnapshot,
    documents: job.documents,
    unitCounts: sectionUnitCounts(project.study, { ...options, excludeUncoded: job.query.excludeUncoded }),
    perCodeDocument: cells.perCodeDocument,
    softwareVersion: job.softwareVersion,
    generatedAt: job.generatedAt,
  };
  return encoder.encode(job.format === 'csv' ? buildAgreementCsv(input) : buildAgreementHtml(input));
}

export interface PassagesJob {
  readonly kind: 'passages';
  readonly table: StudyTable;
  readonly coderIds: readonly string[];
  readonly documentIds: readonly string[];
  readonly codeIds: readonly string[];
  readonly limit: number;
}

export interface FoundPassages {
  /** All passages found. */
  readonly total: number;
  /** The first `limit`, in document, code and text order. */
  readonly shown: readonly { readonly documentId: string; readonly codeId: string; readonly passage: DisagreeingPassage }[];
}

/** Where the compared coders disagree, document by document and code by code. */
export function findPassages(job: PassagesJob): FoundPassages {
  const { study } = readStudyTable(job.table);
  const cells = new Map<string, StudyCoding[]>();
  for (const coding of study.codings) {
    const key = `${coding.documentId}\u0000${coding.codeId}`;
    const list = cells.get(key);
    if (list) list.push(coding);
    else cells.set(key, [coding]);
  }
  let total = 0;
  const shown: { documentId: string; codeId: string; passage: DisagreeingPassage }[] = [];
  if (job.coderIds.length >= 2) {
    for (const documentId of job.documentIds) {
      for (const codeId of job.codeIds) {
        for (const passage of disagreeingPassages(cells.get(`${documentId}\u0000${codeId}`) ?? [], job.coderIds)) {
          total++;
          if (shown.length < job.limit) shown.push({ documentId, codeId, passage });
        }
      }
    }
  }
  return { total, shown };
}
