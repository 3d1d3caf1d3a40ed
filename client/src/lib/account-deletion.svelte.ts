import type { AccountDeletionPreview } from '../../../shared/api/types.ts';
import type { Api } from './api.ts';
import { ApiError, toApiError } from './api-error.ts';
import type { Session } from './session.svelte.ts';

/** Deleting one's own account: what would go (fetched when the confirmation opens), then the deletion. */
export class AccountDeletion {
  preview = $state.raw<AccountDeletionPreview | null>(null);
  loadError = $state.raw<ApiError | null>(null);

  constructor(
    private readonly api: Api,
    private readonly session: Session,
  ) {}

  async load(): Promise<void> {
    this.preview = null;
    this.loadError = null;
    try {
      this.preview = await this.api.previewAccountDeletion();
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /** Deletes the account; the server has then ended every session, so this tab forgets its own. */
  async delete(password: string): Promise<void> {
    if (password === '') throw ApiError.invalid('password', 'Enter your password to confirm.');
    await this.api.deleteAccount({ password });
    await this.session.signOut();
  }
}
