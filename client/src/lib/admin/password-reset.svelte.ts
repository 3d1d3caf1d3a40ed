import type { PasswordResetPreview, PasswordResetResponse } from '../../../../shared/api/index.ts';
import { ApiError, toApiError } from '../api-error.ts';
import type { AccountAdminApi } from './account-admin-api.ts';

/** The page a password-reset link opens: whose password it sets, then setting it, once. */
export class PasswordResetState {
  preview = $state.raw<PasswordResetPreview | null>(null);
  /** Why the link cannot be used (used, replaced, expired, unknown), or why it could not be checked. */
  loadError = $state.raw<ApiError | null>(null);
  done = $state.raw<PasswordResetResponse | null>(null);

  constructor(
    private readonly admin: AccountAdminApi,
    private readonly secret: string,
  ) {}

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.preview = await this.admin.previewReset(this.secret);
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /** Checks what the page can before sending: the two passwords agree. The server checks the rest. */
  async submit(password: string, repeated: string): Promise<void> {
    if (password !== repeated) throw ApiError.invalid('confirmation', 'The two passwords differ. Type the same one twice.');
    this.done = await this.admin.resetPassword(this.secret, password);
  }
}
