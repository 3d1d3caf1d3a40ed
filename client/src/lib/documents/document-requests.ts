import type {
  ChangeSetDocumentsRequest,
  ChangeSetDocumentsResponse,
  CreateDocumentSetRequest,
  DocumentSetsResponse,
  DocumentSetView,
  DocumentView,
} from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';

/** The document and set routes (docs/api.md), sent through the app's `Api` (its CSRF token, its errors). */
const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;

export function renameDocument(api: Api, projectId: string, documentId: string, name: string): Promise<DocumentView> {
  return api.send<DocumentView>('PATCH', `${base(projectId)}/documents/${encodeURIComponent(documentId)}`, { name });
}

export function fetchDocumentSets(api: Api, projectId: string): Promise<DocumentSetsResponse> {
  return api.send<DocumentSetsResponse>('GET', `${base(projectId)}/sets`);
}

export function createDocumentSet(api: Api, projectId: string, body: CreateDocumentSetRequest): Promise<DocumentSetView> {
  return api.send<DocumentSetView>('POST', `${base(projectId)}/sets`, body);
}

export function renameDocumentSet(api: Api, projectId: string, setId: string, name: string): Promise<DocumentSetView> {
  return api.send<DocumentSetView>('PATCH', `${base(projectId)}/sets/${encodeURIComponent(setId)}`, { name });
}

export function deleteDocumentSet(api: Api, projectId: string, setId: string): Promise<void> {
  return api.send<void>('DELETE', `${base(projectId)}/sets/${encodeURIComponent(setId)}`);
}

export function changeSetDocuments(api: Api, projectId: string, setId: string, body: ChangeSetDocumentsRequest): Promise<ChangeSetDocumentsResponse> {
  return api.send<ChangeSetDocumentsResponse>('POST', `${base(projectId)}/sets/${encodeURIComponent(setId)}/documents`, body);
}
