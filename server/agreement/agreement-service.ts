import crypto from 'node:crypto';
import type { AccessEvents } from '../access/access-events.ts';
import { AgreementError } from '../../shared/agreement/index.ts';
import type { DirectoryStore, RoundRecord } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { BodyCache } from './body-cache.ts';
import { projectExtractsOf, type ProjectExtracts } from './project-extracts.ts';
import { readProjectStudy } from './project-study.ts';
import type { AgreementRequest } from './report-job.ts';
import type { ReportRunner } from './report-runner.ts';
import type { StudyTable } from './study-table.ts';

export type { AgreementRequest, ProjectAgreement } from './report-job.ts';

/** A computed report: the `ProjectAgreement` as UTF-8 JSON, exactly as `GET …/agreement` answers it. */
export interface AgreementResult {
  readonly version: string;
  readonly json: Uint8Array<ArrayBuffer>;
}

/** Reports kept (one per project and option set, as JSON), least recently used out first. */
const maxReports = 50;
const maxReportBytes = 32 * 1024 * 1024;
/** Projects whose study table is kept for the current version. */
const maxStudies = 8;

/**
 * Live agreement for a project, computed with the same `buildAgreementReport` the CLI and exports
 * use. The study comes from the per-room extracts (project-extracts.ts: read cold one room at a
 * time, between which the event loop is served); the statistics run in the worker thread. A report
 * is recomputed only when something in the project was stored since (per-project version counter
 * fed by the registry, and by access events for deletions and membership changes), so a dashboard polling every second costs nothing while nobody codes.
 */
export function createAgreementService(directory: DirectoryStore, registry: DocumentRegistry, runner: ReportRunner, events: AccessEvents) {
  // The nonce keeps versions from two server runs from ever comparing equal; it changes when rooms
  // may have been stored elsewhere unheard (the fan-out came back), so no report from before is served.
  let nonce = crypto.randomBytes(4).toString('hex');
  const versions = new Map<string, number>();
  const reports = new BodyCache(maxReportBytes, maxReports);
  const studies = new Map<string, { version: string; table: Promise<StudyTable> }>();
  const extracts: ProjectExtracts = projectExtractsOf(registry);
  registry.onStored((_room, _where, parsed) => {
    if (parsed) versions.set(parsed.projectId, (versions.get(parsed.projectId) ?? 0) + 1);
  });
  registry.onReset(() => {
    nonce = crypto.randomBytes(4).toString('hex');
  });

  // Deleting a document, a member joining or leaving, a role or setting changing: the same study
  // would now be a different one, though no room was stored.
  events.subscribe((event) => {
    if (event.type === 'projectChanged' || event.type === 'memberChanged') versions.set(event.projectId, (versions.get(event.projectId) ?? 0) + 1);
  });

  const versionOf = (projectId: string) => `${nonce}.${versions.get(projectId) ?? 0}`;

  /**
   * The project's study as of its current version (read first, so the study is never older than
   * the version it is filed under). Concurrent callers share one read; a failed read is not kept.
   */
  const studyOf = (projectId: string, withConsensus = false, round?: RoundRecord): Promise<StudyTable> => {
    const version = versionOf(projectId);
    const key = `${projectId}${withConsensus ? '|consensus' : ''}${round ? `|round:${round.id}` : ''}`;
    const cached = studies.get(key);
    if (cached?.version === version) return cached.table;
    const table = readProjectStudy(directory, extracts, projectId, { withConsensus, ...(round && { round }) });
    studies.delete(key);
    studies.set(key, { version, table });
    if (studies.size > maxStudies) studies.delete(studies.keys().next().value!);
    table.catch(() => {
      if (studies.get(key)?.table === table) studies.delete(key);
    });
    return table;
  };

  const computeNow = async (projectId: string, request: AgreementRequest, version: string): Promise<Uint8Array<ArrayBuffer>> => {
    const startedAt = Date.now();
    const { bootstrap, against, round: roundId, ...rest } = request;
    const round = roundId === undefined ? undefined : (await directory.listRounds(projectId)).find((r) => r.id === roundId);
    if (roundId !== undefined && !round) throw new AgreementError('invalidInput', `No round ${roundId} in this project`);
    const table = await studyOf(projectId, against === 'consensus', round);
    // The report, its JSON included, is built in the worker: this thread only moves bytes.
    return runner.run({ kind: 'report', table, request: rest, bootstrap: bootstrap ?? null, version, startedAt });
  };

  return {
    versionOf,
    studyOf,
    /** The per-room extracts (progress and code usage count from them too). */
    extracts,
    /** The worker thread, for any other work too heavy for the event loop. */
    runner,
    async compute(projectId: string, request: AgreementRequest): Promise<AgreementResult> {
      const version = versionOf(projectId);
      const json = await reports.get(`${projectId}\u0000${JSON.stringify(request)}`, version, () => computeNow(projectId, request, version));
      return { version, json };
    },
  };
}
export type AgreementService = ReturnType<typeof createAgreementService>;
