import type { DecideRequest, DecisionView, DocumentView, LocusView, MemberView, ProjectView } from '../../../../shared/api/index.ts';
import type { Code } from '../../../../shared/model/codebook.ts';
import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import type { Api } from '../api.ts';
import { toApiError } from '../api-error.ts';
import { isTypingTarget } from '../coding/keyboard.ts';
import { createCodesSource } from '../sync/codebook-source.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import type { Transcript } from '../sync/transcript-source.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { coderLanes, formatRange, type CoderLane } from './coder-lanes.ts';
import { consensusLane, type ConsensusLane } from './consensus-lane.ts';
import { DecisionDesk } from './decision-desk.svelte.ts';
import { DocumentRooms } from './document-rooms.ts';
import { LociFeed } from './loci-feed.svelte.ts';
import { LocusThreads } from './locus-thread.svelte.ts';
import { defaultQueueFilter, nearestLocus, nextOpenLocus, queueLoci, reconcileProgress, stepLocus, type QueueFilter, type ReconcileProgress } from './locus-queue.ts';
import { deciderName, describeAction, locusTypeLabels, lowerFirst } from './locus-vocabulary.ts';
import { passageWindow, type PassageWindow } from './passage-context.ts';
import { PreMergeForm } from './premerge-form.svelte.ts';
import { RangeEditor } from './range-editor.svelte.ts';
import { rationaleSummary, type RationaleSummary } from './rationale-rule.ts';
import { reconcileCommandFor } from './reconcile-keys.ts';

export interface ReconcileViewOptions {
  readonly api: Api;
  readonly projectId: string;
  readonly serverUrl?: string;
  /** The shown document or passage changed: keep the address a link to it. */
  readonly onLocation?: (documentId: string | null, locusId: string | null) => void;
  /** The server says this account's access changed (the reveal, a new role): reload the project. */
  readonly onAccessChanged?: () => void;
}

/**
 * The reconcile view's state (ux.md item 6, spec §3.3): the document, its queue of loci (polled),
 * the selected locus with its lanes, context and decisions, the owner's actions with their keys,
 * and what to say when several people decide at once. Components render it and call its methods;
 * rooms are read through `lib/sync` only, and never written.
 */
export class ReconcileView {
  readonly projectId: string;
  readonly premerge: PreMergeForm;
  readonly editor = new RangeEditor();
  readonly desk: DecisionDesk;
  readonly codes: YjsValue<readonly Code[]>;
  project = $state.raw<ProjectView | null>(null);
  documents = $state.raw<readonly DocumentView[] | null>(null);
  members = $state.raw<readonly MemberView[]>([]);
  documentId = $state<string | null>(null);
  feed = $state.raw<LociFeed | null>(null);
  /** The discussion of the open document's passages. */
  threads = $state.raw<LocusThreads | null>(null);
  rooms = $state.raw<DocumentRooms | null>(null);
  filter = $state.raw<QueueFilter>(defaultQueueFilter);
  selectedId = $state<string | null>(null);
  /** Read out by the live region: decisions made, passages reached. */
  announcement = $state('');
  helpOpen = $state(false);
  /** The lane whose ranges the passage highlights (hover or focus); 'consensus' for the consensus lane. */
  highlightLane = $state<string | null>(null);
  /** Bumped to ask the item to take focus (Esc from a box). */
  focusItemRequest = $state(0);
  #codebook: RoomConnection;
  #stopFeed: (() => void) | null = null;
  #api: Api;
  #serverUrl: string | undefined;
  #onLocation: ReconcileViewOptions['onLocation'];
  #onAccessChanged: ReconcileViewOptions['onAccessChanged'];
  /** The locus the address asked for, until the loci have arrived. */
  #wantedLocusId: string | null = null;
  /** The selected locus as last seen, to find its successor when it disappears. */
  #lastSelected: LocusView | null = null;

