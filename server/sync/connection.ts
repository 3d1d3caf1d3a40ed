import { CloseCode, type CloseReason, type Notice } from '../../shared/protocol/index.ts';
import type { Logger } from '../logger.ts';
import { writeNotice } from './outgoing-message.ts';
import type { PresenceIdentity } from './presence-identity.ts';
import type { SyncSocket } from './sync-socket.ts';
import type { TokenBucket } from './token-bucket.ts';

export interface ConnectionContext {
  /** The account behind the socket, stamped on every presence it announces. */
  readonly identity?: PresenceIdentity;
  readonly userId?: string | null;
  readonly sessionId?: string;
  readonly tokenId?: string;
  readonly isAdmin?: boolean;
}

/** What one socket may cost the server (PROTOCOL.md, limits). */
export interface ConnectionLimits {
  /** Frames it may send: sustained rate and burst. */
  readonly messages: TokenBucket;
  /** Bytes it may send, charged per frame. */
  readonly bytes: TokenBucket;
  /**
   * Bytes that may wait unsent for it, besides its one sync reply. A peer that stops reading is
   * closed (4408) rather than let the server buffer without end.
   */
  readonly maxQueuedBytes: number;
}

/** How long a slow consumer's close handshake may take before the connection is dropped. */
const slowConsumerGraceMs = 5000;

/**
 * One socket on one room. Owns what is specific to that socket: its limits, what it has queued,
 * the awareness client ids it controls, and whether it is still open. Frames are handed to the
 * room, which decides what they mean.
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
  /** The client asked for Accord's notices (`?notices=1`); stock providers do not understand them. */
  wantsNotices = false;
  /**
   * A sync reply to this socket is queued or not yet handed to the OS. While it is, a newer sync
   * step 1 is not answered but kept in `deferredStateVector` (only the newest): a reply can be the
   * whole document, and asking again must not queue another copy of it.
   */
  awaitingSyncReply = false;
  deferredStateVector: Uint8Array | null = null;
  /** The document's state vector when this socket was last sent a sync reply: it has all of that. */
  sentStateVector: Uint8Array | null = null;
  private open = true;
  /** Bytes of the sync reply the socket holds, not yet handed to the OS: not counted against the bound. */
  private syncReplyBytes = 0;

  constructor(
    readonly id: number,
    readonly room: string,
    private readonly socket: SyncSocket,
    private readonly limits: ConnectionLimits,
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

  /** Bytes waiting to be sent to this socket. */
  get queued(): number {
    return this.socket.bufferedBytes;
  }

  /** False (and the socket closed with 4429) when this socket has sent too much, too fast. */
  admit(frameBytes: number): boolean {
    if (!this.limits.messages.take()) {
      this.close(CloseCode.rateLimited, 'too many messages');
      return false;
    }
    if (!this.limits.bytes.take(frameBytes)) {
      this.close(CloseCode.rateLimited, 'too many bytes');
      return false;
    }
    return true;
  }

  send(frame: Uint8Array): void {
    if (!this.open) return;
    if (this.socket.bufferedBytes - this.syncReplyBytes + frame.byteLength > this.limits.maxQueuedBytes) {
      this.closeSlowConsumer();
      return;
    }
    try {
      this.socket.send(frame);
    } catch (error) {
      this.sendFailed(error);
    }
  }

  /** Tells the client something outside the Yjs protocol, if it asked to be told. */
  notify(notice: Notice): void {
    if (this.wantsNotices) this.send(writeNotice(notice));
  }

  /** Sends the one sync reply this socket may have waiting; `sent` once it has left. */
  sendSyncReply(frame: Uint8Array, sent: () => void): void {
    if (!this.open) return;
    const bytes = frame.byteLength;
    this.syncReplyBytes += bytes;
    const done = () => {
      this.syncReplyBytes -= bytes;
      sent();
    };
    try {
      this.socket.send(frame, done);
    } catch (error) {
      this.sendFailed(error);
      done();
    }
  }

  /** A socket that fails to send is dead; the transport will report its close. */
  private sendFailed(error: unknown): void {
    this.log.warn('send failed', { connection: this.id, room: this.room, error });
  }

  /**
   * The peer does not read what it is sent. The close frame would wait behind the unread data,
   * so the connection is dropped if the handshake has not ended after a short grace.
   */
  private closeSlowConsumer(): void {
    this.log.warn('slow consumer', { connection: this.id, room: this.room, queuedBytes: this.socket.bufferedBytes });
    this.close(CloseCode.slowConsumer);
    setTimeout(() => {
      try {
        this.socket.terminate();
      } catch (error) {
        this.log.warn('terminate failed', { connection: this.id, error });
      }
    }, slowConsumerGraceMs).unref();
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
 * Where a presence was announced: a socket of this instance (a `Connection`), or one of another
 * instance, known by whether it was isolated there (`LiveDocument`'s remote presence).
 */
export interface PresenceSource {
  readonly isolated: boolean;
}

/**
 * Whether `viewer` may receive the awareness (cursor, selection, presence) announced over `source`.
 * Owners see everyone. In a blind round everyone else (isolated) sees only themselves — not other
 * coders, and not the owners either, whose live selection would show what they are coding.
 * `source` is undefined when the announcing socket is unknown (already gone).
 */
export function canSeePresence(viewer: Connection, source: PresenceSource | undefined): boolean {
  if (source === viewer || viewer.privileged) return true;
  if (viewer.isolated) return false;
  return !source?.isolated;
}
