import { Hono, type Context } from 'hono';
import type * as Y from 'yjs';
import { ApiErrorCode, type CodebookImportResponse, type ProjectImportPlanResponse, type ProjectImportResponse } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import type { RefiErrorReason } from '../../shared/refi/index.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import type { AgreementService } from '../agreement/agreement-service.ts';
import { createId } from '../auth/secret-token.ts';
import { eraseProject, type ErasureDeps } from '../deletion/erasure.ts';
import { exploreRoomsOf } from '../explore/explore-rooms.ts';
import { parseRefiCodebookRead, parseRefiImportRead, type RefiImportJob } from '../interop/import-job.ts';
import { emptyProject, planCodes, planImport } from '../interop/import-plan.ts';
import { applyImportPlan, newProjectReport, nothingCreated, readExistingProject, undoImport } from '../interop/import-project.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';
import { readUploadedFiles, type UploadedFile } from './uploaded-files.ts';

export interface ImportRoutesDeps extends ErasureDeps {
  /** Its worker thread reads the file. */
  readonly agreement: Pick<AgreementService, 'runner'>;
}

/** The largest `.qdpx` accepted; the body limit in app.ts cuts the upload off at the same size. */
export const maxImportBytes = 64 * 1024 * 1024;

const statusOf = (reason: RefiErrorReason): ApiErrorCode => (reason === 'tooLarge' ? ApiErrorCode.payloadTooLarge : reason === 'invalidModel' ? ApiErrorCode.internal : ApiErrorCode.validation);
const baseName = (name: string) => name.replace(/^.*[\\/]/, '').slice(0, 200);

async function oneFile(c: Context<AppEnv>, what: string): Promise<UploadedFile> {
  const files = await readUploadedFiles(c);
  if (files.length !== 1) throw new ApiError(ApiErrorCode.validation, `Attach one ${what} file in the "file" field`, 'file');
  return files[0]!;
}

/** `Server-Timing` of an import: how long each step took (the benchmark reads it). */
class StepTiming {
  private last = performance.now();
  private readonly steps: string[] = [];
  step(name: string): void {
    const now = performance.now();
    this.steps.push(`${name};dur=${(now - this.last).toFixed(1)}`);
    this.last = now;
  }
  header(): string {
    return this.steps.join(', ');
  }
}

/** `?preview=1` (or `true`): answer the plan, change nothing. */
function isPreview(c: Context<AppEnv>): boolean {
  const value = c.req.query('preview');
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true' || value === '') return true;
  throw new ApiError(ApiErrorCode.validation, 'preview must be 1 or 0', 'preview');
}

/**
 * REFI-QDA import (docs/refi.md, "Import"). Files are read in the worker thread; a refused file
 * (not a zip, malformed XML, a DTD, an escaping path, a zip bomb …) is a 422 (413 when too large)
 * with a sentence naming the problem, and nothing is written. The plan (`import-plan.ts`) is
 * worked out before anything is written; a failure while writing undoes what was written.
 *
 * - `POST /api/projects/import` (multipart `file`: a `.qdpx`): a new project, owned by the person
 *   who sent it, with the file's consensus.
 * - `POST /api/projects/:id/import[?preview=1]` (owners): the file added to the project — matched
 *   documents and codes are not duplicated, each user who coded something new becomes a coder layer.
 * - `POST /api/projects/:id/codebook/import[?preview=1]` (whoever may edit the codebook): the codes
 *   of a `.qdc` (or of a `.qdpx`) added to the codebook.
 * Imports into one project are serialised, so two at once cannot both add the same document.
 */
