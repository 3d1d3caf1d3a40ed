import type { DocumentView, MemberView, ProjectView } from '../../../../shared/api/index.ts';
import type { AttributeField } from '../../../../shared/model/attributes.ts';
import { codeTree, fallbackCodeColour, type Code } from '../../../../shared/model/codebook.ts';
import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { flattenTree, type FlatCode } from '../coding/code-list.ts';
import { formatCount } from '../format.ts';
import { paths } from '../routes.ts';
import { createCodesSource } from '../sync/codebook-source.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { filterChips, type FilterChip } from './segments-chips.ts';
import { emptySegmentFilter, isSegmentFilterSet, segmentsApiQuery, writeSegmentFilter, type SegmentFilter } from './segments-filter.ts';
import type { SegmentView } from '../../../../shared/api/index.ts';
import { fetchSegmentPage, segmentsExportUrl } from './segments-request.ts';

export interface SegmentsViewOptions {
  readonly api: Api;
  readonly projectId: string;
  readonly filter: SegmentFilter;
  /** The filter changed: keep the address a link to it. */
  readonly onFilter?: (filter: SegmentFilter) => void;
  readonly serverUrl?: string;
}

/** A layer the coder filter offers. */
export interface CoderOption {
  readonly id: string;
  readonly name: string;
}

function toggled(list: readonly string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}

/** Rows per request: a screenful and a half of rows ahead, well under the server's 500. */
const pageSize = 100;
/** Typing in the memo box filters once the typing pauses. */
const typingMs = 300;

/**
 * The coded-segments list (retrieval): the filter (kept in the address), the selection's counts,
 * and its rows, loaded a page at a time as the virtual list reaches them. Names come from the
 * members and the documents, codes (names, colours, the tree) from the live codebook through
 * `lib/sync`, read only. A filter change drops every loaded page and any request under way.
 */
export class SegmentsView {
  readonly projectId: string;
  readonly codes: YjsValue<readonly Code[]>;
  project = $state.raw<ProjectView | null>(null);
  documents = $state.raw<readonly DocumentView[]>([]);
  members = $state.raw<readonly MemberView[]>([]);
  /** Names of the rounds in their blind phase (their documents show a coder only their own codings). */
  blindRounds = $state.raw<readonly string[]>([]);
  filter: SegmentFilter;
  /** The memo box as typed (applied after a pause). */
  memoDraft = $state('');
  /** Segments in the selection; null until the first page of this filter arrived. */
  total = $state<number | null>(null);
  documentCount = $state(0);
  error = $state.raw<ApiError | null>(null);
  /** Bumped when the selection starts over (a new filter, a reload): the list scrolls to the top. */
  generation = $state(0);
  /** Bumped when rows arrive. */
  version = $state(0);
  /** Read out by the live region. */
  announcement = $state('');

  readonly codeById: ReadonlyMap<string, Code> = $derived.by(() => new Map(this.codes.current.map((c) => [c.id, c])));
  /** The codebook in reading order (depth first), as the code filter lists it. */
  readonly flatCodes: readonly FlatCode[] = $derived.by(() => flattenTree(codeTree(this.codes.current)));
  readonly fields: readonly AttributeField[] = $derived(this.project?.attributeFields ?? []);
  readonly names: ReadonlyMap<string, string> = $derived(new Map([...this.members.map((m) => [m.userId, m.name] as const), ['consensus', 'Consensus'] as const]));
  /** Coders (not viewers), then the consensus. */
  readonly coderOptions: readonly CoderOption[] = $derived([...this.members.filter((m) => m.role !== 'viewer').map((m) => ({ id: m.userId, name: m.name })), { id: 'consensus', name: 'Consensus' }]);
  /** In a blind project, coders and viewers see only their own codings. */
  readonly seesOwnOnly: boolean = $derived(this.project !== null && this.project.codingMode === 'blind' && this.project.role !== 'owner');
  /** Rounds whose documents show this reader only their own codings (never for owners). */
  readonly blindRoundsForMe: readonly string[] = $derived(this.project !== null && this.project.role !== 'owner' && !this.seesOwnOnly ? this.blindRounds : []);
  readonly isFiltered: boolean = $derived.by(() => isSegmentFilterSet(this.filter));
  /** The conditions set, as removable chips above the list. */
  readonly chips: readonly FilterChip[] = $derived.by(() =>
    filterChips(this.filter, {
      codeName: (id) => this.codeOf(id).name,
      coderName: (id) => this.coderName(id),
      documentName: (id) => this.documents.find((d) => d.id === id)?.name ?? 'Deleted document',
      fieldLabel: (key) => this.fields.find((f) => f.key === key)?.label ?? key,
    }),
  );
  readonly countText: string = $derived.by(() => (this.total === null ? '' : `${formatCount(this.total, 'segment')} in ${formatCount(this.documentCount, 'document')}`));

  #api: Api;
  #onFilter: SegmentsViewOptions['onFilter'];
  #codebook: RoomConnection;
  #rows = new Map<number, SegmentView>();
  #pages = new Map<number, Promise<void>>();
  #abort = new AbortController();
  #typing: ReturnType<typeof setTimeout> | null = null;

