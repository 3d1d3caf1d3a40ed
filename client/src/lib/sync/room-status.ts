import { CloseCode } from '../../../../shared/protocol/close-codes.ts';

/**
 * Where one room's socket stands, as the page shows it:
 * - `connecting`: opening (first time, or again after a drop);
 * - `online`: open; `synced` once the server's state has arrived;
 * - `offline`: dropped and retrying by itself; edits made meanwhile are kept and sent on reconnect;
 * - `refused`: the server closed it for a reason reconnecting cannot fix (`closeCode`, `reason`).
 */
export type RoomStatus = 'connecting' | 'online' | 'offline' | 'refused';

export interface RoomState {
  readonly status: RoomStatus;
  readonly synced: boolean;
  /** The last close code the server sent, if any. */
  readonly closeCode: number | null;
  /** A sentence for people, explaining the last close. */
  readonly reason: string | null;
  /** Set once the server said this socket may read but not write (its `auth` permission-denied message). */
  readonly readOnly: string | null;
}

export const initialRoomState: RoomState = { status: 'connecting', synced: false, closeCode: null, reason: null, readOnly: null };

/** Close codes after which reconnecting would only be refused again. */
const terminalCodes: ReadonlySet<number> = new Set([
  CloseCode.malformedMessage.code,
  CloseCode.unauthorized.code,
  CloseCode.forbidden.code,
  CloseCode.roomNotFound.code,
]);

export function isTerminalClose(code: number): boolean {
  return terminalCodes.has(code);
}

/**
 * What a close means for the person at the screen (PROTOCOL.md, close codes).
 *
 * @example
 * describeClose(4503) // 'The server cannot save right now. Your changes are kept here and sent when it recovers.'
 */
export function describeClose(code: number): string {
  switch (code) {
    case CloseCode.goingAway.code:
      return 'The server is restarting. Reconnecting…';
    case CloseCode.frameTooLarge.code:
      return 'A change was too large for the server to accept.';
    case CloseCode.malformedMessage.code:
      return 'The server could not read a change from this page. Reload the page.';
    case CloseCode.unauthorized.code:
      return 'You are signed out. Sign in again to keep working.';
    case CloseCode.forbidden.code:
      return 'You do not have access to this.';
    case CloseCode.roomNotFound.code:
      return 'This no longer exists.';
    case CloseCode.rateLimited.code:
      return 'Too many changes at once. Reconnecting shortly…';
    case CloseCode.slowConsumer.code:
      return 'The connection could not keep up. Reconnecting…';
    case CloseCode.storageUnavailable.code:
      return 'The server cannot save right now. Your changes are kept here and sent when it recovers.';
    default:
      return 'The connection dropped. Your changes are kept here and sent when it is back.';
  }
}

/** The read-only notice without the protocol's `read-only:` prefix. */
export function describeReadOnly(reason: string): string {
  const text = reason.replace(/^read-only:\s*/i, '').trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : 'You can read this but not change it.';
}
