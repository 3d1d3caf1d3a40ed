/**
 * REFI-QDA interchange over HTTP (docs/api.md, docs/refi.md): `GET /api/projects/:id/export`.
 */

/** What `GET …/export?format=` writes: a REFI-QDA project (`.qdpx`) or codebook (`.qdc`). */
export const ProjectExportFormat = { qdpx: 'qdpx', qdc: 'qdc' } as const;
export type ProjectExportFormat = (typeof ProjectExportFormat)[keyof typeof ProjectExportFormat];
export const projectExportFormats: readonly ProjectExportFormat[] = [ProjectExportFormat.qdpx, ProjectExportFormat.qdc];

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
  };
}
