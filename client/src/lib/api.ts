import type {
  CodingProgress,
  AcceptInviteResponse,
  AuthOptionsResponse,
  ChangePasswordRequest,
  ChangePasswordResponse,
  CreateDocumentRequest,
  CreateInviteRequest,
  CreateProjectRequest,
  CreateTokenResponse,
  DocumentView,
  InvitePreview,
  InviteView,
  LoginRequest,
  MemberView,
  ProjectView,
  Role,
  SessionResponse,
  SignupRequest,
  SignupResponse,
  TokenView,
  UpdateProjectRequest,
} from '../../../shared/api/index.ts';
import { ApiError, readApiError } from './api-error.ts';
import type { AccountDeletionPreview, CodingsAsOf, DecideRequest, DecisionView, DeleteAccountRequest, HistoryPage, LociResponse, LocusCommentView, PreMergeResponse } from '../../../shared/api/types.ts';
import type { PreMergeStrategy } from '../../../shared/reconcile/index.ts';
import type { AgreementDetails, AgreementPassages, AgreementSnapshot } from '../../../shared/agreement-export/index.ts';
import type { PathwayGraph } from '../../../shared/pathways/types.ts';
import { conditionalGet } from './agreement/conditional-get.ts';
import { readJsonAnswer, sendFile, sendUpload, type ImportResponse } from './import/upload-request.ts';
import type { AttributeField, AttributeValue } from '../../../shared/model/attributes.ts';
import { sendAttributeTable, type AttributeImportResult } from './attributes/attribute-import-request.ts';
import type { AdvanceRoundRequest, CreateRoundRequest, RoundsResponse, RoundView, SubmissionView } from '../../../shared/api/index.ts';
import { sendPhaseChange, type PhaseChange } from './rounds/phase-request.ts';

export type { InvitePreview };
/** `GET /api/projects/:id/invites`: an invite that can still be used (the link itself is never shown again). */
export interface OpenInvite {
  readonly id: string;
  readonly role: Role;
  readonly maxUses: number;
  readonly uses: number;
  readonly expiresAt: string;
  readonly createdAt: string;
}

/** `POST /api/projects/:id/history/revert`: one event, or everything one account did to codings after a moment. */
export type RevertHistoryRequest = { readonly seq: number; readonly reason: string } | { readonly userId: string; readonly since: string; readonly reason: string };

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `GET /api/projects/:id/codes/:codeId/usage`: codings of a code in the layers the caller may read. */
export interface CodeUsage {
  readonly codings: number;
  readonly byCoder: Readonly<Record<string, number>>;
  readonly byDocument: Readonly<Record<string, number>>;
  readonly consensus: number;
}
/** `POST /api/projects/:id/codes/merges/:mergeId/undo`. */
export interface CodeMergeUndone {
  readonly mergeId: string;
  readonly restored: number;
  /** Codings changed or deleted since the merge, left as they are. */
  readonly notRestored: number;
}

/**
 * The REST API (docs/api.md), typed. The session cookie travels by itself; the CSRF token lives
 * here, in memory only, and is sent on every state change. Every failure is an `ApiError`.
 */
export class Api {
  /** Set by the session after sign-in or `GET /api/me`; never stored anywhere else. */
  csrfToken: string | null = null;
  /** Called when a request made with a session is refused as signed out (the session expired). */
  onSessionLost: (() => void) | null = null;

  constructor(private readonly baseUrl = '') {}

  me = () => this.#request<SessionResponse>('GET', '/api/me');
  /** Who may sign up here (open, invite links only, closed), asked before anyone is signed in. */
  authOptions = () => this.#request<AuthOptionsResponse>('GET', '/api/auth/options');
  signup = (body: SignupRequest) => this.#request<SignupResponse>('POST', '/api/auth/signup', body);
  login = (body: LoginRequest) => this.#request<SessionResponse>('POST', '/api/auth/login', body);
  logout = () => this.#request<void>('POST', '/api/auth/logout');
  changePassword = (body: ChangePasswordRequest) => this.#request<ChangePasswordResponse>('POST', '/api/auth/password', body);

  listTokens = () => this.#request<TokenView[]>('GET', '/api/tokens');
  createToken = (name: string) => this.#request<CreateTokenResponse>('POST', '/api/tokens', { name });
  revokeToken = (id: string) => this.#request<void>('DELETE', `/api/tokens/${enc(id)}`);

