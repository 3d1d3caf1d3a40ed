/**
 * Websocket close codes the sync server uses, as named data (PROTOCOL.md lists them).
 * 1000–1015 are standard; 4000–4999 are ours. Clients may show `reason` to the user.
 *
 * @example
 * socket.close(CloseCode.malformedMessage.code, CloseCode.malformedMessage.reason)
 */
export const CloseCode = {
  /** The server is shutting down; reconnect later. */
  goingAway: { code: 1001, reason: 'server shutting down' },
  /** A frame was larger than the server's limit (sent by the websocket layer itself). */
  frameTooLarge: { code: 1009, reason: 'frame too large' },
  /** A frame could not be decoded, had an unknown type, or carried an invalid Yjs update. */
  malformedMessage: { code: 4400, reason: 'malformed message' },
  /** No or invalid credentials. */
  unauthorized: { code: 4401, reason: 'unauthorized' },
  /** Authenticated, but not allowed in this room. */
  forbidden: { code: 4403, reason: 'forbidden' },
  /** The room name is not valid or names nothing. */
  roomNotFound: { code: 4404, reason: 'room not found' },
  /** The connection did not read what it was sent: too much waited for it (`MAX_QUEUED_BYTES`). Reconnect. */
  slowConsumer: { code: 4408, reason: 'slow consumer' },
  /** The connection sent too many messages or bytes too fast. */
  rateLimited: { code: 4429, reason: 'too many messages' },
  /** The room's storage failed; the room is kept in memory but accepts no writes until storage recovers. */
  storageUnavailable: { code: 4503, reason: 'storage unavailable' },
} as const;
export type CloseCodeName = keyof typeof CloseCode;
export type CloseReason = (typeof CloseCode)[CloseCodeName];
