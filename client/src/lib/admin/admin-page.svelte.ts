import type { AccountDeletionPreview, AdminSettings, AdminUserView, PasswordResetLink, SignupMode } from '../../../../shared/api/index.ts';
import { ApiError, toApiError } from '../api-error.ts';
import type { AccountAdminApi } from './account-admin-api.ts';

/** The administration page: the server's accounts and its sign-up mode, and the actions on them. */
export class AdminPageState {
  users = $state.raw<readonly AdminUserView[] | null>(null);
  settings = $state.raw<AdminSettings | null>(null);
  loadError = $state.raw<ApiError | null>(null);

  constructor(private readonly admin: AccountAdminApi) {}

  async load(): Promise<void> {
    this.loadError = null;
    try {
      const [users, settings] = await Promise.all([this.admin.listUsers(), this.admin.settings()]);
      this.users = users.users;
      this.settings = settings;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /** A mode, or null to follow the server's `SIGNUP` setting again; in force at once. */
  async setSignupMode(mode: SignupMode | null): Promise<void> {
    this.settings = await this.admin.setSignupMode(mode);
  }

  createResetLink(user: AdminUserView): Promise<PasswordResetLink> {
    return this.admin.createResetLink(user.id);
  }

  previewRemoval(user: AdminUserView): Promise<AccountDeletionPreview> {
    return this.admin.previewRemoval(user.id);
  }

  /** `confirmation` must be the account's email, typed: removal cannot be undone. */
  async remove(user: AdminUserView, confirmation: string): Promise<void> {
    if (confirmation.trim().toLowerCase() !== user.email.toLowerCase()) throw ApiError.invalid('confirmation', `Type ${user.email} exactly to confirm.`);
    await this.admin.removeUser(user.id);
    this.users = (this.users ?? []).filter((u) => u.id !== user.id);
  }
}