export function importRoutes(deps: ImportRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const perProject = new KeyedQueue();

  const read = async (file: UploadedFile, want: RefiImportJob['want']) => {
    const job: RefiImportJob = { kind: 'refiImport', fileName: file.name, bytes: file.bytes, maxBytes: maxImportBytes, want };
    // Handed over, not copied, when the bytes are a buffer of their own (up to 64 MB): they are not used here again.
    const own = file.bytes.byteOffset === 0 && file.bytes.byteLength === file.bytes.buffer.byteLength && file.bytes.buffer instanceof ArrayBuffer;
    return deps.agreement.runner.run(job, own ? [file.bytes.buffer as ArrayBuffer] : []);
  };

  app.post('/projects/import', async (c) => {
    const principal = requirePrincipal(c);
    if (principal.kind === 'admin') throw new ApiError(ApiErrorCode.forbidden, 'The administrator token cannot import a project: the person who imports it becomes its owner. Sign in to import one.');
    const file = await oneFile(c, '.qdpx');
    const timing = new StepTiming();
    const result = parseRefiImportRead(await read(file, 'project'));
    if (!result.ok) throw new ApiError(statusOf(result.reason), result.message, 'file');
    timing.step('read');

    const fallbackName = baseName(file.name).replace(/\.[^.]+$/, '') || 'Imported project';
    const name = (result.project.name.trim() || fallbackName).slice(0, 120);
    const projectId = createId();
    const ownerId = principal.user.id;
    const plan = planImport(emptyProject, result.project, result, { ownerId, consensus: 'import', now: Date.now() });
    timing.step('plan');
    await deps.directory.createProject({ id: projectId, name, ownerId });
    const created = nothingCreated();
    try {
      await applyImportPlan(deps, projectId, ownerId, plan, { origin: result.project.origin, fileName: baseName(file.name) }, created);
      timing.step('write');
      c.header('Server-Timing', timing.header());
      deps.events.emit({ type: 'projectChanged', projectId });
      return c.json<ProjectImportResponse>({ project: { id: projectId, name }, report: newProjectReport(plan) }, 201);
    } catch (error) {
      await eraseProject(deps, projectId);
      for (const userId of created.userIds) await deps.directory.deleteUser(userId);
      throw error;
    }
  });

  app.post('/projects/:id/import', async (c) => {
    const preview = isPreview(c);
    const principal = requirePrincipal(c);
    if (principal.kind === 'admin') throw new ApiError(ApiErrorCode.forbidden, 'The administrator token cannot import into a project: imported memos and codes need a person as their author. Sign in as one of its owners.');
    const access = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    const file = await oneFile(c, '.qdpx');
    const timing = new StepTiming();
    const result = parseRefiImportRead(await read(file, 'project'));
    if (!result.ok) throw new ApiError(statusOf(result.reason), result.message, 'file');
    timing.step('read');
    const projectId = access.project.id;
    const ownerId = principal.user.id;
    return perProject.run(projectId, async () => {
      const current = await deps.directory.findProject(projectId);
      if (!current) throw new ApiError(ApiErrorCode.notFound, 'Project not found');
      const existing = await readExistingProject(deps, { ...access, project: current });
      timing.step('project');
      const plan = planImport(existing, result.project, result, { ownerId, consensus: 'ignore', now: Date.now() });
      timing.step('plan');
      const body: ProjectImportPlanResponse = { preview, project: { id: projectId, name: current.name }, report: plan.report };
      c.header('Server-Timing', timing.header());
      if (preview) return c.json(body, 200);
      const created = nothingCreated();
      try {
        await applyImportPlan(deps, projectId, ownerId, plan, { origin: result.project.origin, fileName: baseName(file.name) }, created);
      } catch (error) {
        await undoImport(deps, projectId, created);
        throw error;
      } finally {
        deps.events.emit({ type: 'projectChanged', projectId });
      }
      timing.step('write');
      c.header('Server-Timing', timing.header());
      return c.json(body, 201);
    });
  });

  app.post('/projects/:id/codebook/import', async (c) => {
    const preview = isPreview(c);
    const principal = requirePrincipal(c);
    if (principal.kind === 'admin') throw new ApiError(ApiErrorCode.forbidden, 'The administrator token cannot import a codebook: new codes need a person as their author. Sign in as one of the project’s owners.');
    const access = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'coder');
    if (access.role === 'coder' && !access.project.codersEditCodebook) throw new ApiError(ApiErrorCode.forbidden, 'Only the project’s owners can change its codebook: the owner has not let coders edit it.');
    const file = await oneFile(c, '.qdc');
    const result = parseRefiCodebookRead(await read(file, 'codebook'));
    if (!result.ok) throw new ApiError(statusOf(result.reason), result.message, 'file');
    const projectId = access.project.id;
    const byId = principal.user.id;
    return perProject.run(projectId, async () => {
      const codes = await exploreRoomsOf(deps.registry).codes(projectId);
      const plan = planCodes(codes, result.codebook.codes, result.codebook.sets, { ownerId: byId, now: Date.now() });
      const ignored = [...result.skipped.map((s) => ({ kind: s.kind, name: s.name, reason: s.reason })), ...plan.items.ignored];
      const body: CodebookImportResponse = {
        preview,
        project: { id: projectId, name: access.project.name },
        report: { added: plan.items.added, matched: plan.items.matched, ignored, warnings: result.warnings.map((w) => ({ kind: w.kind, name: w.name, reason: w.reason })), documents: 0, codes: plan.added.length, layers: 0, codings: 0 },
      };
      if (preview) return c.json(body, 200);
      if (plan.added.length > 0) await deps.registry.change(formatRoomName({ kind: 'project', projectId }), (doc: Y.Doc) => doc.transact(() => plan.added.forEach((code) => addCode(doc, code))));
      return c.json(body, 201);
    });
  });

  return app;
}
