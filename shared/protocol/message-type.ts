/**
 * Top-level message types of the y-websocket protocol (the first varUint of every binary frame).
 * Kept identical to the stock `y-websocket` provider so it works unmodified.
 *
 * @example
 * encoding.writeVarUint(encoder, MessageType.sync)
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Second varUint of a `sync` frame (y-protocols/sync). */
export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;
export type SyncMessageType = (typeof SyncMessageType)[keyof typeof SyncMessageType];
