import type { AcceptInviteResponse } from '../../../../shared/api/index.ts';
import type { Api, InvitePreview } from '../../lib/api.ts';
import { toApiError, type ApiError } from '../../lib/api-error.ts';

/** Whether an invite link can be used, as the invite page tells it; `joined`: the visitor is in already. */
export type InviteCondition = 'loading' | 'joined' | 'usable' | 'expired' | 'usedUp' | 'unknown' | 'unreachable';

/** One invite link seen before joining: which project and role, and whether it still works. */
export class InvitePreviewState {
  preview = $state.raw<InvitePreview | null>(null);
  loadError = $state.raw<ApiError | null>(null);
  readonly condition: InviteCondition = $derived(conditionOf(this.preview, this.loadError));

  constructor(
    private readonly api: Api,
    readonly code: string,
  ) {}

  async load(): Promise<void> {
    try {
      this.preview = await this.api.previewInvite(this.code);
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /** Joins; when the link stopped working since it was previewed, the preview is refreshed too. */
  async accept(): Promise<AcceptInviteResponse> {
    try {
      return await this.api.acceptInvite(this.code);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.reason === 'conflict' || apiError.reason === 'notFound') await this.load();
      throw apiError;
    }
  }
}

function conditionOf(preview: InvitePreview | null, error: ApiError | null): InviteCondition {
  if (error) return error.reason === 'notFound' ? 'unknown' : 'unreachable';
  if (!preview) return 'loading';
  // Before expiry and uses: whoever just signed up with this link spent its last use themselves.
  if (preview.joined) return 'joined';
  if (preview.expired) return 'expired';
  if (preview.usedUp) return 'usedUp';
  return preview.usable ? 'usable' : 'usedUp';
}
