import { untrack } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import type { DocumentView, HistoryEventView, MemberView, ProjectView, Role } from '../../../../shared/api/index.ts';
import { fallbackCodeColour, type Code } from '../../../../shared/model/codebook.ts';
import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import type { Api } from '../api.ts';
import { toApiError } from '../api-error.ts';
import { createCodesSource } from '../sync/codebook-source.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { activityDays, personActivity, type PersonActivity } from './activity.ts';
import { AsOfReader } from './as-of-reader.ts';
import { asOfLayers, type AsOfLayer } from './as-of-table.ts';
import { AsOfView } from './as-of-view.svelte.ts';
import { groupTimeline, type TimelineDay } from './event-groups.ts';
import { describeEvent, personName, sentenceText, type EventSentence, type HistoryVocabulary } from './event-sentence.ts';
import { codeNameIn, readCodeFieldValue } from './event-values.ts';
import { HistoryFeed } from './history-feed.svelte.ts';
import { historyQuery, isCodingEvent, isFiltered, matchesKind, type HistoryFilter } from './history-filter.ts';
import { formatMoment } from './history-format.ts';
import { PassageLookup } from './passage-lookup.svelte.ts';
import { RevertForm } from './revert-form.svelte.ts';

export interface HistoryViewOptions {
  readonly api: Api;
  readonly projectId: string;
  readonly filter: HistoryFilter;
  /** The filter changed: keep the address a link to it. */
  readonly onFilter?: (filter: HistoryFilter) => void;
  readonly serverUrl?: string;
}

const pollMs = 10_000;
const clockMs = 30_000;

/** A person the filter offers. */
export interface HistoryPerson {
  readonly userId: string;
  readonly name: string;
}

/**
 * The History tab's state (ux.md item 8, spec §3.5): the filter (kept in the address), the
 * loaded timeline grouped by day and by runs of one person's changes, rows opened for their
 * passages, the as-of view, reverts (owners) and per-person activity. Names come from the
 * members, code names from the live codebook (through `lib/sync`, read only), else from the
 * history itself for codes deleted since.
 */
export class HistoryView {
  readonly projectId: string;
  readonly codes: YjsValue<readonly Code[]>;
  readonly reader: AsOfReader;
  readonly passages: PassageLookup;
  readonly asOf: AsOfView;
  readonly revert: RevertForm;
  project = $state.raw<ProjectView | null>(null);
  documents = $state.raw<readonly DocumentView[]>([]);
  members = $state.raw<readonly MemberView[]>([]);
  filter: HistoryFilter;
  feed: HistoryFeed;
  /** The runs shown open, by key. */
  readonly openRuns = new SvelteSet<string>();
  /** The events whose details are shown, by seq. */
  readonly openDetails = new SvelteSet<number>();
  /** Read out by the live region: loads, reverts, new events. */
  announcement = $state('');
  /** The clock relative times are measured from (ticks every half minute). */
  now = $state(Date.now());
  #api: Api;
  #codebook: RoomConnection;
  #onFilter: HistoryViewOptions['onFilter'];

  readonly isOwner: boolean = $derived(this.project?.role === 'owner');
  /** In a blind round, coders and viewers get only their own events. */
  readonly seesOwnOnly: boolean = $derived(this.project !== null && this.project.codingMode === 'blind' && this.project.role !== 'owner');
  readonly names: ReadonlyMap<string, string> = $derived(new Map(this.members.map((m) => [m.userId, m.name])));
  readonly roles: ReadonlyMap<string, Role> = $derived(new Map(this.members.map((m) => [m.userId, m.role])));
  readonly documentNames: ReadonlyMap<string, string> = $derived(new Map(this.documents.map((d) => [d.id, d.name])));
  readonly vocabulary: HistoryVocabulary;
  // Derived from what the constructor sets up (the codebook room, the feed, the as-of view).
  readonly codeById: ReadonlyMap<string, Code>;
  /** Names of codes as the loaded history last showed them (for codes deleted since). */
  readonly historicCodeNames: ReadonlyMap<string, string>;
  /** The loaded events in the order the reader chose. */
  readonly displayed: readonly HistoryEventView[];
  readonly days: readonly TimelineDay[];
  readonly activityDays: readonly string[];
  readonly activity: readonly PersonActivity[];
  /** Everyone the person filter offers: members by name, then anyone else the loaded history names. */
  readonly people: readonly HistoryPerson[];
  readonly isFiltered: boolean;
  /** The loaded events of the document shown as of an event: the scrubber's stops, oldest first. */
  readonly asOfSteps: readonly HistoryEventView[];
  readonly asOfEvent: HistoryEventView | null;
  readonly asOfLayers: readonly AsOfLayer[];

