import type { DocumentView, MemberView, ProjectView } from '../../../../shared/api/index.ts';
import type { Code } from '../../../../shared/model/codebook.ts';
import { toElk } from '../../../../shared/pathways/export/elk.ts';
import { endId, startId, type Pathway, type PathwayEdge, type PathwayGraph, type PathwayNode, type PathwayVariant } from '../../../../shared/pathways/types.ts';
import { formatRoomName } from '../../../../shared/protocol/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { createCodesSource } from '../sync/codebook-source.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { coderReadings, type CoderReading } from './coder-readings.ts';
import { ConditionalPoller } from './conditional-poller.ts';
import type { LayoutEngine } from './elk-layout.ts';
import { groupEvidence, variantEvidence, variantKey, type ParticipantEvidence } from './evidence-groups.ts';
import { mapGeometry, type LaidOutGraph, type MapGeometry } from './map-geometry.ts';
import { resolveParticipantFilter, type ParticipantFilter } from './participant-filter.ts';
import { pathwayQuery, sameSettings, type PathwaySettings } from './pathway-settings.ts';
import { createPathwayNames, type PathwayNames } from './pathway-words.ts';

/** What the drawer shows: a transition, a stage, or a variant (its id is `variantKey`). */
export type PathwaySelection = { readonly kind: 'edge' | 'node' | 'variant'; readonly id: string };

export interface PathwaysViewOptions {
  readonly api: Api;
  readonly projectId: string;
  readonly settings: PathwaySettings;
  /** Keeps the address a link to what is shown. */
  readonly onSettings: (settings: PathwaySettings) => void;
  readonly layout: LayoutEngine;
}

/** The server's export formats (docs/api.md) with the file each one saves as. */
export const pathwayExports = [
  { format: 'json', label: 'Graph (JSON)', file: 'pathways.json' },
  { format: 'mermaid', label: 'Mermaid flowchart', file: 'pathways.mmd' },
  { format: 'sankey', label: 'Mermaid Sankey (by step)', file: 'pathways-sankey.mmd' },
  { format: 'dot', label: 'Graphviz DOT', file: 'pathways.dot' },
  { format: 'csv', label: 'Transitions with quotes (CSV)', file: 'pathways-transitions.csv' },
  { format: 'variants-csv', label: 'Variants (CSV)', file: 'pathways-variants.csv' },
  { format: 'elk', label: 'ELK layout input (JSON)', file: 'pathways-elk.json' },
] as const;

/**
 * The Pathways page of one project: the settings (kept in the address), the live graph polled
 * every second with `If-None-Match` (so the diagram follows coding within about a second and an
 * idle page costs a header), its layout by elkjs in a worker, and what is selected for the
 * evidence drawer. The live codebook (read only) says whether any code is a stage at all.
 */
export class PathwaysView {
  readonly projectId: string;
  settings = $state.raw<PathwaySettings>();
  graph = $state.raw<PathwayGraph | null>(null);
  /** The last failure; cleared by the next answer. A 403/422 says why in words. */
  error = $state.raw<ApiError | null>(null);
  layoutError = $state<string | null>(null);
  /** The query the shown graph answers; differs from `query` while new settings load. */
  shownQuery = $state<string | null>(null);
  selection = $state.raw<PathwaySelection | null>(null);
  /** Said to screen readers when the diagram changes while the page is open. */
  announcement = $state('');

  project = $state.raw<ProjectView | null>(null);
  documents = $state.raw<readonly DocumentView[]>([]);
  /** False until the project's documents have loaded: the participant filter waits for them. */
  documentsLoaded = $state(false);
  members = $state.raw<readonly MemberView[]>([]);
  userId = $state<string | null>(null);

