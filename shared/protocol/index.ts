export { MessageType, SyncMessageType } from './message-type.ts';
export { CloseCode } from './close-codes.ts';
export type { CloseCodeName, CloseReason } from './close-codes.ts';
export { isValidRoomName, maxRoomNameLength } from './room-name.ts';
