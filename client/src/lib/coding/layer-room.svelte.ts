import type * as Y from 'yjs';
import type { Coding } from '../../../../shared/model/coding.ts';
import { CloseCode } from '../../../../shared/protocol/close-codes.ts';
import { LayerCodings } from '../sync/layer-codings.ts';
import { LayerWriter } from '../sync/layer-writer.ts';
import { RoomConnection } from '../sync/room-connection.ts';

export type LayerKind = 'own' | 'coder' | 'consensus';

export const blindReason = 'Hidden during the blind round. Other coders’ layers appear once the project owner reveals them.';

export interface LayerRoomOptions {
  readonly room: string;
  readonly kind: LayerKind;
  /** The coder's user id ('consensus' for the consensus layer). */
  readonly coderId: string;
  readonly name: string;
  /** Only the signed-in coder's own layer, and never for a viewer. */
  readonly writable: boolean;
  readonly transcript: Y.Doc;
  readonly serverUrl?: string;
  /** Known up front (blind round, not an owner): shown hidden, not connected until asked. */
  readonly blocked?: string | null;
  readonly visible: boolean;
  /** The server's notices on this room's socket (e.g. `accessChanged` when the layer is frozen or re-opened). */
  readonly onNotice?: () => void;
}

/**
 * One coder's layer (or the consensus) in the coding view: whether it is shown, its room (opened
 * the first time it is shown), its codings, and for the own layer the writer with undo.
 */
export class LayerRoom {
  readonly key: string;
  readonly kind: LayerKind;
  readonly coderId: string;
  readonly name: string;
  readonly writable: boolean;
  visible = $state(false);
  /** Why the server keeps this layer from us, known before asking (blind round). */
  blocked = $state<string | null>(null);
  /**
   * Why the coding round keeps this (own) layer from being written, known before trying
   * (submitted, revealed, locked): no coding is made locally that the server would refuse.
   */
  frozen = $state<string | null>(null);
  connection = $state.raw<RoomConnection | null>(null);
  codings = $state.raw<LayerCodings | null>(null);
  writer = $state.raw<LayerWriter | null>(null);
  #transcript: Y.Doc;
  #serverUrl: string | undefined;
  #onNotice: (() => void) | undefined;

  constructor(options: LayerRoomOptions) {
    this.key = options.room;
    this.kind = options.kind;
    this.coderId = options.coderId;
    this.name = options.name;
    this.writable = options.writable;
    this.#transcript = options.transcript;
    this.#serverUrl = options.serverUrl;
    this.blocked = options.blocked ?? null;
    this.#onNotice = options.onNotice;
    if (options.visible) this.show();
  }

  /** Why this layer cannot be shown (blind round), or null. Not an error: the rules say so. */
  get hiddenReason(): string | null {
    if (this.blocked) return this.blocked;
    const state = this.connection?.state;
    if (state?.status === 'refused' && state.closeCode === CloseCode.forbidden.code && this.kind !== 'own') return blindReason;
    return null;
  }

  /** A refusal that is not the blind round (signed out, deleted…), as a sentence. */
  get problem(): string | null {
    const state = this.connection?.state;
    if (!state || this.hiddenReason) return null;
    return state.status === 'refused' ? state.reason : null;
  }

  get synced(): boolean {
    return this.connection?.state.synced ?? false;
  }

  /** Why this layer may not be written: the round froze it, or the server said so (e.g. the role changed to viewer). */
  get readOnly(): string | null {
    return this.frozen ?? this.connection?.state.readOnly ?? null;
  }

  get canWrite(): boolean {
    return this.writable && this.writer !== null && this.readOnly === null && this.problem === null;
  }

  get currentCodings(): readonly Coding[] {
    return this.codings?.current ?? [];
  }

  show(): void {
    this.visible = true;
    if (!this.blocked) this.#connect();
  }

  hide(): void {
    this.visible = false;
  }

  /** Asks the server again (the owner may have revealed the layers since), and shows the layer. */
  retry(): void {
    this.blocked = null;
    this.show();
  }

  /** The server says access changed (the reveal): ask again, without showing a layer that was switched off. */
  reopen(): void {
    this.blocked = null;
    if (this.visible) this.#connect();
  }

  #connect(): void {
    if (!this.connection) this.#open();
    else if (this.connection.state.status === 'refused') this.connection.connect();
  }

  destroy(): void {
    this.writer?.destroy();
    this.codings?.destroy();
    this.connection?.destroy();
  }

  #open(): void {
    const connection = new RoomConnection({
      room: this.key,
      ...(this.#serverUrl !== undefined && { serverUrl: this.#serverUrl }),
      describeClose: (code) => (code === CloseCode.forbidden.code && this.kind !== 'own' ? blindReason : null),
    });
    this.connection = connection;
    if (this.#onNotice) connection.onNotice(this.#onNotice);
    this.codings = new LayerCodings(connection.doc, this.#transcript, this.coderId);
    if (this.writable) this.writer = new LayerWriter(connection.doc, this.#transcript);
  }
}
