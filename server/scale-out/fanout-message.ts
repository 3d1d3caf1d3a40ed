import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What one instance tells the others about a room (PROTOCOL.md, "Between instances"):
 * - `updates`: Yjs updates it stored as the room's rows `firstSeq … lastSeq` (consecutive). A
 *   receiver that holds the room applies them and sends them to its own sockets; a receiver that
 *   sees a gap (`firstSeq` past the last row it knows + 1) reads the missing rows from the store
 *   instead — delivery is a speed-up, the store is the truth.
 * - `awareness`: one y-protocols awareness update (presence), never stored, with `isolated` — the
 *   states were announced over sockets that see no one else in a blind round (coders and viewers),
 *   so a receiver shows them only to owners there (`canSeePresence`), as the sender would.
 * - `head`: the room's last stored row, sent when an `updates` message could not be (Redis was
 *   down or slow): a receiver behind it reads the rows it lacks from the store.
 * `sentAt` (ms since the epoch, the sender's clock) measures fan-out lag.
 */
export const FanoutKind = { updates: 1, awareness: 2, head: 3 } as const;
export type FanoutKind = (typeof FanoutKind)[keyof typeof FanoutKind];

interface Envelope {
  readonly instance: string;
  readonly room: string;
  readonly sentAt: number;
}

export type FanoutMessage =
  | (Envelope & { readonly kind: typeof FanoutKind.updates; readonly firstSeq: number; readonly lastSeq: number; readonly updates: readonly Uint8Array[] })
  | (Envelope & { readonly kind: typeof FanoutKind.awareness; readonly update: Uint8Array; readonly isolated: boolean })
  | (Envelope & { readonly kind: typeof FanoutKind.head; readonly lastSeq: number });

/** Bumped when the layout changes: instances of two versions then ignore each other's messages (and rely on the store) rather than misread them. */
const wireVersion = 1;

export class FanoutMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FanoutMessageError';
  }
}

/** One message as bytes: version, kind, instance, room, then the kind's fields. */
export function writeFanoutMessage(message: FanoutMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, wireVersion);
  encoding.writeVarUint(encoder, message.kind);
  encoding.writeVarString(encoder, message.instance);
  encoding.writeVarString(encoder, message.room);
  encoding.writeFloat64(encoder, message.sentAt);
  if (message.kind === FanoutKind.updates) {
    if (message.lastSeq - message.firstSeq + 1 !== message.updates.length) throw new FanoutMessageError(`rows ${message.firstSeq}–${message.lastSeq} do not match ${message.updates.length} updates`);
    encoding.writeVarUint(encoder, message.firstSeq);
    encoding.writeVarUint(encoder, message.updates.length);
    for (const update of message.updates) encoding.writeVarUint8Array(encoder, update);
  } else if (message.kind === FanoutKind.awareness) {
    encoding.writeVarUint8Array(encoder, message.update);
    encoding.writeVarUint(encoder, message.isolated ? 1 : 0);
  } else {
    encoding.writeVarUint(encoder, message.lastSeq);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Reads a message; null for one written by another wire version. Anything malformed throws
 * `FanoutMessageError` (Redis is shared infrastructure: a bad message is logged, never applied).
 */
export function readFanoutMessage(bytes: Uint8Array): FanoutMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== wireVersion) return null;
    const kind = decoding.readVarUint(decoder);
    const instance = decoding.readVarString(decoder);
    const room = decoding.readVarString(decoder);
    const sentAt = decoding.readFloat64(decoder);
    let message: FanoutMessage;
    if (kind === FanoutKind.updates) {
      const firstSeq = decoding.readVarUint(decoder);
      const count = decoding.readVarUint(decoder);
      if (firstSeq < 1 || count < 1 || count > bytes.length) throw new FanoutMessageError('bad row numbers');
      const updates: Uint8Array[] = [];
      for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
      message = { kind, instance, room, sentAt, firstSeq, lastSeq: firstSeq + count - 1, updates };
    } else if (kind === FanoutKind.awareness) {
      const update = decoding.readVarUint8Array(decoder);
      const isolated = decoding.readVarUint(decoder);
      if (isolated > 1) throw new FanoutMessageError('bad isolation flag');
      message = { kind, instance, room, sentAt, update, isolated: isolated === 1 };
    } else if (kind === FanoutKind.head) {
      message = { kind, instance, room, sentAt, lastSeq: decoding.readVarUint(decoder) };
    } else {
      throw new FanoutMessageError(`unknown kind ${kind}`);
    }
    if (decoding.hasContent(decoder)) throw new FanoutMessageError('trailing bytes');
    return message;
  } catch (error) {
    if (error instanceof FanoutMessageError) throw error;
    throw new FanoutMessageError(`unreadable message (${(error as Error).message})`);
  }
}
