import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import packageJson from '../../package.json' with { type: 'json' };
import { AgreementError } from '../../shared/agreement/index.ts';
import {
  AgreementQueryError,
  excerptPassage,
  formatAgreementQuery,
  readAgreementQuery,
  type AgreementPassages,
  type AgreementQuery,
  type PassageView,
} from '../../shared/agreement-export/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { AgreementRequest, AgreementService } from '../agreement/agreement-service.ts';
import { BodyCache } from '../agreement/body-cache.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError, forbidden } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { visibleAgreementDocuments } from './agreement-visibility.ts';
import { loadProjectAs, type ProjectAccess } from './project-access.ts';
import { attachment, fileSlug } from './download-name.ts';

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

/** Details bodies kept (per project and query, for the current version), least recently used out first. */
const maxDetails = 50;
const maxDetailsBytes = 16 * 1024 * 1024;

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
    ...(query.against && { against: query.against }),
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
  const { agreement } = deps;
  // Details bodies per project version and query: another viewer, or a threshold toggled back,
  // costs nothing.
  const details = new BodyCache(maxDetailsBytes, maxDetails);

  const loadForAgreement = async (c: Context<AppEnv>): Promise<ProjectAccess> => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id') ?? '', 'viewer');
    if (access.role !== 'owner' && access.project.codingMode === 'blind' && !access.project.agreementVisibleInBlind) {
      throw forbidden('Agreement is hidden from coders during a blind round; the project owner can show it');
    }
    return access;
  };

  /** The query, its documents narrowed to those the caller may see (a blind round's are hidden from coders). */
  const visibleQuery = async (access: ProjectAccess, c: Context<AppEnv>, shows: 'statistics' | 'codings'): Promise<AgreementQuery> => {
    const query = readQuery(c);
    const documents = await visibleAgreementDocuments(deps.directory, access, query.documents, shows);
    return documents ? { ...query, documents } : query;
  };

  /** The CSV or HTML report, built in the worker from the live report's cached value for the same query. */
  const exportBody = async (access: ProjectAccess, query: AgreementQuery, format: 'csv' | 'html'): Promise<{ body: Uint8Array<ArrayBuffer>; generatedAt: string }> => {
    const projectId = access.project.id;
    const [snapshot, table, documents] = await Promise.all([
      validated(() => agreement.compute(projectId, toServiceRequest(query))),
      agreement.studyOf(projectId),
      deps.directory.listDocuments(projectId),
    ]);
    const generatedAt = now().toISOString();
    const body = await validated(() =>
      agreement.runner.run({
        kind: 'export',
        format,
        table,
        query,
        snapshot: snapshot.json,
        projectName: access.project.name,
        documents: documents.map((d) => ({ id: d.id, name: d.name })),
        softwareVersion,
        generatedAt,
      }),
    );
    return { body, generatedAt };
  };

  const download = (projectName: string, generatedAt: string, extension: 'csv' | 'html') => `agreement-${fileSlug(projectName)}-${generatedAt.slice(0, 10)}.${extension}`;

  app.get('/projects/:id/agreement/export.csv', async (c) => {
    const access = await loadForAgreement(c);
    const { body, generatedAt } = await exportBody(access, await visibleQuery(access, c, 'statistics'), 'csv');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachment(download(access.project.name, generatedAt, 'csv')));
    c.header('Cache-Control', 'no-store');
    return c.body(body);
  });

  app.get('/projects/:id/agreement/export.html', async (c) => {
    const access = await loadForAgreement(c);
    const { body, generatedAt } = await exportBody(access, await visibleQuery(access, c, 'statistics'), 'html');
    c.header('Content-Type', 'text/html; charset=utf-8');
    c.header('Content-Disposition', attachment(download(access.project.name, generatedAt, 'html')));
    c.header('Cache-Control', 'no-store');
    // The report is a document, not an app: nothing in it may run or load anything.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.body(body);
  });

  app.get('/projects/:id/agreement/details', async (c) => {
    const access = await loadForAgreement(c);
    const { project } = access;
    const query = await visibleQuery(access, c, 'statistics');
    const version = agreement.versionOf(project.id);
    const etag = `"${version}:${crypto.createHash('sha256').update(formatAgreementQuery(query)).digest('base64url').slice(0, 22)}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const documents = (await deps.directory.listDocuments(project.id)).map((d) => ({ id: d.id, name: d.name, length: d.length }));
    // Names live in the directory, not in rooms: a renamed document must not be served from the cache.
    const names = crypto.createHash('sha256').update(JSON.stringify(documents)).digest('base64url');
    const body = await validated(() =>
      details.get(`${project.id}\u0000${formatAgreementQuery(query)}`, `${version}:${names}`, async () => {
        const table = await agreement.studyOf(project.id);
        return agreement.runner.run({ kind: 'details', table, query, version, documents });
      }),
    );
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Type', 'application/json');
    return c.body(body);
  });

  app.get('/projects/:id/agreement/passages', async (c) => {
    const access = await loadForAgreement(c);
    const { project, role } = access;
    // Statistics may be shown during a blind round; the codings behind them may not.
    if (role !== 'owner' && project.codingMode === 'blind') throw forbidden('Passages show other coders’ codings, which stay hidden until the blind round ends');
    const query = await visibleQuery(access, c, 'codings');
    const limitParam = c.req.query('limit');
    const limit = limitParam === undefined ? 100 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxPassages) throw new ApiError(ApiErrorCode.validation, `limit must be a whole number from 1 to ${maxPassages}`, 'limit');
    const table = await agreement.studyOf(project.id);
    const known = (ids: readonly string[] | null, all: readonly { id: string }[], what: string): string[] => {
      if (ids === null) return all.map((x) => x.id);
      const set = new Set(all.map((x) => x.id));
      const unknown = ids.find((id) => !set.has(id));
      if (unknown !== undefined) throw new ApiError(ApiErrorCode.validation, `${what} "${unknown}" is not part of this project's agreement data`, `${what}s`);
      return [...ids];
    };
    const coderIds = known(query.coders, table.coders, 'coder');
    const documentIds = known(query.documents, table.documents, 'document');
    const codeIds = known(query.codes, table.codes, 'code');
    const found = await agreement.runner.run({ kind: 'passages', table, coderIds, documentIds, codeIds, limit });
    // Only the texts of the passages shown are read, one at a time, never loaded into the registry.
    const texts = new Map<string, string>();
    const slice = new TimeSlice();
    for (const documentId of new Set(found.shown.map((p) => p.documentId))) {
      texts.set(documentId, await deps.registry.read(formatRoomName({ kind: 'text', projectId: project.id, documentId }), readTranscriptText));
      await slice.yield();
    }
    const body: AgreementPassages = {
      total: found.total,
      passages: found.shown.map(({ documentId, codeId, passage }): PassageView => ({
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
