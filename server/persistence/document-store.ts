/**
 * Where accepted Yjs updates live. Every implementation (SQLite now, PostgreSQL later) runs the
 * same contract suite in `document-store-contract.ts`.
 *
 * Invariant: when `appendUpdates` resolves, the updates are durable — a `kill -9` of the process
 * right after must not lose them. The sync engine broadcasts an update only after that.
 */
export interface DocumentStore {
  /** All stored updates of a room, oldest first (a compacted room yields one merged update first). */
  loadUpdates(room: string): Promise<StoredLog>;
  /** Appends updates in order, atomically, durably. Returns the sequence number of the last one. */
  appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<number>;
  /**
   * Replaces every stored update with `seq <= throughSeq` by `merged`, atomically.
   * `merged` must contain at least the content of those updates; later appends are kept.
   */
  compact(room: string, merged: Uint8Array, throughSeq: number): Promise<void>;
  /** Row and byte counts of a room's log, to decide when to compact. */
  logSize(room: string): Promise<LogSize>;
  /** Resolves when the store can serve requests (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoredLog {
  readonly updates: Uint8Array[];
  /** Sequence number of the last stored update, 0 for an empty room. */
  readonly lastSeq: number;
}

export interface LogSize {
  readonly rows: number;
  readonly bytes: number;
}

export class StoreError extends Error {
  constructor(readonly reason: 'unavailable' | 'closed' | 'conflict', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}
