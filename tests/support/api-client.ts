import { testAdminToken } from './test-server.ts';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/**
 * A small client for the REST API exactly as docs/api.md describes it: JSON in, JSON out,
 * `Authorization: Bearer` for tokens, or a cookie jar + `X-CSRF-Token` for browser-style sessions.
 */
export class ApiClient {
  private cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(
    readonly baseUrl: string,
    private bearer: string | null = null,
  ) {}

  static admin(baseUrl: string): ApiClient {
    return new ApiClient(baseUrl, testAdminToken);
  }

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  /** The same credentials (token, or session cookie and CSRF token) against another server, e.g. another instance. */
  at(baseUrl: string): ApiClient {
    const client = new ApiClient(baseUrl, this.bearer);
    client.cookie = this.cookie;
    client.csrfToken = this.csrfToken;
    return client;
  }

  get sessionCookie(): string | null {
    return this.cookie;
  }

  async request<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.cookie && this.csrfToken && method !== 'GET' && !('x-csrf-token' in extraHeaders)) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && typeof parsed.csrfToken === 'string' && parsed.csrfToken) this.csrfToken = parsed.csrfToken;
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** Signs up (or in, if the account exists) and keeps the session cookie. */
  async signIn(email: string, name = email.split('@')[0]!, password = 'a long enough password'): Promise<string> {
    let response = await this.post('/api/auth/signup', { email, password, name });
    if (response.status === 409) response = await this.post('/api/auth/login', { email, password });
    if (response.status >= 300) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.user.id as string;
  }
}

/** Creates a project with documents through the REST API as the admin token; returns ids and room names. */
export async function seedProject(baseUrl: string, options: { documents?: number; text?: string } = {}) {
  const admin = ApiClient.admin(baseUrl);
  const project = await admin.post('/api/projects', { name: 'Seeded project' });
  if (project.status !== 201) throw new Error(`seeding failed: ${project.status} ${JSON.stringify(project.body)}`);
  const documents: { id: string; textRoom: string }[] = [];
  for (let i = 0; i < (options.documents ?? 1); i++) {
    const text = options.text ?? 'Interviewer: Tell me about your work.\nParticipant: I support implementation teams.';
    const document = await admin.post(`/api/projects/${project.body.id}/documents`, { name: `Interview ${i + 1}`, text });
    if (document.status !== 201) throw new Error(`seeding failed: ${document.status} ${JSON.stringify(document.body)}`);
    documents.push({ id: document.body.id, textRoom: document.body.rooms.text });
  }
  return { projectId: project.body.id as string, projectRoom: `project:${project.body.id}`, documents, textRoom: documents[0]?.textRoom ?? '' };
}
