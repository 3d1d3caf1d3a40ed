import type { CodingMode, MemberView, ProjectView, UserView } from '../../../../shared/api/index.ts';
import type { Code } from '../../../../shared/model/codebook.ts';
import { documentCodingMode, layerFrozenReason, type DocumentRoundState } from '../../../../shared/model/round.ts';
import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import { createCodesSource } from '../sync/codebook-source.ts';
import { PresenceSource } from '../sync/presence-source.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import { describeReadOnly, type RoomState } from '../sync/room-status.ts';
import { createTranscriptSource, type Transcript } from '../sync/transcript-source.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { blindReason, LayerRoom } from './layer-room.svelte.ts';

/** Other coders' layers shown at first; more can be switched on (each lane takes width). */
const initiallyVisibleOthers = 3;

export interface DocumentSessionOptions {
  readonly projectId: string;
  readonly documentId: string;
  readonly user: UserView;
  readonly serverUrl?: string;
  /**
   * The server says this account's access changed (a blind round ended, a role changed, the own
   * layer was submitted or re-opened): the page fetches the project, members and rounds again and
   * passes them in (`setProject`, `setMembers`, `setRound`).
   */
  readonly onAccessChanged?: () => void;
}

/** The connection as one badge: the worst of the rooms the view needs. */
export interface SessionStatus {
  readonly status: RoomState['status'];
  readonly synced: boolean;
  readonly reason: string | null;
}

/**
 * Everything live behind one open transcript: its `text:` room (text, units, presence), the
 * project's codebook (`project:` room) and the coders' layers. The rooms open at once, in
 * parallel with the page's REST requests (ids come from the URL and the session): the project's
 * settings (`setProject`) only decide whether the own layer is kept (viewers have none), the
 * document's coding round (`setRound`) whether the other layers are hidden and the own layer
 * frozen, and the member list (`setMembers`) adds the other coders' lanes.
 */
export class DocumentSession {
  readonly projectId: string;
  readonly documentId: string;
  readonly user: UserView;
  readonly text: RoomConnection;
  readonly codebook: RoomConnection;
  readonly transcript: YjsValue<Transcript>;
  readonly codes: YjsValue<readonly Code[]>;
  readonly presence: PresenceSource;
  own = $state.raw<LayerRoom | null>(null);
  layers = $state.raw<readonly LayerRoom[]>([]);
  project = $state.raw<ProjectView | null>(null);
  /** The state of the round that governs this document; null when it is in no started round. */
  round = $state.raw<DocumentRoundState | null>(null);
  /** Whether `setRound` has been called: until the round is known, a submitted layer could look writable. */
  roundKnown = $state(false);
  #serverUrl: string | undefined;