  listProjects = () => this.#request<ProjectView[]>('GET', '/api/projects');
  createProject = (body: CreateProjectRequest) => this.#request<ProjectView>('POST', '/api/projects', body);
  getProject = (id: string) => this.#request<ProjectView>('GET', `/api/projects/${enc(id)}`);
  updateProject = (id: string, body: UpdateProjectRequest) => this.#request<ProjectView>('PATCH', `/api/projects/${enc(id)}`, body);
  deleteProject = (id: string) => this.#request<void>('DELETE', `/api/projects/${enc(id)}`);

  listMembers = (projectId: string) => this.#request<MemberView[]>('GET', `/api/projects/${enc(projectId)}/members`);
  updateMember = (projectId: string, userId: string, role: Role) =>
    this.#request<{ userId: string; role: Role }>('PATCH', `/api/projects/${enc(projectId)}/members/${enc(userId)}`, { role });
  removeMember = (projectId: string, userId: string) => this.#request<void>('DELETE', `/api/projects/${enc(projectId)}/members/${enc(userId)}`);

  createInvite = (projectId: string, body: CreateInviteRequest) => this.#request<InviteView>('POST', `/api/projects/${enc(projectId)}/invites`, body);
  acceptInvite = (code: string) => this.#request<AcceptInviteResponse>('POST', `/api/invites/${enc(code)}/accept`);
  previewInvite = (code: string) => this.#request<InvitePreview>('GET', `/api/invites/${enc(code)}`);
  listInvites = (projectId: string) => this.#request<OpenInvite[]>('GET', `/api/projects/${enc(projectId)}/invites`);
  withdrawInvite = (projectId: string, inviteId: string) => this.#request<void>('DELETE', `/api/projects/${enc(projectId)}/invites/${enc(inviteId)}`);

  /** Creates a demo project owned by the caller (seventeen transcripts, a codebook, two coders' layers). */
  createDemoProject = () => this.#request<{ projectId: string }>('POST', '/api/demo');

  listDocuments = (projectId: string) => this.#request<DocumentView[]>('GET', `/api/projects/${enc(projectId)}/documents`);
  progress = (projectId: string) => this.#request<CodingProgress>('GET', `/api/projects/${enc(projectId)}/progress`);
  createDocument = (projectId: string, body: CreateDocumentRequest) => this.#request<DocumentView>('POST', `/api/projects/${enc(projectId)}/documents`, body);

  /** Participant attributes: the project's whole field list, one document's values (null clears), a CSV table. */
  setAttributeFields = (projectId: string, fields: readonly AttributeField[]) =>
    this.#request<{ fields: AttributeField[] }>('PUT', `/api/projects/${enc(projectId)}/attribute-fields`, { fields });
  updateDocumentAttributes = (projectId: string, documentId: string, attributes: Record<string, AttributeValue>) =>
    this.#request<DocumentView>('PATCH', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}`, { attributes });
  importAttributes = (projectId: string, csv: string): Promise<AttributeImportResult> =>
    this.#watching(sendAttributeTable(`${this.baseUrl}/api/projects/${enc(projectId)}/attributes/import`, csv, this.csrfToken));

  /** Uploads one transcript file (multipart), reporting the fraction sent; resolves with its per-file result. */
  importDocument = async (projectId: string, file: File, onProgress: (fraction: number) => void): Promise<ImportResponse> => {
    try {
      return await sendUpload({ url: `${this.baseUrl}/api/projects/${enc(projectId)}/documents`, file, csrfToken: this.csrfToken, onProgress });
    } catch (error) {
      if (error instanceof ApiError && error.reason === 'unauthorized' && this.csrfToken) this.onSessionLost?.();
      throw error;
    }
  };

  getCodeUsage = (projectId: string, codeId: string) => this.#request<CodeUsage>('GET', `/api/projects/${enc(projectId)}/codes/${enc(codeId)}/usage`);
  /** Recodes every coding of `codeId` to `into` and removes `codeId` (owners); undoable by `mergeId`. */
  mergeCode = (projectId: string, codeId: string, into: string) =>
    this.#request<{ mergeId: string; recoded: number }>('POST', `/api/projects/${enc(projectId)}/codes/${enc(codeId)}/merge`, { into });
  undoCodeMerge = (projectId: string, mergeId: string) => this.#request<CodeMergeUndone>('POST', `/api/projects/${enc(projectId)}/codes/merges/${enc(mergeId)}/undo`);

