/**
 * The only thing the sync engine knows about a transport: any websocket library (or a test's
 * in-process pipe) can stand behind it.
 */
export interface SyncSocket {
  /**
   * Queues one frame. `sent` is called once the transport has handed it to the operating system
   * (or failed to): until then the frame occupies memory, which is how the engine bounds what a
   * peer that stops reading can make the server hold.
   */
  send(frame: Uint8Array, sent: () => void): void;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection now: for a peer that does not read, the handshake would never end. */
  terminate(): void;
}
