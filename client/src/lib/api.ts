import type {
  AcceptInviteResponse,
  ChangePasswordRequest,
  CreateDocumentRequest,
  CreateInviteRequest,
  CreateProjectRequest,
  CreateTokenResponse,
  DocumentView,
  InviteView,
  LoginRequest,
  MemberView,
  ProjectView,
  Role,
  SessionResponse,
  SignupRequest,
  TokenView,
  UpdateProjectRequest,
} from '../../../shared/api/index.ts';
import { ApiError, readApiError } from './api-error.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

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
  signup = (body: SignupRequest) => this.#request<SessionResponse>('POST', '/api/auth/signup', body);
  login = (body: LoginRequest) => this.#request<SessionResponse>('POST', '/api/auth/login', body);
  logout = () => this.#request<void>('POST', '/api/auth/logout');
  changePassword = (body: ChangePasswordRequest) => this.#request<void>('POST', '/api/auth/password', body);

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

  listDocuments = (projectId: string) => this.#request<DocumentView[]>('GET', `/api/projects/${enc(projectId)}/documents`);
  createDocument = (projectId: string, body: CreateDocumentRequest) => this.#request<DocumentView>('POST', `/api/projects/${enc(projectId)}/documents`, body);

  async #request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
    }
    if (!response.ok) {
      const error = await readApiError(response);
      // A 401 on a call made with a session means the session ended elsewhere (expiry, sign-out).
      if (error.reason === 'unauthorized' && this.csrfToken && !signInPaths.has(path)) this.onSessionLost?.();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

const enc = encodeURIComponent;
const signInPaths = new Set(['/api/auth/login', '/api/auth/signup']);