  constructor(options: DocumentSessionOptions) {
    const { projectId, documentId, user } = options;
    this.projectId = projectId;
    this.documentId = documentId;
    this.user = user;
    this.#serverUrl = options.serverUrl;
    const url = options.serverUrl !== undefined ? { serverUrl: options.serverUrl } : {};
    this.text = new RoomConnection({ room: formatRoomName({ kind: 'text', projectId, documentId }), ...url });
    this.codebook = new RoomConnection({ room: formatRoomName({ kind: 'project', projectId }), ...url });
    this.transcript = createTranscriptSource(this.text.doc);
    this.codes = createCodesSource(this.codebook.doc);
    this.presence = new PresenceSource(this.text.awareness, this.text.doc, { id: user.id, name: user.name });
    const accessChanged = () => options.onAccessChanged?.();
    this.text.onNotice(accessChanged);
    this.codebook.onNotice(accessChanged);
    // Opened before the role is known: reading one's own layer is always allowed, and a viewer's
    // (empty) layer is dropped as soon as the project says so. Submitting or re-opening it changes
    // only this socket's access, so its notices count too.
    this.own = this.#layer({ kind: 'own', coderId: user.id, name: 'You', writable: true, visible: true, onNotice: accessChanged });
    this.layers = [this.own, this.#layer({ kind: 'consensus', coderId: 'consensus', name: 'Consensus', writable: false, visible: false })];
  }

  /**
   * How this document's layers are shown now: the project's mode, unless the document's round
   * says otherwise (blind while the round is blind, open once revealed). Null until the project is known.
   */
  get codingMode(): CodingMode | null {
    return this.project ? documentCodingMode(this.project.codingMode, this.round) : null;
  }

  /** The project's settings and the user's role in it. A viewer has no layer of their own: they read, never code. */
  setProject(project: ProjectView): void {
    this.project = project;
    this.#followAccess();
    const own = this.own;
    if (project.role === 'viewer' && own) {
      this.own = null;
      this.layers = this.layers.filter((l) => l !== own);
      own.destroy();
    }
  }

  /**
   * The document's coding round (spec §3.2), or null when it is in none: whether the other layers
   * are hidden (blind) or readable (revealed), and whether the own layer is frozen (submitted,
   * revealed, locked).
   */
  setRound(round: DocumentRoundState | null): void {
    this.round = round;
    this.roundKnown = true;
    this.#followAccess();
  }

  /**
   * Adds a lane for every other member who codes (owners and coders), own lane first. Needs the
   * project, and the round when the document has one: a layer hidden by a blind round is shown
   * hidden at once instead of being asked for and refused.
   */
  setMembers(members: readonly MemberView[]): void {
    const project = this.project;
    if (!project) throw new Error('setMembers needs the project: call setProject first');
    const known = new Set(this.layers.map((l) => l.coderId));
    const blind = this.codingMode === 'blind' && project.role !== 'owner';
    const coders = members
      .filter((m) => m.role !== 'viewer' && m.userId !== this.user.id && !known.has(m.userId))
      .sort((a, b) => a.name.localeCompare(b.name));
    const others = coders.map((m, i) =>
      this.#layer({ kind: 'coder', coderId: m.userId, name: m.name, writable: false, visible: i < initiallyVisibleOthers, blocked: blind ? blindReason : null }),
    );
    const own = this.layers.filter((l) => l.kind === 'own');
    const rest = this.layers.filter((l) => l.kind !== 'own');
    this.layers = [...own, ...rest.filter((l) => l.kind === 'coder'), ...others, ...rest.filter((l) => l.kind === 'consensus')];
  }

  /** The badge: refused beats offline beats connecting; synced once every needed room is. */
  get status(): SessionStatus {
    const own = this.own?.connection;
    const rooms = [this.text, this.codebook, ...(own ? [own] : [])];
    const states = rooms.map((r) => r.state);
    const worst =
      states.find((s) => s.status === 'refused') ?? states.find((s) => s.status === 'offline') ?? states.find((s) => s.status === 'connecting') ?? states[0]!;
    return { status: worst.status, synced: states.every((s) => s.synced), reason: worst.reason };
  }

  destroy(): void {
    this.presence.destroy();
    this.transcript.destroy();
    this.codes.destroy();
    for (const layer of this.layers) layer.destroy();
    this.text.destroy();
    this.codebook.destroy();
  }

  /**
   * Applies what the project and the round say now: after the reveal the layers the server refused
   * (4403) are asked for again, at once; the own layer is frozen while the round says so. (Hiding
   * layers when a round turns blind is the server's: it closes their sockets with 4403.)
   */
  #followAccess(): void {
    const project = this.project;
    if (!project) return;
    if (this.codingMode !== 'blind' || project.role === 'owner') {
      for (const layer of this.layers) if (layer.kind !== 'own' && layer.hiddenReason) layer.reopen();
    }
    const own = this.own;
    if (own) {
      const reason = project.role === 'viewer' ? null : layerFrozenReason(this.round, this.user.id);
      own.frozen = reason === null ? null : describeReadOnly(reason);
    }
  }

  #layer(options: { kind: LayerRoom['kind']; coderId: string; name: string; writable: boolean; visible: boolean; blocked?: string | null; onNotice?: () => void }): LayerRoom {
    const room =
      options.kind === 'consensus'
        ? formatRoomName({ kind: 'consensus', projectId: this.projectId, documentId: this.documentId })
        : formatRoomName({ kind: 'layer', projectId: this.projectId, documentId: this.documentId, userId: options.coderId });
    return new LayerRoom({
      room,
      ...options,
      transcript: this.text.doc,
      ...(this.#serverUrl !== undefined && { serverUrl: this.#serverUrl }),
    });
  }
}