  readonly isOwner: boolean = $derived(this.project?.role === 'owner');
  /** Owners decide; everyone else (and an owner the server just refused) reads. */
  readonly canDecide: boolean;
  /** Coders and owners discuss; viewers read along. */
  readonly canComment: boolean = $derived(this.project !== null && this.project.role !== 'viewer');
  readonly names: ReadonlyMap<string, string> = $derived(new Map(this.members.map((m) => [m.userId, m.name])));
  readonly codeById: ReadonlyMap<string, Code>;
  readonly document: DocumentView | null = $derived(this.documents?.find((d) => d.id === this.documentId) ?? null);
  readonly loci: readonly LocusView[] = $derived(this.feed?.loci ?? []);
  readonly queue: readonly LocusView[] = $derived(queueLoci(this.loci, this.filter));
  readonly progress: ReconcileProgress = $derived(reconcileProgress(this.loci));
  readonly selected: LocusView | null = $derived(this.loci.find((l) => l.id === this.selectedId) ?? null);
  readonly transcript: Transcript | null = $derived(this.rooms?.transcript.current ?? null);
  readonly lanes: readonly CoderLane[] = $derived(this.selected && this.feed ? coderLanes(this.selected, this.feed.coderIds, (id) => this.nameOf(id)) : []);
  readonly window: PassageWindow | null = $derived.by(() => {
    const text = this.transcript?.text ?? '';
    const locus = this.selected;
    if (!locus || text.length < locus.end) return null;
    return passageWindow(text, locus.start, locus.end);
  });
  readonly currentDecision: DecisionView | null = $derived(this.selected?.decisionId ? (this.feed?.decisionById.get(this.selected.decisionId) ?? null) : null);
  /** Every decision of the selected locus, newest first (superseded ones too). */
  readonly history: readonly DecisionView[] = $derived(this.selected ? (this.feed?.decisions ?? []).filter((d) => d.locusId === this.selected!.id).reverse() : []);
  /** What the consensus holds for the selected locus: live from the consensus room, else from the decision's record. */
  readonly consensusLane: ConsensusLane = $derived(consensusLane(this.currentDecision, (id) => this.rooms?.consensusCodings.get(id)));
  /** Which actions on the selected locus need a rationale, and which do not (the server's rule, asked ahead). */
  readonly rationaleHint: RationaleSummary = $derived(this.selected ? rationaleSummary(this.selected, this.lanes) : { needed: [], optional: [] });
  /** The position of the selected locus in the queue (1-based), or null when the filter hides it. */
  readonly queuePosition: number | null = $derived.by(() => {
    const index = this.queue.findIndex((l) => l.id === this.selectedId);
    return index < 0 ? null : index + 1;
  });

