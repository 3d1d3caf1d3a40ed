import { Hono } from 'hono';
import packageJson from '../../package.json' with { type: 'json' };
import { ApiErrorCode, exportSkippedHeader, ProjectExportFormat, projectExportFormats } from '../../shared/api/index.ts';
import { writeCodebookCsv, writeCodebookMarkdown } from '../../shared/interop-export/index.ts';
import { hasRole } from '../access/room-access.ts';
import type { AgreementService } from '../agreement/agreement-service.ts';
import { exploreRoomsOf } from '../explore/explore-rooms.ts';
import { codebookCodingCounts } from '../interop/codebook-counts.ts';
import { readDecisionLog } from '../interop/decision-log.ts';
import { packRefiProject } from '../interop/export-job.ts';
import { readCodebookExport, readProjectExport } from '../interop/project-export.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError, forbidden } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs, type ProjectAccess } from './project-access.ts';
import { attachment, fileSlug } from './download-name.ts';

export interface ExportRoutesDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
  /** Its worker thread writes the files. */
  readonly agreement: Pick<AgreementService, 'runner'>;
  /** The version the file's `origin` names; package.json's by default. */
  readonly softwareVersion?: string;
  /** The export's time, printed in the Markdown codebook and the workbook's About sheet. */
  readonly now?: () => Date;
}

/** How each format is served: its media type, its file name after the project's, and who may have it. */
const formats: Readonly<Record<ProjectExportFormat, { readonly mediaType: string; readonly suffix: string; readonly ownersOnly: boolean }>> = {
  qdpx: { mediaType: 'application/zip', suffix: '.qdpx', ownersOnly: true },
  qdc: { mediaType: 'application/xml; charset=utf-8', suffix: '.qdc', ownersOnly: true },
  // The codings table holds every coder's layer, like the `.qdpx`.
  csv: { mediaType: 'text/csv; charset=utf-8', suffix: '-codings.csv', ownersOnly: true },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', suffix: '-codings.xlsx', ownersOnly: true },
  // The codebook is what every member works from.
  'codebook-csv': { mediaType: 'text/csv; charset=utf-8', suffix: '-codebook.csv', ownersOnly: false },
  'codebook-md': { mediaType: 'text/markdown; charset=utf-8', suffix: '-codebook.md', ownersOnly: false },
  // Decisions quote every coder's choices, whatever a blind round hides.
  'decisions-csv': { mediaType: 'text/csv; charset=utf-8', suffix: '-reconciliation-log.csv', ownersOnly: true },
};

function readFormat(query: Record<string, string[]>): ProjectExportFormat {
  for (const [name, values] of Object.entries(query)) {
    if (name !== 'format') throw new ApiError(ApiErrorCode.validation, `Unknown parameter ${name.slice(0, 40)}; the export takes format`, name.slice(0, 40));
    if (values.length > 1) throw new ApiError(ApiErrorCode.validation, 'Give format once', 'format');
  }
  const format = query.format?.[0] ?? ProjectExportFormat.qdpx;
  if (!(projectExportFormats as readonly string[]).includes(format)) {
    const list = `${projectExportFormats.slice(0, -1).join(', ')} or ${projectExportFormats.at(-1)}`;
    throw new ApiError(ApiErrorCode.validation, `format must be ${list}; “${format.slice(0, 40)}” is none of them`, 'format');
  }
  return format as ProjectExportFormat;
}

/** A finished file and the codings it left out. */
interface ExportBody {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly skipped: number;
  /** When the reading ended and the writing began (`performance.now()`). */
  readonly read: number;
}

/**
 * `GET /api/projects/:id/export?format=…` — the project as a file (docs/api.md; docs/refi.md,
 * "Export" and "Other exports"):
 * - `qdpx` (default): the whole project as REFI-QDA — transcripts, codebook, every member's layer
 *   and the consensus, memos, attributes — for MAXQDA, ATLAS.ti, NVivo, QualCoder and back; `qdc`
 *   the codebook alone, as REFI-QDA;
 * - `csv`, `xlsx`: the codings table, one row per coding of every layer and the consensus, gathered
 *   exactly as for the `.qdpx` (same snapshot per document, same codings left out);
 * - `codebook-csv`, `codebook-md`: the codebook as a table (with each code's codings the caller may
 *   see) or as a Markdown document;
 * - `decisions-csv`: the reconciliation log, every decision (superseded ones marked), one row per
 *   coding it wrote into the consensus.
 * The REFI-QDA files and the codings table are for owners only: they hold every coder's layer
 * whatever the rounds hide. The codebook CSV and Markdown are for every member. Projects are read on
 * the event loop in time slices, the large files written in the worker thread. `X-Accord-Skipped`
 * counts the codings left out (their text deleted, an offset inside an emoji, a code no longer in
 * the codebook); the `.qdpx`'s project description and the workbook's About sheet name each one.
 */
