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

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const enc = encodeURIComponent;

/**
 * The administration routes, the public reset-link routes and `PATCH /api/me` (docs/api.md,
 * "Administration"), typed, sent through the app's `Api` (its CSRF token, its errors).
 */
export class AccountAdminApi {
  constructor(private readonly api: Api) {}

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

  #request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.api.send<T>(method, path, body);
  }
}

const shared = new WeakMap<Api, AccountAdminApi>();

/** The one `AccountAdminApi` of the app's `Api`. */
export function accountAdminApi(api: Api): AccountAdminApi {
  let admin = shared.get(api);
  if (!admin) shared.set(api, (admin = new AccountAdminApi(api)));
  return admin;
}
