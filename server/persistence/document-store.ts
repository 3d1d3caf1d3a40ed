import type { HistoryEvent, HistoryEventInput, HistoryQuery } from './history.ts';
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
   * `history`'s events are stored in the same transaction, numbered and chained after the
   * project's last event: a stored update never lacks the history it caused, nor the reverse.
   */
  appendUpdates(room: string, updates: readonly Uint8Array[], history?: RoomHistoryBatch): Promise<number>;
  /**
   * A project's history events that match `query`, oldest first, at most `query.limit`
   * (server/persistence/history.ts). Page with `afterSeq`.
   */
  readHistory(projectId: string, query: HistoryQuery): Promise<HistoryEvent[]>;
  /** The seq of a project's newest history event (0 when it has none): the data revision a figure was built from. */
  historyHead(projectId: string): Promise<number>;
  /** Forgets a deleted project's history, every event of it. */
  deleteHistory(projectId: string): Promise<void>;
  /**
   * Replaces exactly the stored updates whose sequence numbers lie in `rows` by `merged`,
   * atomically; `merged` is stored under the highest of those numbers. `merged` must contain at
   * least the content of those rows. Any other row (appended by another writer, or later) is
   * kept: compaction never deletes an update whose content it did not merge.
   */
  compact(room: string, merged: Uint8Array, rows: readonly SeqRange[]): Promise<void>;
  /** Row and byte counts of a room's log, to decide when to compact. */
  logSize(room: string): Promise<LogSize>;
  /**
   * Deletes every stored update of the selected rooms, atomically (their document, project or
   * account is being deleted), and redacts the history events of those rooms (see HistoryEvent). A deleted room that is written again starts a new log at 1.
   * When it resolves with `purged`, the deleted bytes are gone from the storage's files too, not
   * just unreachable; otherwise `residue` says where they may remain. Rejects a selector with an empty prefix or suffix (it would select everything).
   */
  deleteRooms(selectors: readonly RoomSelector[]): Promise<DeletedRooms>;
  /** Names of the stored rooms the selectors select, sorted (e.g. an account's layers, before deleting them). */
  listRooms(selectors: readonly RoomSelector[]): Promise<string[]>;
  /** Resolves when the store can serve requests, writes included (for /readyz); a full disk rejects. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** History events caused by one batch of updates of a room (all of one project). */
export interface RoomHistoryBatch {
  readonly projectId: string;
  readonly events: readonly HistoryEventInput[];
}

export interface StoredLog {
  readonly updates: Uint8Array[];
  /** The sequence number of each update, ascending. */
  readonly seqs: number[];
  /** Sequence number of the last stored update, 0 for an empty room. */
  readonly lastSeq: number;
}

/**
 * Which rooms: one by its exact name, or all whose names start with `prefix` (and, when given,
 * also end with `suffix`). Characters are compared literally (`_` and `%` are not wildcards).
 *
 * @example
 * { room: 'text:p1:d1' }                  // one transcript
 * { prefix: 'layer:p1:d1:' }              // every coder's layer of that document
 * { prefix: 'layer:', suffix: ':u7' }     // every layer of account u7, in every project
 */
export type RoomSelector = { readonly room: string } | { readonly prefix: string; readonly suffix?: string };

export type DeletedRooms =
  | { readonly rows: number; readonly purged: true }
  /**
   * The rows are deleted, but their bytes may remain for a while where `residue` says (SQLite:
   * the write-ahead log, when another process held it open; PostgreSQL: dead rows until VACUUM).
   */
  | { readonly rows: number; readonly purged: false; readonly residue: string };

/** True when `selector` selects the room `name` (the same rule the stores apply). */
export function selectsRoom(selector: RoomSelector, name: string): boolean {
  if ('room' in selector) return name === selector.room;
  return name.startsWith(selector.prefix) && (selector.suffix === undefined || (name.length >= selector.prefix.length + selector.suffix.length && name.endsWith(selector.suffix)));
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
