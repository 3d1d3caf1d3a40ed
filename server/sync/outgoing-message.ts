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
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function frame(type: number, syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
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