  constructor(options: SegmentsViewOptions) {
    this.#api = options.api;
    this.projectId = options.projectId;
    this.#onFilter = options.onFilter;
    this.filter = $state.raw(options.filter);
    this.memoDraft = options.filter.q;
    this.#codebook = new RoomConnection({ room: formatRoomName({ kind: 'project', projectId: this.projectId }), ...(options.serverUrl !== undefined && { serverUrl: options.serverUrl }) });
    this.codes = createCodesSource(this.#codebook.doc);
  }

  /** Loads the first page; call once the page is shown. */
  start(): void {
    void this.#loadPage(0);
  }

  async loadMembers(): Promise<void> {
    try {
      this.members = await this.#api.listMembers(this.projectId);
    } catch (error) {
      // Names fall back to "Former member" and the coder filter to the consensus; the list itself still works.
      void error;
    }
  }

  async loadRounds(): Promise<void> {
    try {
      this.blindRounds = (await this.#api.listRounds(this.projectId)).rounds.filter((r) => r.phase === 'blind').map((r) => r.name);
    } catch (error) {
      // Only the notice depends on it; the list is filtered by the server either way.
      void error;
    }
  }

  destroy(): void {
    this.#abort.abort();
    if (this.#typing) clearTimeout(this.#typing);
    this.codes.destroy();
    this.#codebook.destroy();
  }

  /** The row at `index` of the selection, or undefined while its page loads. */
  rowAt(index: number): SegmentView | undefined {
    void this.version;
    return this.#rows.get(index);
  }

  /** Makes sure the rows [start, end) are loaded or loading. */
  ensureRange(start: number, end: number): void {
    if (this.total === null) return;
    const last = Math.min(end, this.total) - 1;
    for (let page = Math.floor(start / pageSize); page * pageSize <= last; page++) void this.#loadPage(page);
  }

  /** Changes the filter: the address follows, the list starts over. */
  setFilter(next: SegmentFilter): void {
    if (writeSegmentFilter(next).toString() === writeSegmentFilter(this.filter).toString()) return;
    this.filter = next;
    this.memoDraft = next.q;
    this.#onFilter?.(next);
    this.#restart();
  }

  update(change: Partial<SegmentFilter>): void {
    this.setFilter({ ...this.filter, ...change });
  }

  /** Typing in the memo box: the filter follows once the typing pauses (Enter applies it at once). */
  typeMemo(text: string, now = false): void {
    this.memoDraft = text;
    if (this.#typing) clearTimeout(this.#typing);
    this.#typing = null;
    if (now) this.update({ q: text });
    else this.#typing = setTimeout(() => this.update({ q: this.memoDraft }), typingMs);
  }

  toggleCode(id: string): void {
    this.update({ codeIds: toggled(this.filter.codeIds, id) });
  }

  toggleCoder(id: string): void {
    this.update({ userIds: toggled(this.filter.userIds, id) });
  }

  toggleDocument(id: string): void {
    this.update({ documentIds: toggled(this.filter.documentIds, id) });
  }

  /** A category attribute: any of the ticked options. */
  toggleAttribute(key: string, value: string): void {
    this.#setAttribute(key, toggled(this.filter.attributes[key] ?? [], value));
  }

  /** A text or number attribute: the one value typed, or none. */
  setAttributeValue(key: string, value: string): void {
    this.#setAttribute(key, value.trim() === '' ? [] : [value.trim()]);
  }

  #setAttribute(key: string, values: readonly string[]): void {
    const attributes: Record<string, readonly string[]> = { ...this.filter.attributes };
    if (values.length === 0) delete attributes[key];
    else attributes[key] = values;
    this.update({ attributes });
  }

  clearFilters(): void {
    this.setFilter(emptySegmentFilter);
  }

  /** Back, forward, or a link to another filter while the page is open. */
  followAddress(filter: SegmentFilter): void {
    if (writeSegmentFilter(filter).toString() === writeSegmentFilter(this.filter).toString()) return;
    this.filter = filter;
    this.memoDraft = filter.q;
    this.#restart();
  }

  /** Loads the selection again (others may have coded since). */
  reload(): void {
    this.#restart();
  }

  exportHref(format: 'csv' | 'xlsx' | 'html'): string {
    return segmentsExportUrl(this.projectId, segmentsApiQuery(this.filter, { format }));
  }

  /** Opens the coding view framed at the passage. */
  linkOf(row: SegmentView): string {
    return `${paths.document(this.projectId, row.documentId)}?at=${row.start}-${row.end}`;
  }

  codeOf(codeId: string): { name: string; colour: string; known: boolean } {
    const code = this.codeById.get(codeId);
    return code ? { name: code.name || 'Unnamed code', colour: code.colour, known: true } : { name: 'Deleted code', colour: fallbackCodeColour, known: false };
  }

  coderName(userId: string): string {
    return this.names.get(userId) ?? 'Former member';
  }

  #restart(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#rows = new Map();
    this.#pages = new Map();
    this.total = null;
    this.error = null;
    this.generation += 1;
    this.version += 1;
    void this.#loadPage(0);
  }

  #loadPage(page: number): Promise<void> {
    const running = this.#pages.get(page);
    if (running) return running;
    const signal = this.#abort.signal;
    const query = segmentsApiQuery(this.filter, { limit: pageSize, offset: page * pageSize });
    const load = fetchSegmentPage(this.#api, this.projectId, query, signal).then(
      (body) => {
        if (signal.aborted) return;
        body.segments.forEach((row, i) => this.#rows.set(page * pageSize + i, row));
        const first = this.total === null;
        this.total = body.total;
        this.documentCount = body.documentCount;
        this.error = null;
        this.version += 1;
        if (first) this.announcement = this.countText;
      },
      (error: unknown) => {
        if (signal.aborted) return;
        // Let the page be asked for again (a retry, or scrolling back to it).
        this.#pages.delete(page);
        this.error = toApiError(error);
        this.announcement = this.error.message;
      },
    );
    this.#pages.set(page, load);
    return load;
  }
}
