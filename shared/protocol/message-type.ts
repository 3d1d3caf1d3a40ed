/**
 * Top-level message types of the y-websocket protocol (the first varUint of every binary frame).
 * 0–3 are the stock `y-websocket` provider's, so it works unmodified. 4 is Accord's own, sent
 * only to sockets that asked for it (`?notices=1`): the stock provider would log it as unknown.
 *
 * @example
 * encoding.writeVarUint(encoder, MessageType.sync)
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  notice: 4,
} as const;

/**
 * What a notice frame (type 4, then a JSON string) tells a client. `accessChanged`: what this
 * account may see or do in the project changed (a blind round ended or began, a role changed):
 * fetch the project again and re-open what was refused.
 */
export type Notice = { readonly type: 'accessChanged' };
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Second varUint of a `sync` frame (y-protocols/sync). */
export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;
export type SyncMessageType = (typeof SyncMessageType)[keyof typeof SyncMessageType];
