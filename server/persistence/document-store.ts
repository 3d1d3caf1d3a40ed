import type { SeqRange } from './seq-ranges.ts';

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
  /**
   * Appends updates in order, atomically, durably. Returns the sequence number of the last one;
   * the batch's numbers are consecutive (the first is the returned number − updates.length + 1).
   */
  appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<number>;
  /**
   * Replaces exactly the stored updates whose sequence numbers lie in `rows` by `merged`,
   * atomically; `merged` is stored under the highest of those numbers. `merged` must contain at
   * least the content of those rows. Any other row (appended by another writer, or later) is
   * kept: compaction never deletes an update whose content it did not merge.
   */
  compact(room: string, merged: Uint8Array, rows: readonly SeqRange[]): Promise<void>;
  /** Row and byte counts of a room's log, to decide when to compact. */
  logSize(room: string): Promise<LogSize>;
  /** Resolves when the store can serve requests (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoredLog {
  readonly updates: Uint8Array[];
  /** The sequence number of each update, ascending. */
  readonly seqs: number[];
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
