import * as encoding from 'lib0/encoding';
import { MessageType, SyncMessageType, type Notice } from '../../shared/protocol/index.ts';

/** Frames the server sends, in the y-websocket wire format. */
export function writeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessageType.step1, stateVector);
}

export function writeSyncStep2(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessageType.step2, update);
}

export function writeUpdate(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessageType.update, update);
}

export function writeAwareness(update: Uint8Array): Uint8Array {
  return frame(MessageType.awareness, null, update);
}

/** Bytes a lib0 var-uint of `value` takes: 7 bits a byte. */
function varUintLength(value: number): number {
  let length = 1;
  for (; value > 0x7f; length++) value = Math.floor(value / 128);
  return length;
}

/** Writes `value` as a lib0 var-uint at `offset`; returns the offset after it. */
function writeVarUintAt(target: Uint8Array, offset: number, value: number): number {
  for (; value > 0x7f; value = Math.floor(value / 128)) target[offset++] = 0x80 | (value % 128);
  target[offset++] = value;
  return offset;
}

/**
 * A message type, an optional sync type and the payload with its length, in one array sized
 * exactly: lib0's encoder would copy the payload twice (into a grown buffer, then into the result),
 * and a transcript's sync reply or first update is megabytes.
 */
function frame(type: number, syncType: number | null, payload: Uint8Array): Uint8Array {
  const header = varUintLength(type) + (syncType === null ? 0 : varUintLength(syncType)) + varUintLength(payload.length);
  const out = new Uint8Array(header + payload.length);
  let offset = writeVarUintAt(out, 0, type);
  if (syncType !== null) offset = writeVarUintAt(out, offset, syncType);
  offset = writeVarUintAt(out, offset, payload.length);
  out.set(payload, offset);
  return out;
}

/** y-protocols/auth "permission denied": the stock provider reports `reason` to the app. */
export function writePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** Accord's notice (type 4): a JSON object, for sockets that asked for notices. */
export function writeNotice(notice: Notice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.notice);
  encoding.writeVarString(encoder, JSON.stringify(notice));
  return encoding.toUint8Array(encoder);
}