  /** Deleting for good: a document with every coding of it (owners); one's own account, confirmed by its password. */
  deleteDocument = (projectId: string, documentId: string) => this.#request<void>('DELETE', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}`);
  previewAccountDeletion = () => this.#request<AccountDeletionPreview>('GET', '/api/me/deletion');
  deleteAccount = (body: DeleteAccountRequest) => this.#request<void>('DELETE', '/api/me', body);

  /** The live agreement report (query: see formatAgreementQuery); `null` when unchanged since `etag` (304). */
  getAgreement = (projectId: string, query: string, etag: string | null) => this.#watching(conditionalGet<AgreementSnapshot>(`${this.baseUrl}/api/projects/${enc(projectId)}/agreement?${query}`, etag));
  getAgreementDetails = (projectId: string, query: string, etag: string | null) =>
    this.#watching(conditionalGet<AgreementDetails>(`${this.baseUrl}/api/projects/${enc(projectId)}/agreement/details?${query}`, etag));
  getAgreementPassages = (projectId: string, query: string) => this.#request<AgreementPassages>('GET', `/api/projects/${enc(projectId)}/agreement/passages?${query}`);
  agreementExportUrl = (projectId: string, format: 'csv' | 'html', query: string) => `${this.baseUrl}/api/projects/${enc(projectId)}/agreement/export.${format}?${query}`;

  /**
   * The merged pathway graph of the project's stage codings (docs/api.md), polled with
   * `If-None-Match` like the agreement report; `query` is `layer`, `merge`, `k`, `minParticipants`…
   * without `format`. The export URL is the same endpoint with a `format`.
   */
  getPathways = (projectId: string, query: string, etag: string | null) => this.#watching(conditionalGet<PathwayGraph>(`${this.baseUrl}/api/projects/${enc(projectId)}/pathways?${query}`, etag));
  pathwaysExportUrl = (projectId: string, query: string, format: string) => `${this.baseUrl}/api/projects/${enc(projectId)}/pathways?${query ? `${query}&` : ''}format=${enc(format)}`;

  /**
   * Reconciliation of one document: where the coders disagree (polled), the decisions (superseded
   * ones included), deciding a locus (owners; 409 `alreadyDecided` when someone else decided it
   * first) and the pre-merge (owners).
   */
  getLoci = (projectId: string, documentId: string) => this.#request<LociResponse>('GET', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}/loci`);
  listDecisions = (projectId: string, documentId: string) => this.#request<{ decisions: DecisionView[] }>('GET', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}/decisions`);
  decide = (projectId: string, documentId: string, body: DecideRequest) => this.#request<{ decision: DecisionView }>('POST', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}/decisions`, body);
  preMerge = (projectId: string, documentId: string, strategy: PreMergeStrategy) => this.#request<PreMergeResponse>('POST', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}/premerge`, { strategy });
  /** The discussion of a document's passages (everyone who sees the loci reads; coders and owners write). */
  listComments = (projectId: string, documentId: string) => this.#request<{ comments: LocusCommentView[] }>('GET', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}/comments`);
  addComment = (projectId: string, documentId: string, locusId: string, body: string) => this.#request<LocusCommentView>('POST', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}/comments`, { locusId, body });

  /**
   * The coding history (docs/api.md): a page of events (`query` from `historyQuery`), a document's
   * codings as of an event (a seq) or a moment (an ISO time), and reverting (owners; 409 when what
   * the event changed has changed since, 422 for the consensus, 404 for an unknown event).
   */
  getHistory = (projectId: string, query: string) => this.#request<HistoryPage>('GET', `/api/projects/${enc(projectId)}/history?${query}`);
  getCodingsAsOf = (projectId: string, documentId: string, asOf: number | string) =>
    this.#request<CodingsAsOf>('GET', `/api/projects/${enc(projectId)}/documents/${enc(documentId)}/codings?asOf=${enc(String(asOf))}`);
  revertHistory = (projectId: string, body: RevertHistoryRequest) => this.#request<HistoryPage>('POST', `/api/projects/${enc(projectId)}/history/revert`, body);

