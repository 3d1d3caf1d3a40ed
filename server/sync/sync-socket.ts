/**
 * The only thing the sync engine knows about a transport: any websocket library (or a test's
 * in-process pipe) can stand behind it.
 */
export interface SyncSocket {
  /**
   * Queues one frame. `sent`, when given, is called once the transport has handed it to the
   * operating system (or failed to). Most frames go without one: a callback per frame per socket
   * (closures, and a tick per write in Node's streams) was 28% of the event loop's allocation with
   * 1 room × 200 clients, where collecting garbage took 20% of the event loop's busy time, 4% without it.
   */
  send(frame: Uint8Array, sent?: () => void): void;
  /**
   * Bytes queued and not yet handed to the operating system: what a peer that stops reading
   * makes the server hold, and how the engine bounds it.
   */
  readonly bufferedBytes: number;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection now: for a peer that does not read, the handshake would never end. */
  terminate(): void;
}