  readonly codes: YjsValue<readonly Code[]>;
  readonly names: PathwayNames;
  /** Coders and viewers see only their own layer while the project codes blind (docs/api.md). */
  readonly seesOwnOnly: boolean;
  /** The settings asked for: in a blind round, a coder's own layer whatever the address says. */
  readonly effective: PathwaySettings;
  /** The case filter by participant attributes, resolved against the project's fields and documents. */
  readonly participantFilter: ParticipantFilter;
  /** Documents the lanes can show: those the participant filter picks. */
  readonly laneDocuments: readonly DocumentView[];
  /** How many people code (owners and coders): the most `k` can usefully be. */
  readonly coderCount: number;
  readonly query: string;
  readonly pending: boolean;
  readonly codebookSynced: boolean;
  readonly hasStageCodes: boolean;
  readonly hasStageCodings: boolean;
  readonly geometry: MapGeometry | null;
  readonly layerOptions: readonly { value: string; label: string }[];
  readonly readings: readonly CoderReading[];
  readonly selectedEdge: PathwayEdge | null;
  readonly selectedNode: PathwayNode | null;
  readonly selectedVariant: PathwayVariant | null;
  /** The map's edges along the selected variant (Start and End included), which it draws over the others. */
  readonly highlightedEdges: ReadonlySet<string> | null;
  readonly selectedEvidence: readonly ParticipantEvidence[];
  /** The lanes' participant: the one in the address if the project has it, else the first document. */
  readonly laneParticipant: string | null;
  /** The lanes' pathways: each coder's (or the consensus's) reading of `laneParticipant`. */
  readonly lanePathways: readonly Pathway[];

  #api: Api;
  #onSettings: (settings: PathwaySettings) => void;
  #engine: LayoutEngine;
  #codebook: RoomConnection;
  #poller: ConditionalPoller<PathwayGraph>;
  #laid = $state.raw<{ graph: PathwayGraph; laid: LaidOutGraph } | null>(null);
  #layoutTicket = 0;

