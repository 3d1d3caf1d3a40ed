/**
 * The only thing the sync engine knows about a transport: any websocket library (or a test's
 * in-process pipe) can stand behind it.
 */
export interface SyncSocket {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}