  /**
   * Coding rounds (docs/api.md): the rounds with each coder's latest submissions (any member);
   * creating, renaming and deleting (owners; documents change and rounds are deleted only in
   * setup); moving a round on (owners; a reveal refused for missing submissions resolves with
   * who is missing, `force` reveals anyway); submitting one's own layer of a document, and
   * re-opening a submission (one's own while blind; an owner anyone's until locked).
   */
  listRounds = (projectId: string) => this.#request<RoundsResponse>('GET', `/api/projects/${enc(projectId)}/rounds`);
  createRound = (projectId: string, body: CreateRoundRequest) => this.#request<RoundView>('POST', `/api/projects/${enc(projectId)}/rounds`, body);
  updateRound = (projectId: string, roundId: string, body: Partial<CreateRoundRequest>) => this.#request<RoundView>('PATCH', `/api/projects/${enc(projectId)}/rounds/${enc(roundId)}`, body);
  deleteRound = (projectId: string, roundId: string) => this.#request<void>('DELETE', `/api/projects/${enc(projectId)}/rounds/${enc(roundId)}`);
  advanceRound = (projectId: string, roundId: string, body: AdvanceRoundRequest): Promise<PhaseChange> =>
    this.#watching(sendPhaseChange(`${this.baseUrl}/api/projects/${enc(projectId)}/rounds/${enc(roundId)}/phase`, body, this.csrfToken));
  submitRoundDocument = (projectId: string, roundId: string, documentId: string) =>
    this.#request<SubmissionView>('POST', `/api/projects/${enc(projectId)}/rounds/${enc(roundId)}/documents/${enc(documentId)}/submit`, {});
  reopenRoundDocument = (projectId: string, roundId: string, documentId: string, userId?: string) =>
    this.#request<SubmissionView>('POST', `/api/projects/${enc(projectId)}/rounds/${enc(roundId)}/documents/${enc(documentId)}/reopen`, userId === undefined ? {} : { userId });

  /** A refused session on a polled call ends the session like any other call. */
  async #watching<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof ApiError && error.reason === 'unauthorized' && this.csrfToken) this.onSessionLost?.();
      throw error;
    }
  }

  /**
   * One JSON request to the API: the one place that sends the CSRF token, turns every failure
   * into an `ApiError` and notices a lost session. Feature modules (explore, assignments,
   * administration) call it rather than `fetch`; `signal` cancels a superseded read.
   */
  send<T>(method: Method, path: string, body?: unknown, options: { readonly signal?: AbortSignal | undefined } = {}): Promise<T> {
    return this.#request<T>(method, path, body, options.signal);
  }

  /**
   * A GET whose answer is not JSON (a file): the same credentials and errors as `send`, the
   * response handed back unread so the caller can follow its bytes arriving.
   */
  fetchFile(path: string, options: { readonly accept: string; readonly signal?: AbortSignal | undefined }): Promise<Response> {
    return this.#fetch('GET', path, undefined, options.signal, options.accept);
  }

  /**
   * Uploads one file (multipart field `file`), reporting the bytes sent: the same credentials and
   * errors as `send`; resolves with the JSON answer of a 200 or 201.
   */
  sendFile<T>(path: string, file: File, options: { readonly onProgress: (sent: number, total: number) => void; readonly signal?: AbortSignal | undefined }): Promise<T> {
    const read = (status: number, text: string) => (status === 200 || status === 201 ? readJsonAnswer<T>(text) : null);
    return this.#watching(sendFile<T>({ url: `${this.baseUrl}${path}`, file, csrfToken: this.csrfToken, read, ...options }));
  }

  async #request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.#fetch(method, path, body, signal, 'application/json');
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** Sends one request; every failure becomes an `ApiError`, and a refused session is reported. */
  async #fetch(method: Method, path: string, body: unknown, signal: AbortSignal | undefined, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
        ...(signal && { signal }),
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
    }
    if (!response.ok) {
      const error = await readApiError(response);
      // A 401 on a call made with a session means the session ended elsewhere (expiry, sign-out).
      if (error.reason === 'unauthorized' && this.csrfToken && !signInPaths.has(path)) this.onSessionLost?.();
      throw error;
    }
    return response;
  }
}

const enc = encodeURIComponent;
const signInPaths = new Set(['/api/auth/login', '/api/auth/signup']);
