import { Hono } from 'hono';
import packageJson from '../../package.json' with { type: 'json' };
import { ApiErrorCode, exportSkippedHeader, projectExportFormats, type ProjectExportFormat } from '../../shared/api/index.ts';
import type { AgreementService } from '../agreement/agreement-service.ts';
import { packRefiProject } from '../interop/export-job.ts';
import { readCodebookExport, readProjectExport } from '../interop/project-export.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';
import { attachment, fileSlug } from './download-name.ts';

export interface ExportRoutesDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
  /** Its worker thread writes the files. */
  readonly agreement: Pick<AgreementService, 'runner'>;
  /** The version the file's `origin` names; package.json's by default. */
  readonly softwareVersion?: string;
}

const mediaTypes: Readonly<Record<ProjectExportFormat, string>> = {
  qdpx: 'application/zip',
  qdc: 'application/xml; charset=utf-8',
};

function readFormat(query: Record<string, string[]>): ProjectExportFormat {
  for (const [name, values] of Object.entries(query)) {
    if (name !== 'format') throw new ApiError(ApiErrorCode.validation, `Unknown parameter ${name.slice(0, 40)}; the export takes format`, name.slice(0, 40));
    if (values.length > 1) throw new ApiError(ApiErrorCode.validation, 'Give format once', 'format');
  }
  const format = query.format?.[0] ?? 'qdpx';
  if (!(projectExportFormats as readonly string[]).includes(format)) throw new ApiError(ApiErrorCode.validation, `format must be ${projectExportFormats.join(' or ')}`, 'format');
  return format as ProjectExportFormat;
}

/**
 * `GET /api/projects/:id/export?format=qdpx|qdc` — the project as a REFI-QDA file (docs/refi.md,
 * "Export"): `qdpx` (default) the whole project — transcripts, codebook, every member's layer and
 * the consensus, memos, attributes — for MAXQDA, ATLAS.ti, NVivo, QualCoder and back; `qdc` the
 * codebook alone. Owners only: the file holds every coder's layer whatever the rounds hide. Read
 * on the event loop in time slices, written in the worker thread. `X-Accord-Skipped` counts the
 * codings left out (their text deleted, or an offset inside an emoji); the file's project
 * description names each one.
 */
export function exportRoutes(deps: ExportRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const softwareVersion = deps.softwareVersion ?? packageJson.version;

  app.get('/projects/:id/export', async (c) => {
    const started = performance.now();
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const format = readFormat(c.req.queries());
    let body: Uint8Array<ArrayBuffer>;
    let skipped = 0;
    let read: number;
    if (format === 'qdpx') {
      const exported = await readProjectExport(deps, access, { softwareVersion });
      read = performance.now();
      skipped = exported.skipped.length;
      body = await deps.agreement.runner.run({ kind: 'refiExport', format, projectJson: await packRefiProject(exported.project) });
    } else {
      const codebook = await readCodebookExport(deps, access, { softwareVersion });
      if (codebook.codes.length === 0) throw new ApiError(ApiErrorCode.conflict, 'This project’s codebook has no codes yet, so there is no codebook to export.');
      read = performance.now();
      body = await deps.agreement.runner.run({ kind: 'refiExport', format, codebook });
    }
    const name = `${fileSlug(access.project.name)}.${format}`;
    c.header('Content-Type', mediaTypes[format]);
    c.header('Content-Disposition', attachment(name));
    c.header('Content-Length', String(body.byteLength));
    c.header('Cache-Control', 'private, no-store');
    c.header(exportSkippedHeader, String(skipped));
    c.header('Server-Timing', `export;dur=${(performance.now() - started).toFixed(1)}, read;dur=${(read - started).toFixed(1)}, write;dur=${(performance.now() - read).toFixed(1)}`);
    return c.body(body);
  });

  return app;
}