  constructor(options: PathwaysViewOptions) {
    this.#api = options.api;
    this.projectId = options.projectId;
    this.#onSettings = options.onSettings;
    this.#engine = options.layout;
    this.settings = options.settings;
    this.#codebook = new RoomConnection({ room: formatRoomName({ kind: 'project', projectId: this.projectId }) });
    this.codes = createCodesSource(this.#codebook.doc);
    this.names = $derived(createPathwayNames(this.documents, this.members));
    this.seesOwnOnly = $derived(this.project !== null && this.project.codingMode === 'blind' && this.project.role !== 'owner');
    this.effective = $derived(this.seesOwnOnly && this.userId ? { ...this.settings!, layer: this.userId } : this.settings!);
    this.participantFilter = $derived(resolveParticipantFilter(this.project?.attributeFields ?? [], this.documents, this.settings!.field, this.settings!.values));
    this.laneDocuments = $derived.by(() => {
      const chosen = this.participantFilter.participants;
      if (chosen === null) return this.documents;
      const ids = new Set(chosen);
      return this.documents.filter((d) => ids.has(d.id));
    });
    this.coderCount = $derived(this.members.filter((m) => m.role !== 'viewer').length);
    // Until the documents load, a filter in the address cannot be resolved: ask for everyone
    // rather than for nobody, and follow with the filtered query a moment later.
    this.query = $derived(pathwayQuery(this.effective, this.documentsLoaded ? this.participantFilter.participants : null));
    this.pending = $derived(this.shownQuery !== this.query);
    this.codebookSynced = $derived(this.#codebook.state.synced);
    this.hasStageCodes = $derived(this.codes.current.some((code) => code.isStage));
    this.hasStageCodings = $derived(this.graph !== null && this.graph.nodes.some((node) => node.kind === 'stage'));
    this.geometry = $derived(this.#laid ? mapGeometry(this.#laid.graph, this.#laid.laid, this.names) : null);
    this.layerOptions = $derived([
      { value: 'coders', label: 'All coders, merged' },
      { value: 'consensus', label: 'Consensus (reconciled)' },
      ...this.members.filter((m) => m.role !== 'viewer').map((m) => ({ value: m.userId, label: m.userId === this.userId ? `${m.name} (you)` : m.name })),
    ]);
    this.readings = $derived(this.graph ? coderReadings(this.graph) : []);
    this.selectedEdge = $derived(this.selection?.kind === 'edge' ? (this.graph?.edges.find((e) => e.id === this.selection!.id) ?? null) : null);
    this.selectedNode = $derived(this.selection?.kind === 'node' ? (this.graph?.nodes.find((n) => n.id === this.selection!.id) ?? null) : null);
    this.selectedVariant = $derived(this.selection?.kind === 'variant' ? (this.graph?.variants.find((v) => variantKey(v) === this.selection!.id) ?? null) : null);
    this.highlightedEdges = $derived.by(() => {
      const variant = this.selectedVariant;
      if (!variant) return null;
      const stops = [startId, ...variant.sequence, endId];
      return new Set(stops.slice(1).map((to, i) => `${stops[i]}->${to}`));
    });
    this.selectedEvidence = $derived(this.selectedVariant && this.graph ? variantEvidence(this.graph, this.selectedVariant) : groupEvidence(this.selectedEdge ?? this.selectedNode ?? { evidence: [] }));
    this.laneParticipant = $derived.by(() => {
      const asked = this.settings!.participant;
      const known = asked !== null && (this.laneDocuments.some((d) => d.id === asked) || (this.graph?.perParticipant ?? []).some((p) => p.participantId === asked));
      return known ? asked : (this.laneDocuments[0]?.id ?? this.graph?.perParticipant?.[0]?.participantId ?? null);
    });
    this.lanePathways = $derived((this.graph?.perParticipant ?? []).filter((p) => p.participantId === this.laneParticipant));
    this.#poller = new ConditionalPoller<PathwayGraph>({
      fetch: (query, etag) => this.#api.getPathways(this.projectId, query, etag),
      onBody: (graph, query) => this.#accept(graph, query),
      onChecked: () => (this.error = null),
      onError: (error) => (this.error = toApiError(error)),
      isHidden: () => document.visibilityState === 'hidden',
    });
  }

  /** Starts polling; returns the function that stops it (for `$effect`). */
  start(): () => void {
    this.#poller.start(this.query);
    const onVisible = () => {
      if (document.visibilityState === 'visible') this.#poller.pollNow();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      this.#poller.stop();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }

  /** Follows the effective query (settings, or the blind round starting or ending). */
  followQuery(): void {
    this.#poller.setQuery(this.query);
  }

  async loadMembers(): Promise<void> {
    try {
      this.members = await this.#api.listMembers(this.projectId);
    } catch (error) {
      // Names are a courtesy: the diagram works without them, and the next visit tries again.
      this.announcement = `Member names could not be loaded (${toApiError(error).message}).`;
    }
  }

  /** Changes settings, writes them to the address and asks for the new graph at once. */
  update(changes: Partial<PathwaySettings>): void {
    const next = { ...this.settings!, ...changes };
    if (sameSettings(next, this.settings!)) return;
    this.settings = next;
    this.#onSettings(next);
  }

  /** Back, forward, or a link to other settings while the page is open. */
  followAddress(settings: PathwaySettings): void {
    if (!sameSettings(settings, this.settings!)) this.settings = settings;
  }

  retry(): void {
    this.#poller.pollNow();
  }

  select(selection: PathwaySelection | null): void {
    this.selection = selection;
  }

  exportUrl(format: string): string {
    return this.#api.pathwaysExportUrl(this.projectId, this.query, format);
  }

  #accept(graph: PathwayGraph, query: string): void {
    const first = this.graph === null || this.shownQuery !== query;
    this.graph = graph;
    this.shownQuery = query;
    if (!first) this.announcement = `The diagram was updated: ${graph.edges.length} transitions between ${graph.nodes.filter((n) => n.kind === 'stage').length} stages.`;
    void this.#layOut(graph);
  }

  // Layouts finish in any order; only the newest graph's layout is shown, and the old drawing
  // stays until it arrives, so nothing blinks while someone codes.
  async #layOut(graph: PathwayGraph): Promise<void> {
    const ticket = ++this.#layoutTicket;
    try {
      const laid = await this.#engine.layout(toElk(graph));
      if (ticket !== this.#layoutTicket) return;
      this.#laid = { graph, laid };
      this.layoutError = null;
    } catch (error) {
      if (ticket !== this.#layoutTicket) return;
      this.layoutError = error instanceof Error ? error.message : String(error);
    }
  }

  destroy(): void {
    this.#poller.stop();
    this.#engine.destroy();
    this.codes.destroy();
    this.#codebook.destroy();
  }
}
