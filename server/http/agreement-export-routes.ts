import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import packageJson from '../../package.json' with { type: 'json' };
import { AgreementError, buildAgreementReport, type Measure, type ReportOptions, type ReportUnit, type StudyCoding } from '../../shared/agreement/index.ts';
import {
  AgreementQueryError,
  buildAgreementCsv,
  buildAgreementHtml,
  disagreeingPassages,
  excerptPassage,
  formatAgreementQuery,
  readAgreementQuery,
  sectionUnitCounts,
  type AgreementDetails,
  type AgreementPassages,
  type AgreementQuery,
  type DisagreeingPassage,
  type ExportInput,
  type PassageView,
} from '../../shared/agreement-export/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { AgreementRequest, AgreementService } from '../agreement/agreement-service.ts';
import { readProjectStudy, type ProjectStudy } from '../agreement/project-study.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError, forbidden } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs, type ProjectAccess } from './project-access.ts';

export interface AgreementExportDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
  readonly agreement: AgreementService;
  /** The version the HTML report states; package.json's by default. */
  readonly softwareVersion?: string;
  readonly now?: () => Date;
}

/** Most passages one request lists (the total is still counted). */
const maxPassages = 500;

/** The alpha the dashboard's table, heatmap and exports lead with: |u-alpha per code on characters, else alpha. */
function headlineMeasure(query: AgreementQuery): Measure {
  return query.unit === 'character' ? 'per_code_binary_u_alpha' : 'krippendorff_alpha';
}

// The live route's request for the same query string, field for field, so both share its cache.
function toServiceRequest(query: AgreementQuery): AgreementRequest {
  return {
    unit: query.unit,
    ...(query.threshold !== null && { overlapThreshold: query.threshold, maxqdaThreshold: query.threshold }),
    ...(query.measures && { measures: query.measures }),
    ...(query.coders && { coderIds: query.coders }),
    ...(query.documents && { documentIds: query.documents }),
    ...(query.codes && { codeIds: query.codes }),
    excludeUncoded: query.excludeUncoded,
    ...(query.bootstrap && { bootstrap: query.bootstrap }),
  };
}

function reportOptions(query: AgreementQuery, project: ProjectStudy): ReportOptions & { readonly unit: ReportUnit } {
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

function readQuery(c: Context<AppEnv>): AgreementQuery {
  try {
    return readAgreementQuery(c.req.query());
  } catch (error) {
    if (error instanceof AgreementQueryError) throw new ApiError(ApiErrorCode.validation, error.message, error.field);
    throw error;
  }
}

/** Bad selections (an unknown coder, a measure that does not apply) are the caller's to fix: 422. */
async function validated<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AgreementError) throw new ApiError(ApiErrorCode.validation, error.message);
    throw error;
  }
}

/** "Implementation study: wave 2" → "implementation-study-wave-2" (ASCII, for file names). */
function slug(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'project';
}

