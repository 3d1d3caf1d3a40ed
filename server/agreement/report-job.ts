import {
  bootstrapAlpha,
  buildAgreementReport,
  createSeededRandom,
  seedFromText,
  studyReliabilityData,
  type AgreementReport,
  type ReportOptions,
} from '../../shared/agreement/index.ts';
import { readStudyTable, type CoderCoverage, type StudyTable } from './study-table.ts';

export interface BootstrapRequest {
  readonly samples: number;
  readonly seed: number;
  readonly minimums: readonly number[];
}

/** What the dashboard asks for: the report options, with the unit named rather than built. */
export type AgreementRequest = Omit<ReportOptions, 'unit'> & {
  readonly unit: 'character' | 'segment' | 'unit' | 'document';
  readonly overlapThreshold?: number;
  /** Bootstrap confidence intervals for alpha, per code and overall (Hayes & Krippendorff 2007). */
  readonly bootstrap?: BootstrapRequest;
  /** `consensus`: the consensus layer is compared as one more coder (each coder against it). */
  readonly against?: 'consensus';
  /** A round's id: only its documents, as its coders submitted them (one point of the trend per round). */
  readonly round?: string;
};

export interface ReportJob {
  readonly kind: 'report';
  readonly table: StudyTable;
  readonly request: Omit<AgreementRequest, 'bootstrap' | 'against' | 'round'>;
  readonly bootstrap: BootstrapRequest | null;
  /** The project version the table was read at. */
  readonly version: string;
  /** When the request began (ms since the epoch), for `computedMs`. */
  readonly startedAt: number;
}

/** Bootstrap of Krippendorff's alpha for one section (a code, or overall when `codeId` is null). */
export interface SectionBootstrap {
  readonly codeId: string | null;
  readonly alpha: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly samples: number;
  readonly confidence: number;
  readonly belowMinimum: readonly { readonly minimum: number; readonly probability: number | null }[];
}

export interface ReportJobResult {
  readonly report: AgreementReport;
  readonly bootstrap: readonly SectionBootstrap[] | null;
}

/** What `GET /api/projects/:id/agreement` answers (and the exports state): the report and the names behind its ids. */
export interface ProjectAgreement {
  /** Changes whenever anything in the project's rooms is stored; the dashboard's cache key. */
  readonly version: string;
  readonly report: AgreementReport;
  readonly bootstrap: readonly SectionBootstrap[] | null;
  readonly coders: readonly { id: string; name?: string | undefined }[];
  readonly codes: readonly { id: string; name?: string | undefined; domain?: string | null | undefined }[];
  readonly documents: readonly { id: string; length: number }[];
  readonly orphanedCodings: number;
  readonly unassignedCodings: number;
  readonly coverage: readonly CoderCoverage[];
  readonly computedMs: number;
}

/** The report options of a request, with the project's transcript units for the "unit" choice. */
export function reportOptionsOf(request: Omit<AgreementRequest, 'bootstrap'>, unitRanges: Record<string, [number, number][]>): ReportOptions {
  const { unit, overlapThreshold, ...rest } = request;
  return {
    ...rest,
    unit:
      unit === 'segment'
        ? { kind: 'segment', overlapThreshold: overlapThreshold ?? 90 }
        : unit === 'unit'
          ? { kind: 'unit', ranges: unitRanges }
          : { kind: unit },
  };
}

/**
 * The work of one dashboard refresh, as a pure function of plain data so it can run in a worker
 * thread (report-worker.ts) without touching the event loop, and be tested directly.
 */
export function runReportJob(job: ReportJob): ReportJobResult {
  const { study, unitRanges } = readStudyTable(job.table);
  const options = reportOptionsOf(job.request, unitRanges);
  const report = buildAgreementReport(study, options);
  if (!job.bootstrap) return { report, bootstrap: null };
  const { samples, seed, minimums } = job.bootstrap;
  const selection = { unit: options.unit, excludeUncoded: options.excludeUncoded, coderIds: options.coderIds, documentIds: options.documentIds };
  const sections: (string | null)[] = [null, ...report.codeIds];
  const bootstrap = sections.map((codeId): SectionBootstrap => {
    const data = studyReliabilityData(study, { ...selection, ...(codeId !== null && { codeIds: [codeId] }), ...(codeId === null && options.codeIds && { codeIds: options.codeIds }) });
    // Seed per section, so a section's interval does not depend on which other codes were selected.
    const result = bootstrapAlpha(data, { random: createSeededRandom(seed + seedFromText(codeId ?? '')), samples, minimums });
    return {
      codeId,
      alpha: result.alpha.undefined ? null : result.alpha.value,
      lower: result.lower,
      upper: result.upper,
      samples: result.samples,
      confidence: result.confidence,
      belowMinimum: result.belowMinimum,
    };
  });
  return { report, bootstrap };
}

/**
 * The report job's answer as UTF-8 JSON: built and encoded in the worker, so the event loop only
 * ever moves its bytes (a 522-document report is close to 1 MB of JSON).
 */
export function runReportJobAsJson(job: ReportJob): Uint8Array<ArrayBuffer> {
  const { report, bootstrap } = runReportJob(job);
  const agreement: ProjectAgreement = {
    version: job.version,
    report,
    bootstrap,
    coders: job.table.coders,
    codes: job.table.codes,
    documents: job.table.documents,
    orphanedCodings: job.table.orphanedCodings,
    unassignedCodings: job.table.unassignedCodings,
    coverage: job.table.coverage,
    computedMs: Math.round(Date.now() - job.startedAt),
  };
  return new TextEncoder().encode(JSON.stringify(agreement));
}
