import type { CodebookImportResponse, ProjectImportPlanResponse, ProjectImportResponse } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { ImportFlow } from './import-flow.svelte.ts';
import { codebookFileKind, projectFileKind } from './import-file.ts';
import type { ImportPurpose } from './import-steps.ts';

type Uploader = Pick<Api, 'sendFile'>;

const enc = encodeURIComponent;
const query = (purpose: ImportPurpose) => (purpose === 'preview' ? '?preview=1' : '');

/** "Import project…": a `.qdpx` becomes a new project owned by the person importing it. */
export function createNewProjectImport(api: Uploader): ImportFlow<ProjectImportResponse> {
  return new ImportFlow({
    accepts: projectFileKind,
    previewFirst: false,
    send: (file, { onProgress, signal }) => api.sendFile<ProjectImportResponse>('/api/projects/import', file, { onProgress, signal }),
  });
}

/** Settings → "Import from another tool": a `.qdpx` added to this project, after a preview. */
export function createProjectMergeImport(api: Uploader, projectId: string, onImported?: () => void): ImportFlow<ProjectImportPlanResponse> {
  return new ImportFlow({
    accepts: projectFileKind,
    previewFirst: true,
    send: (file, { purpose, onProgress, signal }) => api.sendFile<ProjectImportPlanResponse>(`/api/projects/${enc(projectId)}/import${query(purpose)}`, file, { onProgress, signal }),
    ...(onImported && { onImported }),
  });
}

/** Codebook → "Import codes…": the codes of a `.qdc` (or of a `.qdpx`) added after a preview. */
export function createCodebookImport(api: Uploader, projectId: string): ImportFlow<CodebookImportResponse> {
  return new ImportFlow({
    accepts: codebookFileKind,
    previewFirst: true,
    send: (file, { purpose, onProgress, signal }) => api.sendFile<CodebookImportResponse>(`/api/projects/${enc(projectId)}/codebook/import${query(purpose)}`, file, { onProgress, signal }),
  });
}
