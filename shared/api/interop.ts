/**
 * REFI-QDA interchange over HTTP (docs/api.md, docs/refi.md): `GET /api/projects/:id/export`.
 */

/**
 * What `GET …/export?format=` writes: a REFI-QDA project (`.qdpx`) or codebook (`.qdc`); the codings
 * table as CSV or XLSX (one row per coding, every layer and the consensus); the codebook as CSV or
 * Markdown; the reconciliation log (every decision) as CSV.
 */
export const ProjectExportFormat = { qdpx: 'qdpx', qdc: 'qdc', csv: 'csv', xlsx: 'xlsx', codebookCsv: 'codebook-csv', codebookMd: 'codebook-md', decisionsCsv: 'decisions-csv' } as const;
export type ProjectExportFormat = (typeof ProjectExportFormat)[keyof typeof ProjectExportFormat];
export const projectExportFormats: readonly ProjectExportFormat[] = Object.values(ProjectExportFormat);

/**
 * Response header of a `.qdpx` export: how many codings it left out (their text was deleted, or an
 * offset falls inside a character written with two UTF-16 units). The project's `Description` in
 * the file lists each one.
 */
export const exportSkippedHeader = 'X-Accord-Skipped';

/** `POST /api/projects/import` (multipart `file`: a `.qdpx`): the new project and what was brought in. */
export interface ProjectImportResponse {
  readonly project: { readonly id: string; readonly name: string };
  readonly report: {
    readonly documents: number;
    readonly codes: number;
    readonly codings: number;
    /** Coder layers created (one imported coder account each). */
    readonly layers: number;
    /** What was not imported, each with a sentence saying why. */
    readonly skipped: readonly { readonly kind: string; readonly name: string; readonly reason: string }[];
    /** What was changed on the way in (see `ImportPlanReport.warnings`). */
    readonly warnings: readonly { readonly kind: string; readonly name: string; readonly reason: string }[];
  };
}

/** One thing of a file that an import adds, finds already in the project, or leaves out. */
export interface ImportItem {
  /** `document`, `code`, `layer`, `consensus`, `attribute`, `memo`, `set`, `user`, or a part of the file the reader left out (`source`, `selection`, `coding`, `note`, `case` …). */
  readonly kind: string;
  /** What a person would call it: a document's name, a code's path ("Parent / Child"), a coder's name. */
  readonly name: string;
  /** Why it is matched or ignored (absent for an added item), as a sentence. */
  readonly reason?: string;
  /** For a coder layer: how many codings it brings. */
  readonly codings?: number;
}

/**
 * `POST /api/projects/:id/import[?preview=1]` (multipart `file`: a `.qdpx`) — a file added to an
 * existing project (owners only). Documents are matched by their text (a hash of it, after Accord's
 * normalisation), codes by GUID then by path then by a unique name; each user who coded becomes a
 * new coder layer unless everything they coded is already in the project. The preview (200)
 * answers exactly what the import (201) then does, and changes nothing.
 */
export interface ProjectImportPlanResponse {
  readonly preview: boolean;
  readonly project: { readonly id: string; readonly name: string };
  readonly report: ImportPlanReport;
}

export interface ImportPlanReport {
  /** What the file brings that the project does not have. */
  readonly added: readonly ImportItem[];
  /** What the file has that the project already has (reason: how it was matched). */
  readonly matched: readonly ImportItem[];
  /** What the file has that is not imported, each with why (unreadable parts of the file included). */
  readonly ignored: readonly ImportItem[];
  /** What was changed on the way in (grouped by kind and reason, with the first names): a missing namespace, a coding naming no user, a passage widened to a whole character … */
  readonly warnings: readonly ImportItem[];
  /** Totals of `added`: documents, codes, coder layers and the codings placed. */
  readonly documents: number;
  readonly codes: number;
  readonly layers: number;
  readonly codings: number;
}

/**
 * `POST /api/projects/:id/codebook/import[?preview=1]` (multipart `file`: a `.qdc`, or a `.qdpx`
 * whose codebook is wanted) — codes added to the project's codebook (editors and owners), matched
 * as for a project import; `report` lists codes only (kind `code`, and `set` for stage/domain sets).
 */
export type CodebookImportResponse = ProjectImportPlanResponse;
