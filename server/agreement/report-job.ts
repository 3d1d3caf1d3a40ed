import {
  bootstrapAlpha,
  buildAgreementReport,
  createSeededRandom,
  seedFromText,
  studyReliabilityData,
  type AgreementReport,
  type AgreementStudy,
  type ReportOptions,
} from '../../shared/agreement/index.ts';

export interface BootstrapRequest {
  readonly samples: number;
  readonly seed: number;
  readonly minimums: readonly number[];
}

export interface ReportJob {
  readonly study: AgreementStudy;
  readonly options: ReportOptions;
  readonly bootstrap: BootstrapRequest | null;
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

/**
 * The work of one dashboard refresh, as a pure function of plain data so it can run in a worker
 * thread (report-worker.ts) without touching the event loop, and be tested directly.
 */
export function runReportJob(job: ReportJob): ReportJobResult {
  const report = buildAgreementReport(job.study, job.options);
  if (!job.bootstrap) return { report, bootstrap: null };
  const { samples, seed, minimums } = job.bootstrap;
  const selection = { unit: job.options.unit, excludeUncoded: job.options.excludeUncoded, coderIds: job.options.coderIds, documentIds: job.options.documentIds };
  const sections: (string | null)[] = [null, ...report.codeIds];
  const bootstrap = sections.map((codeId): SectionBootstrap => {
    const data = studyReliabilityData(job.study, { ...selection, ...(codeId !== null && { codeIds: [codeId] }), ...(codeId === null && job.options.codeIds && { codeIds: job.options.codeIds }) });
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
