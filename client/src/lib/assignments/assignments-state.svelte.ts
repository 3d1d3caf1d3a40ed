import type { AssignDocumentsRequest, DocumentView, MemberView, RoundView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import type { ProjectState } from '../project-state.svelte.ts';
import { AssignDialog } from './assign-dialog.svelte.ts';
import { assignDocuments, fetchAssignments } from './assignment-requests.ts';
import { submissionMark, type SubmissionMark } from './submission-marks.ts';

export type DocumentsShown = 'all' | 'mine';

/**
 * A project's document assignments on its home page: who is assigned to each document, the
 * owner's changes (sent in bulk, then the server's map is taken as it comes back), and for the
 * signed-in member the documents assigned to them with their submission mark. Loaded when the
 * page opens; the member list comes from the project.
 */
export class AssignmentsState {
  assignments = $state.raw<Readonly<Record<string, readonly string[]>> | null>(null);
  rounds = $state.raw<readonly RoundView[]>([]);
  loadError = $state.raw<ApiError | null>(null);
  /** What the person chose to see; null until they choose (then `shown` decides). */
  chosen = $state<DocumentsShown | null>(null);
  /** Read out by the live region after a change. */
  announcement = $state('');
  /** The owner's "Assign…" dialog. */
  readonly dialog: AssignDialog;

  readonly #api: Api;
  readonly #project: ProjectState;
  readonly #userId: string | null;

  constructor(api: Api, project: ProjectState, userId: string | null) {
    this.#api = api;
    this.#project = project;
    this.#userId = userId;
    this.dialog = new AssignDialog(
      this,
      () => project.documents ?? [],
      () => project.project?.attributeFields ?? [],
    );
  }

  get userId(): string | null {
    return this.#userId;
  }

  /** Members who can be assigned (coders and owners), coders first, then by name. */
  readonly assignable: readonly MemberView[] = $derived.by(() => {
    const rank = (m: MemberView) => (m.role === 'coder' ? 0 : 1);
    return (this.#project.members ?? []).filter((m) => m.role !== 'viewer').sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  });
  readonly names: ReadonlyMap<string, string> = $derived.by(() => new Map((this.#project.members ?? []).map((m) => [m.userId, m.name])));

  get isOwner(): boolean {
    return this.#project.isOwner;
  }

  /** Whether anyone is assigned to any document: until then agreement compares everyone who coded. */
  get any(): boolean {
    return Object.keys(this.assignments ?? {}).length > 0;
  }

  /** The signed-in member may be assigned documents (a coder or an owner). */
  get canBeAssigned(): boolean {
    const role = this.#project.project?.role;
    return this.#userId !== null && (role === 'coder' || role === 'owner');
  }

  assigneesOf(documentId: string): readonly string[] {
    return this.assignments?.[documentId] ?? [];
  }

  /** The documents assigned to the signed-in member, in the table's order. */
  mine(documents: readonly DocumentView[]): DocumentView[] {
    const me = this.#userId;
    if (me === null) return [];
    return documents.filter((d) => this.assigneesOf(d.id).includes(me)).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  }

  /** Coders see their own documents first once they have any; everyone else sees all until they choose. */
  shown(documents: readonly DocumentView[]): DocumentsShown {
    if (this.chosen) return this.chosen;
    return this.#project.project?.role === 'coder' && this.mine(documents).length > 0 ? 'mine' : 'all';
  }

  markOf(documentId: string): SubmissionMark {
    return this.#userId === null ? { kind: 'noRound' } : submissionMark(this.rounds, documentId, this.#userId);
  }

  async load(): Promise<void> {
    try {
      const [{ assignments }, rounds] = await Promise.all([
        fetchAssignments(this.#api, this.#project.id),
        this.#api.listRounds(this.#project.id),
        this.#project.members ? Promise.resolve() : this.#project.loadMembers(),
      ]);
      this.assignments = assignments;
      this.rounds = rounds.rounds;
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /** Sends one bulk change (owners) and keeps the project's assignments as the server returns them. */
  async assign(request: AssignDocumentsRequest): Promise<{ added: number; removed: number }> {
    const result = await assignDocuments(this.#api, this.#project.id, request);
    this.assignments = result.assignments;
    return { added: result.added, removed: result.removed };
  }
}
