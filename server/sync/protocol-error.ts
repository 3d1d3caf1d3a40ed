/** Why an incoming frame was refused. Translated to close code 4400 by the connection. */
export const ProtocolErrorReason = {
  emptyFrame: 'emptyFrame',
  textFrame: 'textFrame',
  unknownMessageType: 'unknownMessageType',
  unknownSyncMessageType: 'unknownSyncMessageType',
  truncated: 'truncated',
  trailingBytes: 'trailingBytes',
  invalidStateVector: 'invalidStateVector',
  invalidUpdate: 'invalidUpdate',
  invalidAwareness: 'invalidAwareness',
} as const;
export type ProtocolErrorReason = (typeof ProtocolErrorReason)[keyof typeof ProtocolErrorReason];

export class ProtocolError extends Error {
  constructor(readonly reason: ProtocolErrorReason, detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'ProtocolError';
  }
}
