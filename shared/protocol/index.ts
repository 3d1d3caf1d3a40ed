export { MessageType, SyncMessageType } from './message-type.ts';
export type { Notice } from './message-type.ts';
export { CloseCode } from './close-codes.ts';
export type { CloseCodeName, CloseReason } from './close-codes.ts';
export { formatRoomName, isValidRoomName, maxRoomNameLength, parseRoomName, RoomKind } from './room-name.ts';
export type { RoomName } from './room-name.ts';
