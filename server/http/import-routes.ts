import { Hono } from 'hono';
import { ApiErrorCode, type ProjectImportResponse } from '../../shared/api/index.ts';
import type { RefiErrorReason } from '../../shared/refi/index.ts';
import type { AgreementService } from '../agreement/agreement-service.ts';
import { createId } from '../auth/secret-token.ts';
import { eraseProject, type ErasureDeps } from '../deletion/erasure.ts';
import { parseRefiImportRead } from '../interop/import-job.ts';
import { importProject } from '../interop/import-project.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readUploadedFiles } from './uploaded-files.ts';

export interface ImportRoutesDeps extends ErasureDeps {
  /** Its worker thread reads the file. */
  readonly agreement: Pick<AgreementService, 'runner'>;
}

/** The largest `.qdpx` accepted; the body limit in app.ts cuts the upload off at the same size. */
export const maxImportBytes = 64 * 1024 * 1024;

const statusOf = (reason: RefiErrorReason): ApiErrorCode => (reason === 'tooLarge' ? ApiErrorCode.payloadTooLarge : reason === 'invalidModel' ? ApiErrorCode.internal : ApiErrorCode.validation);

/**
 * `POST /api/projects/import` (multipart `file`: one `.qdpx`) — a new project from a REFI-QDA
 * project file (docs/refi.md, "Import"), owned by the signed-in person who sent it. The file is read
 * in the worker thread; a refused file (not a zip, malformed XML, a DTD, an escaping path, a zip
 * bomb …) is a 422 (413 when too large) with a sentence naming the problem, and no project is
 * created. A failure while writing erases the half-made project and its imported coder accounts.
 */
export function importRoutes(deps: ImportRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/projects/import', async (c) => {
    const principal = requirePrincipal(c);
    if (principal.kind === 'admin') throw new ApiError(ApiErrorCode.forbidden, 'The administrator token cannot import a project: the person who imports it becomes its owner. Sign in to import one.');
    const files = await readUploadedFiles(c);
    if (files.length !== 1) throw new ApiError(ApiErrorCode.validation, 'Attach one .qdpx file in the "file" field', 'file');
    const file = files[0]!;
    const read = parseRefiImportRead(await deps.agreement.runner.run({ kind: 'refiImport', fileName: file.name, bytes: file.bytes, maxBytes: maxImportBytes }));
    if (!read.ok) throw new ApiError(statusOf(read.reason), read.message, 'file');

    const fallbackName = file.name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'Imported project';
    const name = (read.project.name.trim() || fallbackName).slice(0, 120);
    const projectId = createId();
    const ownerId = principal.user.id;
    await deps.directory.createProject({ id: projectId, name, ownerId });
    const createdUsers: string[] = [];
    try {
      const report = await importProject(deps, projectId, ownerId, read.project, [...read.skipped], createdUsers, file.name.replace(/^.*[\\/]/, '').slice(0, 200));
      deps.events.emit({ type: 'projectChanged', projectId });
      return c.json<ProjectImportResponse>({ project: { id: projectId, name }, report }, 201);
    } catch (error) {
      await eraseProject(deps, projectId);
      for (const userId of createdUsers) await deps.directory.deleteUser(userId);
      throw error;
    }
  });

  return app;
}