export function exportRoutes(deps: ExportRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const softwareVersion = deps.softwareVersion ?? packageJson.version;
  const now = deps.now ?? (() => new Date());

  /** The project gathered as for the `.qdpx`, written by the worker as `format`. */
  async function projectFile(access: ProjectAccess, format: 'qdpx' | 'csv' | 'xlsx'): Promise<ExportBody> {
    const exported = await readProjectExport(deps, access, { softwareVersion });
    const read = performance.now();
    const projectJson = await packRefiProject(exported.project);
    const skipped = exported.skipped.length;
    if (format === 'qdpx') return { body: await deps.agreement.runner.run({ kind: 'refiExport', format, projectJson }), skipped, read };
    const generatedAt = now().toISOString();
    const about = [
      `Accord codings — ${access.project.name}`,
      'One row per coding: every member’s layer and the consensus (coder “Consensus”).',
      'start and end count UTF-16 code units from the start of the transcript (0-based, end exclusive), as Accord’s editor does and Excel’s LEN and MID do; text is the passage they span.',
      'created and modified are UTC.',
      `Exported ${generatedAt} by Accord ${softwareVersion}.`,
      ...(exported.project.description?.split('\n') ?? ['No coding was left out.']),
    ];
    const body = await deps.agreement.runner.run({ kind: 'codingsExport', format, projectJson, about, creator: `Accord ${softwareVersion}`, createdAt: generatedAt });
    return { body, skipped, read };
  }

  app.get('/projects/:id/export', async (c) => {
    const started = performance.now();
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const format = readFormat(c.req.queries());
    const served = formats[format];
    if (served.ownersOnly && !hasRole(access.role, 'owner')) {
      const why =
        format === 'qdc'
          ? 'Only owners can export the REFI-QDA codebook; the codebook as CSV or Markdown is open to every member.'
          : `Only owners can export ${format === 'qdpx' ? 'the project file' : format === 'decisions-csv' ? 'the reconciliation log' : 'the codings table'}: it holds every coder’s layer, whatever a blind round hides.`;
      throw forbidden(`${why} You are a ${access.role}.`);
    }
    let file: ExportBody;
    if (format === 'qdpx' || format === 'csv' || format === 'xlsx') file = await projectFile(access, format);
    else if (format === 'qdc') {
      const codebook = await readCodebookExport(deps, access, { softwareVersion });
      if (codebook.codes.length === 0) throw new ApiError(ApiErrorCode.conflict, 'This project’s codebook has no codes yet, so there is no codebook to export.');
      const read = performance.now();
      file = { body: await deps.agreement.runner.run({ kind: 'refiExport', format, codebook }), skipped: 0, read };
    } else if (format === 'decisions-csv') {
      const text = await readDecisionLog(deps, access);
      file = { body: new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>, skipped: 0, read: performance.now() };
    } else {
      const codes = await exploreRoomsOf(deps.registry).codes(access.project.id);
      const text =
        format === 'codebook-csv'
          ? writeCodebookCsv(codes, await codebookCodingCounts(deps.directory, deps.registry, access))
          : writeCodebookMarkdown({ projectName: access.project.name, generatedAt: now().toISOString(), softwareVersion }, codes);
      const read = performance.now();
      file = { body: new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>, skipped: 0, read };
    }
    const { body, skipped, read } = file;
    c.header('Content-Type', served.mediaType);
    c.header('Content-Disposition', attachment(`${fileSlug(access.project.name)}${served.suffix}`));
    c.header('Content-Length', String(body.byteLength));
    c.header('Cache-Control', 'private, no-store');
    c.header(exportSkippedHeader, String(skipped));
    c.header('Server-Timing', `export;dur=${(performance.now() - started).toFixed(1)}, read;dur=${(read - started).toFixed(1)}, write;dur=${(performance.now() - read).toFixed(1)}`);
    return c.body(body);
  });

  return app;
}