  constructor(options: HistoryViewOptions) {
    this.#api = options.api;
    this.projectId = options.projectId;
    this.#onFilter = options.onFilter;
    this.filter = $state.raw(options.filter);
    this.#codebook = new RoomConnection({ room: formatRoomName({ kind: 'project', projectId: this.projectId }), ...(options.serverUrl !== undefined && { serverUrl: options.serverUrl }) });
    this.codes = createCodesSource(this.#codebook.doc);
    this.reader = new AsOfReader(this.#api, this.projectId);
    this.passages = new PassageLookup(this.reader);
    this.asOf = new AsOfView(this.reader);
    this.revert = new RevertForm(this.#api, this.projectId, (events) => void this.#afterRevert(events));
    const view = this;
    this.vocabulary = {
      get names() {
        return view.names;
      },
      get roles() {
        return view.roles;
      },
      codeName: (id) => this.codeName(id),
      documentName: (id) => this.documentNames.get(id) ?? null,
      formatTime: (iso) => formatMoment(iso, this.now),
    };
    this.feed = $state.raw(this.#createFeed(options.filter));
    this.codeById = $derived(new Map(this.codes.current.map((c) => [c.id, c])));
    this.historicCodeNames = $derived(historicCodeNames(this.feed.events));
    this.displayed = $derived(this.filter.order === 'newest' ? [...this.feed.events].reverse() : this.feed.events);
    this.days = $derived(groupTimeline(this.displayed));
    this.activityDays = $derived(activityDays(this.feed.events));
    this.activity = $derived(personActivity(this.feed.events, this.activityDays));
    this.people = $derived(historyPeople(this.members, this.feed.events, this.filter.userId, this.names));
    this.isFiltered = $derived(isFiltered(this.filter));
    this.asOfSteps = $derived(this.feed.events.filter((e) => e.documentId !== null && e.documentId === this.asOf.documentId && !e.redacted));
    this.asOfEvent = $derived(this.asOfSteps.find((e) => e.seq === this.asOf.seq) ?? null);
    this.asOfLayers = $derived(
      this.asOf.result ? asOfLayers(this.asOf.result, { nameOf: (id) => this.nameOf(id), code: (id) => this.#codeLook(id) }, this.asOfEvent?.codingId ?? null) : [],
    );
  }

  /** Starts loading, the clock and the poll for new events; returns the function that stops them. */
  start(): () => void {
    // Called from an effect: reading the feed here must not make the effect re-run when a filter replaces it.
    untrack(() => void this.feed.load());
    const clock = setInterval(() => (this.now = Date.now()), clockMs);
    const poll = setInterval(() => {
      if (document.visibilityState === 'visible') void this.#checkNew();
    }, pollMs);
    return () => {
      clearInterval(clock);
      clearInterval(poll);
    };
  }

  /** Loads the names of the members (sentences name people, not ids). */
  async loadMembers(): Promise<void> {
    try {
      this.members = await this.#api.listMembers(this.projectId);
    } catch (error) {
      // Names are a courtesy: people read as "A former member" until the page is opened again.
      this.announcement = `Member names could not be loaded (${toApiError(error).message}).`;
    }
  }

  nameOf(userId: string): string {
    return personName(userId, this.names);
  }

  codeName(codeId: string): string {
    return this.codeById.get(codeId)?.name ?? this.historicCodeNames.get(codeId) ?? 'a deleted code';
  }

  #codeLook(codeId: string): { name: string; colour: string } {
    const code = this.codeById.get(codeId);
    return { name: code?.name ?? this.historicCodeNames.get(codeId) ?? 'a deleted code', colour: code?.colour ?? fallbackCodeColour };
  }

  codeColour(codeId: string | null): string | null {
    return codeId === null ? null : (this.codeById.get(codeId)?.colour ?? null);
  }

  /** The event's sentence, with its passage once looked up. */
  describe(event: HistoryEventView): EventSentence {
    return describeEvent(event, this.vocabulary, this.passages.passagesOf(event));
  }

  // --- filter and loading -------------------------------------------------------------------

  setFilter(changes: Partial<HistoryFilter>): void {
    const next = { ...this.filter, ...changes };
    if (JSON.stringify(next) === JSON.stringify(this.filter)) return;
    this.filter = next;
    this.#onFilter?.(next);
    this.reload();
  }

  /** The address changed (back, forward, a link): show what it names. */
  followAddress(filter: HistoryFilter): void {
    if (JSON.stringify(filter) === JSON.stringify(this.filter)) return;
    this.filter = filter;
    this.reload();
  }

  reload(): void {
    this.feed.stop();
    this.openRuns.clear();
    this.feed = this.#createFeed(this.filter);
    void this.feed.load().then(() => {
      if (this.feed.status === 'ready') this.announcement = this.#loadedSummary();
    });
  }

  async loadMore(): Promise<void> {
    const feed = this.feed;
    const count = await feed.loadMore();
    if (feed !== this.feed || feed.error) return;
    const which = feed.order === 'newest' ? 'earlier' : 'later';
    this.announcement = count === 0 ? (feed.hasMore ? `No ${which} events in the stretch searched; there are more before it.` : `No ${which} events.`) : `Loaded ${count} ${which} ${count === 1 ? 'event' : 'events'}.`;
  }

  showIncoming(): void {
    const count = this.feed.showIncoming();
    if (count > 0) this.announcement = `Showing ${count} new ${count === 1 ? 'event' : 'events'}.`;
  }

  #loadedSummary(): string {
    const n = this.feed.events.length;
    if (n === 0) return this.isFiltered ? 'No events match the filter.' : 'No changes recorded yet.';
    return `${n} ${n === 1 ? 'event' : 'events'} loaded${this.feed.hasMore ? '; earlier ones can be loaded' : ''}.`;
  }

  #createFeed(filter: HistoryFilter): HistoryFeed {
    return new HistoryFeed({
      fetch: (afterSeq, limit) => this.#api.getHistory(this.projectId, historyQuery(filter, { afterSeq, limit })),
      order: filter.order,
      keep: (event) => matchesKind(event, filter.kind),
    });
  }

  async #checkNew(): Promise<void> {
    const feed = this.feed;
    const before = feed.incoming.length;
    await feed.checkNew();
    // Said once, when new events start waiting: the button counts the rest without a voice every poll.
    if (feed === this.feed && before === 0 && feed.incoming.length > 0) this.announcement = 'New events have arrived: “Show new events” is at the top of the timeline.';
  }

  // --- rows ---------------------------------------------------------------------------------

  toggleRun(key: string): void {
    if (this.openRuns.has(key)) this.openRuns.delete(key);
    else this.openRuns.add(key);
  }

  toggleDetails(event: HistoryEventView): void {
    if (this.openDetails.has(event.seq)) {
      this.openDetails.delete(event.seq);
      return;
    }
    this.openDetails.add(event.seq);
    void this.passages.load(event);
  }

  /** Shows the event's document as it was right after the event. */
  openAsOf(event: HistoryEventView): void {
    if (event.documentId === null || event.redacted) return;
    this.asOf.open(event.documentId, event.seq);
    void this.passages.load(event);
  }

  /** Moves the as-of view to the step'th event of its document (the scrubber). */
  moveAsOf(step: number): void {
    const event = this.asOfSteps[step];
    if (event) this.asOf.moveTo(event.seq);
  }

  // --- reverts (owners) ---------------------------------------------------------------------

  startRevert(event: HistoryEventView): void {
    if (this.isOwner) this.revert.showEvent(event);
  }

  /** "Revert everything <name> did after…": the moment is picked from one of their loaded coding events. */
  startRevertSince(userId: string): void {
    if (!this.isOwner) return;
    const candidates = this.revertSinceCandidates(userId);
    this.revert.showSince(userId, candidates);
  }

  /** A person's loaded changes to coders' codings, newest first: the moments a "revert since" can start after. */
  revertSinceCandidates(userId: string): HistoryEventView[] {
    return this.feed.events.filter((e) => e.userId === userId && isCodingEvent(e) && e.layer !== 'consensus' && !e.redacted).reverse();
  }

  async #afterRevert(events: readonly HistoryEventView[]): Promise<void> {
    const summary = events.find((e) => e.type === 'history.reverted');
    this.announcement = `Reverted. ${events.length} new ${events.length === 1 ? 'event was' : 'events were'} recorded${summary ? `: ${sentenceText(this.describe(summary))}` : ''}.`;
    // Show what the revert recorded at once, wherever the reader is.
    await this.feed.checkNew();
    this.feed.showIncoming();
  }

  destroy(): void {
    this.feed.stop();
    this.asOf.destroy();
    this.codes.destroy();
    this.#codebook.destroy();
  }
}

/** Names of codes as the history last showed them: what a sentence calls a code deleted since. */
function historicCodeNames(events: readonly HistoryEventView[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'code.changed' || event.codeId === null) continue;
    for (const side of [event.before, event.after]) {
      const value = readCodeFieldValue(side);
      const name = codeNameIn(value) ?? (value?.field === 'name' && typeof value.value === 'string' && value.value ? value.value : null);
      if (name) names.set(event.codeId, name);
    }
  }
  return names;
}

/** The members by name, then anyone else the loaded history (or the filter) names: a former member, the administrator. */
function historyPeople(members: readonly MemberView[], events: readonly HistoryEventView[], filtered: string | null, names: ReadonlyMap<string, string>): HistoryPerson[] {
  const people = members.map((m) => ({ userId: m.userId, name: m.name })).sort((a, b) => a.name.localeCompare(b.name));
  const known = new Set(people.map((p) => p.userId));
  for (const userId of [...events.map((e) => e.userId), ...(filtered ? [filtered] : [])]) {
    if (known.has(userId)) continue;
    known.add(userId);
    people.push({ userId, name: personName(userId, names) });
  }
  return people;
}
