import crypto from 'node:crypto';
import type { AgreementReport, ReportOptions } from '../../shared/agreement/index.ts';
import { parseRoomName } from '../../shared/protocol/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { readProjectStudy } from './project-study.ts';
import type { BootstrapRequest, SectionBootstrap } from './report-job.ts';
import type { ReportRunner } from './report-runner.ts';

export type AgreementRequest = Omit<ReportOptions, 'unit'> & {
  readonly unit: 'character' | 'segment' | 'unit' | 'document';
  readonly overlapThreshold?: number;
  /** Bootstrap confidence intervals for alpha, per code and overall (Hayes & Krippendorff 2007). */
  readonly bootstrap?: BootstrapRequest;
};

export interface ProjectAgreement {
  /** Changes whenever anything in the project's rooms is stored; the dashboard's cache key. */
  readonly version: string;
  readonly report: AgreementReport;
  readonly bootstrap: readonly SectionBootstrap[] | null;
  readonly coders: readonly { id: string; name?: string | undefined }[];
  readonly codes: readonly { id: string; name?: string | undefined; domain?: string | null | undefined }[];
  readonly documents: readonly { id: string; length: number }[];
  readonly orphanedCodings: number;
  readonly computedMs: number;
}

/**
 * Live agreement for a project, computed on the server from the stored layer documents with the
 * same `buildAgreementReport` the CLI and exports use. A report is recomputed only when something
 * in the project was stored since (per-project version counter fed by the registry), so a
 * dashboard polling every second costs nothing while nobody codes.
 */
export function createAgreementService(directory: DirectoryStore, registry: DocumentRegistry, runner: ReportRunner) {
  // The process nonce keeps versions from two server runs from ever comparing equal.
  const nonce = crypto.randomBytes(4).toString('hex');
  const versions = new Map<string, number>();
  const cache = new Map<string, { version: string; result: ProjectAgreement }>();
  registry.onStored((room) => {
    const parsed = parseRoomName(room);
    if (parsed) versions.set(parsed.projectId, (versions.get(parsed.projectId) ?? 0) + 1);
  });

  const versionOf = (projectId: string) => `${nonce}.${versions.get(projectId) ?? 0}`;

  return {
    versionOf,
    async compute(projectId: string, request: AgreementRequest): Promise<ProjectAgreement> {
      const version = versionOf(projectId);
      const key = `${projectId}\u0000${JSON.stringify(request)}`;
      const cached = cache.get(key);
      if (cached?.version === version) return cached.result;
      const started = performance.now();
      const { study, unitRanges, orphanedCodings } = await readProjectStudy(directory, registry, projectId);
      const { unit, overlapThreshold, bootstrap, ...rest } = request;
      // Reading the layers needs the live rooms (this thread); the statistics run in the worker.
      const { report, bootstrap: intervals } = await runner.run({
        study,
        options: {
          ...rest,
          unit:
            unit === 'segment'
              ? { kind: 'segment', overlapThreshold: overlapThreshold ?? 90 }
              : unit === 'unit'
                ? { kind: 'unit', ranges: unitRanges }
                : { kind: unit },
        },
        bootstrap: bootstrap ?? null,
      });
      const result: ProjectAgreement = {
        version,
        report,
        bootstrap: intervals,
        coders: study.coders,
        codes: study.codes,
        documents: study.documents,
        orphanedCodings,
        computedMs: Math.round(performance.now() - started),
      };
      cache.set(key, { version, result });
      // One cached report per project and option set is plenty; drop the oldest beyond 50.
      if (cache.size > 50) cache.delete(cache.keys().next().value!);
      return result;
    },
  };
}
export type AgreementService = ReturnType<typeof createAgreementService>;
