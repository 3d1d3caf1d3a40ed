import type { CreateInviteRequest, InviteView } from '../../../../shared/api/index.ts';
import type { Api, OpenInvite } from '../../lib/api.ts';
import { toApiError, type ApiError } from '../../lib/api-error.ts';

/** A project's invite links that can still be used (owners only), and withdrawing one. */
export class OpenInvitesState {
  invites = $state.raw<readonly OpenInvite[] | null>(null);
  loadError = $state.raw<ApiError | null>(null);
  /** Links created on this page, by code → id: the list never shows codes, only ids. */
  readonly #idByCode = new Map<string, string>();

  constructor(
    private readonly api: Api,
    readonly projectId: string,
  ) {}

  async load(): Promise<void> {
    try {
      this.invites = await this.api.listInvites(this.projectId);
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /** Creates a link, then re-reads the list: only the server knows the new invite's id. */
  async create(request: CreateInviteRequest): Promise<InviteView> {
    const before = new Set((this.invites ?? []).map((invite) => invite.id));
    const invite = await this.api.createInvite(this.projectId, request);
    await this.load();
    const added = (this.invites ?? []).filter((open) => !before.has(open.id));
    // Another owner may have created one at the same moment: then which is ours stays unknown.
    if (added.length === 1) this.#idByCode.set(invite.code, added[0]!.id);
    return invite;
  }

  /** Whether a link created on this page has since been withdrawn (or used up, or expired). */
  isClosed(code: string): boolean {
    const id = this.#idByCode.get(code);
    return id !== undefined && this.invites !== null && !this.invites.some((invite) => invite.id === id);
  }

  async withdraw(inviteId: string): Promise<void> {
    await this.api.withdrawInvite(this.projectId, inviteId);
    this.invites = (this.invites ?? []).filter((invite) => invite.id !== inviteId);
  }
}
