import type {
  AccountDeletionPreview,
  AdminSettings,
  AdminUsersResponse,
  PasswordResetLink,
  PasswordResetPreview,
  PasswordResetResponse,
  SignupMode,
  UpdateMeRequest,
  UpdateMeResponse,
} from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { ApiError, readApiError } from '../api-error.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const enc = encodeURIComponent;

/**
 * The administration routes, the public reset-link routes and `PATCH /api/me` (docs/api.md,
 * "Administration"), typed. Sends with the app's `Api` session: its in-memory CSRF token on every
 * change, and a refused session ends it the same way (`onSessionLost`).
 */
export class AccountAdminApi {
  constructor(
    private readonly api: Api,
    private readonly baseUrl = '',
  ) {}

  listUsers = () => this.#request<AdminUsersResponse>('GET', '/api/admin/users');
  settings = () => this.#request<AdminSettings>('GET', '/api/admin/settings');
  /** A mode, or null to follow the server's `SIGNUP` setting again. */
  setSignupMode = (signup: SignupMode | null) => this.#request<AdminSettings>('PATCH', '/api/admin/settings', { signup });
  previewRemoval = (userId: string) => this.#request<AccountDeletionPreview>('GET', `/api/admin/users/${enc(userId)}/deletion`);
  removeUser = (userId: string) => this.#request<void>('DELETE', `/api/admin/users/${enc(userId)}`);
  createResetLink = (userId: string) => this.#request<PasswordResetLink>('POST', `/api/admin/users/${enc(userId)}/password-reset`, {});

  /** Anyone holding a reset link: whose password it sets, then setting it (once). */
  previewReset = (secret: string) => this.#request<PasswordResetPreview>('GET', `/api/password-reset/${enc(secret)}`);
  resetPassword = (secret: string, password: string) => this.#request<PasswordResetResponse>('POST', `/api/password-reset/${enc(secret)}`, { password });

  updateMe = (body: UpdateMeRequest) => this.#request<UpdateMeResponse>('PATCH', '/api/me', body);

  async #request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.api.csrfToken) headers['x-csrf-token'] = this.api.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (cause) {
      throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
    }
    if (!response.ok) {
      const error = await readApiError(response);
      // A 401 on a call made with a session means the session ended elsewhere (expiry, sign-out, removal).
      if (error.reason === 'unauthorized' && this.api.csrfToken) this.api.onSessionLost?.();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

const shared = new WeakMap<Api, AccountAdminApi>();

/** The one `AccountAdminApi` of the app's `Api`. */
export function accountAdminApi(api: Api): AccountAdminApi {
  let admin = shared.get(api);
  if (!admin) shared.set(api, (admin = new AccountAdminApi(api)));
  return admin;
}