function attachment(name: string): string {
  return `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The dashboard's companions to `GET /api/projects/:id/agreement`, with the same query string and
 * access rules (owners always; coders and viewers not during a blind round unless the owner
 * allowed it):
 * - `…/agreement/export.csv` and `…/agreement/export.html`: the report as a download;
 * - `…/agreement/details`: document names, units compared per section, code × document alphas
 *   (ETag + 304 like the live report);
 * - `…/agreement/passages`: where the coders disagree, with the text (others' codings: never
 *   shown to coders and viewers during a blind round).
 */
export function agreementExportRoutes(deps: AgreementExportDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const softwareVersion = deps.softwareVersion ?? packageJson.version;
  const now = deps.now ?? (() => new Date());
  // One study per project, re-read when the project's version moves on (the version is read
  // first, so the study is never older than the version it is filed under).
  const studies = new Map<string, { version: string; study: Promise<ProjectStudy> }>();

  const studyOf = (projectId: string): Promise<ProjectStudy> => {
    const version = deps.agreement.versionOf(projectId);
    const cached = studies.get(projectId);
    if (cached?.version === version) return cached.study;
    const study = readProjectStudy(deps.directory, deps.registry, projectId);
    studies.delete(projectId);
    studies.set(projectId, { version, study });
    if (studies.size > 20) studies.delete(studies.keys().next().value!);
    // A failed read is not kept: the caller gets the error, the next request tries again.
    study.catch(() => {
      if (studies.get(projectId)?.study === study) studies.delete(projectId);
    });
    return study;
  };

  const loadForAgreement = async (c: Context<AppEnv>): Promise<ProjectAccess> => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id') ?? '', 'viewer');
    if (access.role !== 'owner' && access.project.codingMode === 'blind' && !access.project.agreementVisibleInBlind) {
      throw forbidden('Agreement is hidden from coders during a blind round; the project owner can show it');
    }
    return access;
  };

  const exportInput = async (access: ProjectAccess, query: AgreementQuery): Promise<ExportInput> => {
    const projectId = access.project.id;
    const [snapshot, study, documents] = await Promise.all([
      validated(() => deps.agreement.compute(projectId, toServiceRequest(query))),
      studyOf(projectId),
      deps.directory.listDocuments(projectId),
    ]);
    const options = reportOptions(query, study);
    const cells = await validated(() =>
      buildAgreementReport(study.study, {
        ...options,
        ...(query.measures && { measures: query.measures }),
        sections: { perCode: false, perDocument: false, perCoderPair: false, perDomain: false, perCodeDocument: true },
      }),
    );
    return {
      projectName: access.project.name,
      query,
      snapshot,
      documents: documents.map((d) => ({ id: d.id, name: d.name })),
      unitCounts: await validated(() => sectionUnitCounts(study.study, { ...options, excludeUncoded: query.excludeUncoded })),
      perCodeDocument: cells.perCodeDocument,
      softwareVersion,
      generatedAt: now().toISOString(),
    };
  };

  const download = (input: ExportInput, extension: 'csv' | 'html') => `agreement-${slug(input.projectName)}-${input.generatedAt.slice(0, 10)}.${extension}`;

  app.get('/projects/:id/agreement/export.csv', async (c) => {
    const access = await loadForAgreement(c);
    const input = await exportInput(access, readQuery(c));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachment(download(input, 'csv')));
    c.header('Cache-Control', 'no-store');
    return c.body(buildAgreementCsv(input));
  });

  app.get('/projects/:id/agreement/export.html', async (c) => {
    const access = await loadForAgreement(c);
    const input = await exportInput(access, readQuery(c));
    c.header('Content-Type', 'text/html; charset=utf-8');
    c.header('Content-Disposition', attachment(download(input, 'html')));
    c.header('Cache-Control', 'no-store');
    // The report is a document, not an app: nothing in it may run or load anything.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.body(buildAgreementHtml(input));
  });

  app.get('/projects/:id/agreement/details', async (c) => {
    const { project } = await loadForAgreement(c);
    const query = readQuery(c);
    const version = deps.agreement.versionOf(project.id);
    const etag = `"${version}:${crypto.createHash('sha256').update(formatAgreementQuery(query)).digest('base64url').slice(0, 22)}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const [study, documents] = await Promise.all([studyOf(project.id), deps.directory.listDocuments(project.id)]);
    const options = reportOptions(query, study);
    const cells = await validated(() =>
      buildAgreementReport(study.study, {
        ...options,
        measures: [headlineMeasure(query)],
        sections: { perCode: false, perDocument: false, perCoderPair: false, perDomain: false, perCodeDocument: true },
      }),
    );
    const body: AgreementDetails = {
      version,
      documents: documents.map((d) => ({ id: d.id, name: d.name, length: d.length })),
      unitCounts: sectionUnitCounts(study.study, { ...options, excludeUncoded: query.excludeUncoded }),
      perCodeDocument: cells.perCodeDocument,
    };
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-cache');
    return c.json(body);
  });

  app.get('/projects/:id/agreement/passages', async (c) => {
    const { project, role } = await loadForAgreement(c);
    // Statistics may be shown during a blind round; the codings behind them may not.
    if (role !== 'owner' && project.codingMode === 'blind') throw forbidden('Passages show other coders’ codings, which stay hidden until the blind round ends');
    const query = readQuery(c);
    const limitParam = c.req.query('limit');
    const limit = limitParam === undefined ? 100 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxPassages) throw new ApiError(ApiErrorCode.validation, `limit must be a whole number from 1 to ${maxPassages}`, 'limit');
    const { study } = await studyOf(project.id);
    const known = (ids: readonly string[] | null, all: readonly { id: string }[], what: string): string[] => {
      if (ids === null) return all.map((x) => x.id);
      const set = new Set(all.map((x) => x.id));
      const unknown = ids.find((id) => !set.has(id));
      if (unknown !== undefined) throw new ApiError(ApiErrorCode.validation, `${what} "${unknown}" is not part of this project's agreement data`, `${what}s`);
      return [...ids];
    };
    const coderIds = known(query.coders, study.coders, 'coder');
    const documentIds = known(query.documents, study.documents, 'document');
    const codeIds = known(query.codes, study.codes, 'code');
    const cells = new Map<string, StudyCoding[]>();
    for (const coding of study.codings) {
      const key = `${coding.documentId}\u0000${coding.codeId}`;
      const list = cells.get(key);
      if (list) list.push(coding);
      else cells.set(key, [coding]);
    }
    const found: { documentId: string; codeId: string; passage: DisagreeingPassage }[] = [];
    if (coderIds.length >= 2) {
      for (const documentId of documentIds) {
        for (const codeId of codeIds) {
          for (const passage of disagreeingPassages(cells.get(`${documentId}\u0000${codeId}`) ?? [], coderIds)) found.push({ documentId, codeId, passage });
        }
      }
    }
    const shown = found.slice(0, limit);
    const texts = new Map<string, string>();
    for (const documentId of new Set(shown.map((p) => p.documentId))) {
      texts.set(documentId, await deps.registry.read(formatRoomName({ kind: 'text', projectId: project.id, documentId }), readTranscriptText));
    }
    const body: AgreementPassages = {
      total: found.length,
      passages: shown.map(({ documentId, codeId, passage }): PassageView => ({
        documentId,
        codeId,
        start: passage.start,
        end: passage.end,
        kind: passage.kind,
        disagreeingCharacters: passage.disagreeingCharacters,
        coders: passage.coders,
        excerpt: excerptPassage(texts.get(documentId) ?? '', passage),
      })),
    };
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });

  return app;
}
