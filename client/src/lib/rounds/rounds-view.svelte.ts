import type { DocumentView, MemberView, ProjectView, RoundView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { documentsHeld } from './document-round-state.ts';
import { PhaseForm } from './phase-form.svelte.ts';
import { RoundForm } from './round-form.svelte.ts';
import { phaseStatus } from './round-phases.ts';
import { SubmissionAction } from './submission-action.svelte.ts';
import { submissionGrid, type SubmissionGrid } from './submission-grid.ts';

export interface RoundsViewOptions {
  readonly api: Api;
  readonly projectId: string;
  /** The signed-in account (null for the administrator token). */
  readonly userId: string | null;
}

/** Submissions arrive while the page is open: ask again this often (a few hundred bytes). */
const pollMs = 10_000;

/**
 * The Rounds tab's state (spec §3.2): the project's rounds with their submissions (polled), the
 * owner's forms (create, edit, move on, delete) and the submission actions of the grid. Every
 * change is followed by a fresh list, so the page shows what the server holds.
 */
export class RoundsView {
  readonly projectId: string;
  readonly userId: string | null;
  readonly form: RoundForm;
  readonly phase: PhaseForm;
  readonly submission: SubmissionAction;
  project = $state.raw<ProjectView | null>(null);
  documents = $state.raw<readonly DocumentView[]>([]);
  members = $state.raw<readonly MemberView[]>([]);
  rounds = $state.raw<readonly RoundView[] | null>(null);
  loadError = $state.raw<ApiError | null>(null);
  /** The round whose deletion is being confirmed. */
  deleting = $state.raw<RoundView | null>(null);
  deleteOpen = $state(false);
  /** Read out by the live region: a round created, moved on, deleted. */
  announcement = $state('');
  #api: Api;

  readonly isOwner: boolean = $derived(this.project?.role === 'owner');
  readonly names: ReadonlyMap<string, string> = $derived(new Map(this.members.map((m) => [m.userId, m.name])));
  readonly documentNames: ReadonlyMap<string, string> = $derived(new Map(this.documents.map((d) => [d.id, d.name])));
  /** Newest first: the round being worked on is usually the latest. */
  readonly ordered: readonly RoundView[] = $derived([...(this.rounds ?? [])].reverse());
  /** Documents the form must offer disabled: held by another round that is not locked. */
  readonly held: ReadonlyMap<string, RoundView>;

  constructor(options: RoundsViewOptions) {
    this.#api = options.api;
    this.projectId = options.projectId;
    this.userId = options.userId;
    this.form = new RoundForm(this.#api, this.projectId, (round, created) => {
      this.#put(round);
      this.announcement = created ? `Created the round “${round.name}”, in setup.` : `Saved the round “${round.name}”.`;
    });
    this.phase = new PhaseForm(this.#api, this.projectId, (round) => {
      this.#put(round);
      this.announcement = `“${round.name}” is now ${phaseStatus[round.phase]}.`;
      // A forced reveal submitted layers in the owner's name: show the grid as it now stands.
      void this.load();
    });
    this.submission = new SubmissionAction(this.#api, this.projectId, () => this.load());
    this.held = $derived(documentsHeld(this.rounds ?? [], this.form.round?.id ?? null));
  }

  /** Loads the rounds and the members' names; then polls the rounds while the tab is visible, and asks at once when it becomes visible again. */
  start(): () => void {
    void this.#loadMembers();
    void this.load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.load();
    }, pollMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }

  async load(): Promise<void> {
    try {
      this.rounds = (await this.#api.listRounds(this.projectId)).rounds;
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  gridOf(round: RoundView): SubmissionGrid {
    return submissionGrid(round, this.members, this.documents, { userId: this.userId, role: this.project?.role ?? 'viewer' });
  }

  nameOf(userId: string | null): string {
    if (userId === null) return 'someone';
    if (userId === this.userId) return 'you';
    return this.names.get(userId) ?? 'a former member';
  }

  askDelete(round: RoundView): void {
    this.deleting = round;
    this.deleteOpen = true;
  }

  async confirmDelete(): Promise<void> {
    const round = this.deleting;
    if (!round) return;
    await this.#api.deleteRound(this.projectId, round.id);
    this.rounds = (this.rounds ?? []).filter((r) => r.id !== round.id);
    this.announcement = `Deleted the round “${round.name}”.`;
  }

  async #loadMembers(): Promise<void> {
    try {
      this.members = await this.#api.listMembers(this.projectId);
    } catch (error) {
      // Names are a courtesy: the grid still shows every submission, under "A former member".
      this.announcement = `Member names could not be loaded (${toApiError(error).message}).`;
    }
  }

  /** Puts a round the server just answered with in place (or at the end, when new). */
  #put(round: RoundView): void {
    const rounds = this.rounds ?? [];
    this.rounds = rounds.some((r) => r.id === round.id) ? rounds.map((r) => (r.id === round.id ? round : r)) : [...rounds, round];
  }
}
