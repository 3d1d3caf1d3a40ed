import type { Role, RoundView } from '../../../../shared/api/index.ts';
import type { DocumentRoundState } from '../../../../shared/model/round.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { documentRoundState, governingRound } from './document-round-state.ts';
import { roundBanner, type RoundBanner } from './round-banner.ts';

export interface DocumentRoundOptions {
  readonly api: Api;
  readonly projectId: string;
  readonly documentId: string;
  readonly userId: string;
}

/**
 * The coding round of the document open in the coding view (spec §3.2): fetched with the rounds
 * list, fetched again whenever the server says this account's access changed, and the coder's
 * own actions on it (submit, re-open). `loaded` turns true after the first answer — or the first
 * failure, after which the document is treated as in no round (the server still decides, and
 * refuses what the round forbids).
 */
export class DocumentRound {
  readonly documentId: string;
  rounds = $state.raw<readonly RoundView[]>([]);
  loaded = $state(false);
  /** The last failure to load the rounds (cleared by the next success). */
  loadError = $state.raw<ApiError | null>(null);
  /** Why the last submit or re-open failed. */
  actionError = $state.raw<ApiError | null>(null);
  /** Whether the submit confirmation is open. */
  confirming = $state(false);
  busy = $state(false);
  #api: Api;
  #projectId: string;
  #userId: string;
  #loading: Promise<void> | null = null;
  #again = false;

  readonly round: RoundView | null;
  readonly state: DocumentRoundState | null;

  constructor(options: DocumentRoundOptions) {
    this.#api = options.api;
    this.#projectId = options.projectId;
    this.documentId = options.documentId;
    this.#userId = options.userId;
    this.round = $derived(governingRound(this.rounds, this.documentId));
    this.state = $derived(this.round ? documentRoundState(this.round, this.documentId) : null);
  }

  /** The banner for a person with `role` (null while the role is unknown or the document is in no started round). */
  bannerFor(role: Role | null): RoundBanner | null {
    if (!this.round || !role) return null;
    return roundBanner(this.round, this.documentId, { userId: this.#userId, role });
  }

  /** Fetches the rounds; calls made while one is on its way are folded into one more fetch after it. */
  load(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        this.#again = false;
        try {
          this.rounds = (await this.#api.listRounds(this.#projectId)).rounds;
          this.loadError = null;
        } catch (error) {
          this.loadError = toApiError(error);
        }
        this.loaded = true;
      } while (this.#again);
      this.#loading = null;
    })();
    return this.#loading;
  }

  /** Submits the own layer of this document (frozen as it stands), or re-opens it; then reloads. */
  async run(action: 'submit' | 'resubmit' | 'reopen'): Promise<boolean> {
    const round = this.round;
    if (!round || this.busy) return false;
    this.busy = true;
    this.actionError = null;
    try {
      if (action === 'reopen') await this.#api.reopenRoundDocument(this.#projectId, round.id, this.documentId);
      else await this.#api.submitRoundDocument(this.#projectId, round.id, this.documentId);
      await this.load();
      return true;
    } catch (error) {
      this.actionError = toApiError(error);
      // The round may have moved on meanwhile (revealed, locked): show it as it is now.
      void this.load();
      return false;
    } finally {
      this.busy = false;
    }
  }
}