  constructor(options: ReconcileViewOptions) {
    this.#api = options.api;
    this.projectId = options.projectId;
    this.#serverUrl = options.serverUrl;
    this.#onLocation = options.onLocation;
    this.#onAccessChanged = options.onAccessChanged;
    this.#codebook = new RoomConnection({ room: formatRoomName({ kind: 'project', projectId: this.projectId }), ...(this.#serverUrl !== undefined && { serverUrl: this.#serverUrl }) });
    this.codes = createCodesSource(this.#codebook.doc);
    this.codeById = $derived(new Map(this.codes.current.map((c) => [c.id, c])));
    this.desk = new DecisionDesk(this.#api, this.projectId, {
      onDecided: (decision, replacing) => this.#afterDecision(decision, replacing),
      announce: (message) => (this.announcement = message),
    });
    this.canDecide = $derived(this.isOwner && !this.desk.refused);
    this.premerge = new PreMergeForm(this.#api, this.projectId, () => (this.feed ? { documentId: this.feed.documentId, refresh: () => this.feed!.refresh() } : null));
  }

  /** Loads the names of the members (lanes and decisions name people, not ids). */
  async loadMembers(): Promise<void> {
    try {
      this.members = await this.#api.listMembers(this.projectId);
    } catch (error) {
      // Names are a courtesy: lanes fall back to "A former member"; the next document asks again.
      this.announcement = `Member names could not be loaded (${toApiError(error).message}).`;
    }
  }

  nameOf(userId: string): string {
    return deciderName(userId, this.names);
  }

  codeName(codeId: string): string {
    return this.codeById.get(codeId)?.name ?? codeId;
  }

  /** The project's documents arrived: open the one the address names, else the first. */
  setDocuments(documents: readonly DocumentView[], wanted: { documentId: string | null; locusId: string | null }): void {
    this.documents = documents;
    if (this.documentId && documents.some((d) => d.id === this.documentId)) return;
    const target = documents.find((d) => d.id === wanted.documentId) ?? documents[0];
    if (target) this.openDocument(target.id, target.id === wanted.documentId ? wanted.locusId : null);
    else this.#closeDocument();
  }

  /** Shows another document's queue (and, when given, one of its passages). */
  openDocument(documentId: string, locusId: string | null = null): void {
    if (documentId === this.documentId) {
      if (locusId) this.select(locusId);
      return;
    }
    this.#closeDocument();
    this.documentId = documentId;
    this.#wantedLocusId = locusId;
    this.rooms = new DocumentRooms(this.projectId, documentId, this.#serverUrl);
    const feed = new LociFeed(this.#api, this.projectId, documentId);
    const threads = new LocusThreads(this.#api, this.projectId, documentId);
    this.threads = threads;
    void threads.load();
    feed.onUpdate = () => {
      this.#followLoci();
      // Someone wrote in a discussion: the queue's counts moved.
      threads.follow(feed.loci.reduce((sum, l) => sum + l.commentCount, 0));
    };
    // The reveal of a blind round (or a new role) reaches the open sockets at once: ask again now, not at the next poll.
    this.rooms.text.onNotice(() => {
      void feed.refresh();
      this.#onAccessChanged?.();
    });
    this.feed = feed;
    this.#stopFeed = feed.start();
    this.#onLocation?.(documentId, locusId);
  }

  select(locusId: string | null, options: { announce?: boolean } = {}): void {
    if (locusId === this.selectedId) return;
    this.selectedId = locusId;
    this.#lastSelected = this.selected;
    this.editor.close();
    this.desk.clearFor(locusId);
    this.highlightLane = null;
    this.#onLocation?.(this.documentId, locusId);
    if (options.announce && this.selected) this.announcement = this.describeLocus(this.selected);
  }

  /** "Boundary, 290–430, open; 2 of 4": a locus read out when reached by key. */
  describeLocus(locus: LocusView): string {
    const place = this.queuePosition !== null ? `; ${this.queuePosition} of ${this.queue.length}` : '';
    return `${locusTypeLabels[locus.type]} at ${formatRange(locus)}, ${locus.status === 'open' ? 'open' : locus.status === 'deferred' ? 'deferred' : 'decided'}${place}.`;
  }

  step(direction: 1 | -1): void {
    const target = stepLocus(this.queue, this.selectedId, direction);
    if (target) this.select(target.id, { announce: true });
  }

  setFilter(changes: Partial<QueueFilter>): void {
    this.filter = { ...this.filter, ...changes };
  }

  /** The rationale typed for the selected locus (kept per locus). */
  get rationale(): string {
    return this.selectedId ? this.desk.rationaleFor(this.selectedId) : '';
  }

  set rationale(value: string) {
    if (this.selectedId) this.desk.setRationale(this.selectedId, value);
  }

  // --- actions ------------------------------------------------------------------------------

  /** Accept the reading of lane `position` (1-based, as the keys count). */
  accept(position: number): void {
    const lane = this.lanes[position - 1];
    if (!lane || !this.selected) return;
    if (lane.versions.length === 0) {
      this.desk.notice = { kind: 'error', message: `${lane.name} has no coding here. To keep this passage out of the consensus, reject all (n).` };
      return;
    }
    this.#decide({ locusId: this.selected.id, action: 'accept', userIds: [lane.userId] }, `Accept ${lane.name}’s reading`);
  }

  acceptAll(): void {
    if (this.selected) this.#decide({ locusId: this.selected.id, action: 'acceptAll' }, 'Accept every reading');
  }

  rejectAll(): void {
    if (this.selected) this.#decide({ locusId: this.selected.id, action: 'rejectAll' }, 'Reject every reading');
  }

  defer(): void {
    if (this.selected) this.#decide({ locusId: this.selected.id, action: 'defer' }, 'Defer');
  }

  startEdit(): void {
    if (this.selected && this.canDecide) this.editor.begin(this.selected);
  }

  submitEdit(): void {
    const locus = this.selected;
    if (!locus || this.editor.locusId !== locus.id) return;
    const problem = this.editor.problem(this.transcript?.text.length ?? Number.MAX_SAFE_INTEGER);
    if (problem) {
      this.desk.fieldError = { field: 'start', message: problem };
      return;
    }
    const { codeId, start, end } = this.editor;
    this.#decide({ locusId: locus.id, action: 'edit', codeId, start, end }, `Edit to ${this.codeName(codeId)} ${start}–${end}`);
  }

  #decide(request: DecideRequest, label: string): void {
    if (this.canDecide && this.feed && this.selected) this.desk.decide(this.feed, this.selected, this.currentDecision, request, label);
  }

  /**
   * Says what was decided, then moves on to the next open passage. A replaced decision stays in
   * view: the reconciler came back to this passage on purpose and sees the new record.
   */
  #afterDecision(decision: DecisionView, replacing: boolean): void {
    if (this.editor.locusId === decision.locusId) this.editor.close();
    const locus = this.loci.find((l) => l.id === decision.locusId);
    const where = locus ? ` at ${formatRange(locus)}` : '';
    const done = decision.action === 'defer' ? `Deferred the passage${where}.` : `Decided${where}: ${lowerFirst(describeAction(decision, (id) => this.nameOf(id)))}.`;
    if (replacing) {
      this.announcement = `${done} It replaces the earlier decision.`;
      return;
    }
    const next = nextOpenLocus(this.queue, decision.locusId);
    if (next) {
      this.select(next.id);
      this.announcement = `${done} Next: ${this.describeLocus(next)}`;
    } else {
      this.announcement = `${done} No open passage is left in this document.`;
    }
  }

  /** After each poll: keep the selection on its locus, or explain why it moved. */
  #followLoci(): void {
    const wanted = this.#wantedLocusId;
    this.#wantedLocusId = null;
    if (wanted !== null && this.loci.some((l) => l.id === wanted)) return this.select(wanted);
    if (this.selected) {
      this.#lastSelected = this.selected;
      return;
    }
    // The shown locus is gone (a coder edited a coding in it, so it has a new id): go to the nearest.
    const previous = this.#lastSelected;
    const fallback = previous ? nearestLocus(this.queue, previous.start) : (this.queue.find((l) => l.status === 'open') ?? this.queue[0] ?? null);
    this.select(fallback?.id ?? null);
    if (previous) {
      this.desk.notice = { kind: 'changed' };
      this.announcement = 'The passage you were reading changed: a coder edited a coding in it.';
    }
  }

  // --- keyboard -----------------------------------------------------------------------------

  handleKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing) return;
    const command = reconcileCommandFor(event);
    if (!command) return;
    const typing = isTypingTarget(event.target);
    if (typing && command.kind !== 'escape') return;
    // A modal dialog (shortcuts, pre-merge, confirmation) has the keyboard to itself.
    if (document.querySelector('dialog[open]')) return;
    const deciding = this.canDecide && this.selected !== null;
    switch (command.kind) {
      case 'escape':
        // Esc leaves a box first (the editor keeps what was typed), and closes the editor after.
        if (typing) {
          (event.target as HTMLElement).blur();
          this.focusItemRequest += 1;
        } else if (this.editor.isOpen) {
          this.editor.close();
          this.focusItemRequest += 1;
        } else return;
        break;
      case 'help':
        this.helpOpen = true;
        break;
      case 'step':
        this.step(command.direction);
        break;
      case 'rationale':
        if (!deciding) return;
        this.desk.focusRationaleRequest += 1;
        break;
      case 'discuss':
        if (!this.selected || !this.threads || !this.canComment) return;
        this.threads.focusRequest += 1;
        break;
      case 'accept':
        if (!deciding) return;
        this.accept(command.lane);
        break;
      case 'acceptAll':
        if (!deciding) return;
        this.acceptAll();
        break;
      case 'rejectAll':
        if (!deciding) return;
        this.rejectAll();
        break;
      case 'edit':
        if (!deciding) return;
        // `e` opens the editor; with it open, `e` saves the edit (after the rationale, say).
        if (this.editor.locusId === this.selectedId) this.submitEdit();
        else this.startEdit();
        break;
      case 'defer':
        if (!deciding) return;
        this.defer();
        break;
    }
    event.preventDefault();
  }

  #closeDocument(): void {
    this.#stopFeed?.();
    this.#stopFeed = null;
    this.rooms?.destroy();
    this.rooms = null;
    this.feed = null;
    this.threads = null;
    this.documentId = null;
    this.selectedId = null;
    this.#lastSelected = null;
    this.desk.reset();
    this.editor.close();
  }

  destroy(): void {
    this.#closeDocument();
    this.codes.destroy();
    this.#codebook.destroy();
  }
}
