import type { DocumentView, MemberView, MemoView, ProjectView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { MemoEditor, type MemoDraft } from './memos-editor.svelte.ts';
import { emptyMemoFilter, isMemoFilterSet, memosApiQuery, writeMemoFilter, type MemoFilter } from './memos-filter.ts';
import { fetchMemoPage, sendMemoChange, sendMemoRemoval, sendNewMemo } from './memos-request.ts';
import { authorName, canDeleteMemo, canEditMemo, memoCountText } from './memos-words.ts';

export interface MemosViewOptions {
  readonly api: Api;
  readonly projectId: string;
  /** The signed-in person (null for none): whose memos they may change. */
  readonly userId: string | null;
  readonly filter: MemoFilter;
  /** The filter changed: keep the address a link to it. */
  readonly onFilter?: (filter: MemoFilter) => void;
}

/** Memos per request. */
const pageSize = 50;
/** Typing in the search box filters once the typing pauses. */
const typingMs = 300;

/**
 * The Memos view: one list of the project's coding, document and project memos, newest first
 * (`GET …/memos`), with its filter kept in the address, a page at a time ("Show more"); writing,
 * changing and deleting document and project memos. The list is loaded again after each change,
 * so it stays in the server's order and filter.
 */
export class MemosView {
  readonly projectId: string;
  readonly userId: string | null;
  project = $state.raw<ProjectView | null>(null);
  documents = $state.raw<readonly DocumentView[]>([]);
  members = $state.raw<readonly MemberView[]>([]);
  filter: MemoFilter;
  /** The search box as typed (applied after a pause, or at once with Enter). */
  qDraft = $state('');
  memos = $state.raw<readonly MemoView[]>([]);
  /** Memos that match; null until the first page of this filter arrived. */
  total = $state<number | null>(null);
  loading = $state(false);
  error = $state.raw<ApiError | null>(null);
  /** Read out by the live region. */
  announcement = $state('');
  /** The memo whose deletion waits for confirmation, and whether the confirmation is open. */
  deleting = $state.raw<MemoView | null>(null);
  deleteOpen = $state(false);
  /** What takes focus once the list shows it: a memo's id, or `list` (its count). */
  focusTarget = $state<string | null>(null);
  readonly editor = new MemoEditor();

  readonly role = $derived(this.project?.role ?? null);
  readonly names: ReadonlyMap<string, string> = $derived(new Map(this.members.map((m) => [m.userId, m.name])));
  readonly isFiltered: boolean = $derived.by(() => isMemoFilterSet(this.filter));
  readonly countText: string = $derived(this.total === null ? '' : memoCountText(this.memos.length, this.total, this.isFiltered));
  readonly hasMore: boolean = $derived(this.total !== null && this.memos.length < this.total);
  /** In a blind project, coders and viewers see only their own document and coding memos. */
  readonly seesOwnOnly: boolean = $derived(this.project !== null && this.project.codingMode === 'blind' && this.project.role !== 'owner');

  #api: Api;
  #onFilter: MemosViewOptions['onFilter'];
  #abort = new AbortController();
  #typing: ReturnType<typeof setTimeout> | null = null;
  /** Said with the next list's count: what was just saved or deleted. */
  #note = '';

  constructor(options: MemosViewOptions) {
    this.#api = options.api;
    this.projectId = options.projectId;
    this.userId = options.userId;
    this.#onFilter = options.onFilter;
    this.filter = $state.raw(options.filter);
    this.qDraft = options.filter.q;
  }

  /** Loads the first page; call once the page is shown. */
  start(): void {
    void this.#load(0);
  }

  async loadMembers(): Promise<void> {
    try {
      this.members = await this.#api.listMembers(this.projectId);
    } catch (error) {
      // Names fall back to "A former member"; the list itself still works.
      this.error ??= toApiError(error);
    }
  }

  destroy(): void {
    this.#abort.abort();
    if (this.#typing) clearTimeout(this.#typing);
  }

  /** Coders and owners write document and project memos (viewers and the administrator token do not). */
  get canWrite(): boolean {
    return this.userId !== null && (this.role === 'owner' || this.role === 'coder');
  }

  authorName(authorId: string): string {
    return authorId === this.userId ? `${authorName(authorId, this.names)} (you)` : authorName(authorId, this.names);
  }

  canEdit(memo: MemoView): boolean {
    return canEditMemo(memo, this.userId, this.role);
  }

  canDelete(memo: MemoView): boolean {
    return canDeleteMemo(memo, this.userId, this.role);
  }

  setFilter(next: MemoFilter): void {
    if (writeMemoFilter(next).toString() === writeMemoFilter(this.filter).toString()) return;
    this.filter = next;
    this.qDraft = next.q;
    this.#onFilter?.(next);
    this.#restart();
  }

  update(change: Partial<MemoFilter>): void {
    this.setFilter({ ...this.filter, ...change });
  }

  /** Typing in the search box: the filter follows once the typing pauses (Enter applies it at once). */
  typeQuery(text: string, now = false): void {
    this.qDraft = text;
    if (this.#typing) clearTimeout(this.#typing);
    this.#typing = null;
    if (now) this.update({ q: text.trim() });
    else this.#typing = setTimeout(() => this.update({ q: this.qDraft.trim() }), typingMs);
  }

  clearFilters(): void {
    this.setFilter(emptyMemoFilter);
  }

  /** Back, forward, or a link to another filter while the page is open. */
  followAddress(filter: MemoFilter): void {
    if (writeMemoFilter(filter).toString() === writeMemoFilter(this.filter).toString()) return;
    this.filter = filter;
    this.qDraft = filter.q;
    this.#restart();
  }

  reload(): void {
    this.#restart();
  }

  showMore(): void {
    if (!this.loading && this.hasMore) void this.#load(this.memos.length);
  }

  /** Saves the editor's memo; the list is loaded again and the saved memo takes focus. */
  async saveEditor(): Promise<void> {
    const saved = await this.editor.save((draft) => this.#send(draft));
    if (!saved) return;
    this.#note = this.editor.mode === 'new' ? `Memo “${saved.title}” saved.` : `Changes to “${saved.title}” saved.`;
    this.focusTarget = saved.id;
    this.#restart();
  }

  askDelete(memo: MemoView): void {
    this.deleting = memo;
    this.deleteOpen = true;
  }

  /** Deletes the memo waiting for confirmation (the dialog shows a failure). */
  async confirmDelete(): Promise<void> {
    const memo = this.deleting;
    if (!memo) return;
    await sendMemoRemoval(this.#api, this.projectId, memo.id);
    this.#note = `Memo “${memo.title}” deleted.`;
    this.focusTarget = 'list';
    this.#restart();
  }

  #send(draft: MemoDraft): Promise<MemoView> {
    if (draft.mode === 'edit') return sendMemoChange(this.#api, this.projectId, draft.memoId, { title: draft.title, text: draft.text });
    return sendNewMemo(this.#api, this.projectId, { documentId: draft.documentId, title: draft.title, text: draft.text });
  }

  #restart(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    this.total = null;
    this.error = null;
    void this.#load(0);
  }

  async #load(offset: number): Promise<void> {
    const signal = this.#abort.signal;
    this.loading = true;
    try {
      const page = await fetchMemoPage(this.#api, this.projectId, memosApiQuery(this.filter, { limit: pageSize, offset }), signal);
      if (signal.aborted) return;
      const first = offset === 0;
      this.memos = first ? page.memos : [...this.memos, ...page.memos];
      this.total = page.total;
      this.error = null;
      if (first) {
        this.announcement = [this.#note, this.total === 0 ? 'No memos match.' : `${this.countText}.`].filter(Boolean).join(' ');
        this.#note = '';
      }
    } catch (error) {
      if (signal.aborted) return;
      this.error = toApiError(error);
      this.announcement = this.error.message;
    } finally {
      if (!signal.aborted) this.loading = false;
    }
  }
}
