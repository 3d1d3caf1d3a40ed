import { CloseCode, type CloseReason } from '../../shared/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { SyncSocket } from './sync-socket.ts';
import type { TokenBucket } from './token-bucket.ts';

export interface ConnectionContext {
  readonly userId?: string | null;
  readonly sessionId?: string;
  readonly tokenId?: string;
  readonly isAdmin?: boolean;
}

/**
 * One socket on one room. Owns what is specific to that socket: its rate limit, the awareness
 * client ids it controls, and whether it is still open. Frames are handed to the room, which
 * decides what they mean.
 */
export class Connection {
  /** Awareness client ids this socket has announced; removed for everyone when it closes. */
  readonly awarenessClientIds = new Set<number>();
  /** Whether this socket's updates are accepted; access changes may flip it while it is open. */
  writable: boolean;
  /** Set once the socket has been told it is read-only, so the notice is not repeated per frame. */
  toldReadOnly = false;
  /** Owners (and the admin token) see everyone's presence, and everyone sees theirs. */
  privileged = false;
  /** Blind coding: coders and viewers neither see nor are seen by each other (see `canSeePresence`). */
  isolated = false;
  private open = true;

  constructor(
    readonly id: number,
    readonly room: string,
    private readonly socket: SyncSocket,
    private readonly rate: TokenBucket,
    private readonly log: Logger,
    /** Who is on the other end (user, session, token), for access re-checks. Opaque to the engine. */
    readonly context: ConnectionContext = {},
    writable = true,
  ) {
    this.writable = writable;
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** False (and the socket closed with 4429) when this socket has sent too much too fast. */
  admit(): boolean {
    if (this.rate.take()) return true;
    this.close(CloseCode.rateLimited);
    return false;
  }

  send(frame: Uint8Array): void {
    if (!this.open) return;
    try {
      this.socket.send(frame);
    } catch (error) {
      // A socket that fails to send is dead; the transport will report its close.
      this.log.warn('send failed', { connection: this.id, room: this.room, error });
    }
  }

  close(why: CloseReason, detail?: string): void {
    if (!this.open) return;
    this.open = false;
    this.log.info('closing connection', { connection: this.id, room: this.room, code: why.code, reason: detail ?? why.reason });
    try {
      this.socket.close(why.code, why.reason);
    } catch (error) {
      this.log.warn('close failed', { connection: this.id, error });
    }
  }

  /** The transport reports that the socket is gone. */
  markClosed(): void {
    this.open = false;
  }
}

/**
 * Whether `viewer` may receive the awareness (cursor, selection, presence) announced over `source`.
 * `source` is undefined when the announcing socket is unknown (already gone): then only sockets
 * that are not isolated see it, which errs on the side of hiding.
 */
export function canSeePresence(viewer: Connection, source: Connection | undefined): boolean {
  if (source === viewer || viewer.privileged) return true;
  if (!source) return !viewer.isolated;
  return source.privileged || (!source.isolated && !viewer.isolated);
}
