import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { DocumentStore, StoredLog } from '../persistence/document-store.ts';
import { addSeqRange, seqRangesOf, type SeqRange } from '../persistence/seq-ranges.ts';
import { FanoutKind, type FanoutMessage } from '../scale-out/fanout-message.ts';
import { writeUpdate } from './outgoing-message.ts';

/**
 * Origin of rows another instance stored (fan-out, catch-up) and of presence announced there: not
 * stored again, not published again, and no history here (the instance that stored them wrote it).
 */
export const remoteOrigin = Symbol('remote');

/**
 * How long a hole in the rows this room knows may stay open before it reads the store. Rows from
 * two instances can arrive out of order (each publishes on its own connection), and an instance's
 * own append can overtake another's message; a hole still open after this is a lost message or a
 * crashed publisher.
 */
const gapGraceMs = 300;
/** After a catch-up could not read the store, the next attempt waits this long (as store retries do). */
const catchUpRetryMs = 2000;

/** True when `rows` are 1…n without a hole (or none at all). */
const isGapless = (rows: readonly SeqRange[]) => rows.length === 0 || (rows.length === 1 && rows[0]![0] === 1);
/** Whether every row 1…`lastSeq` is in `rows`. */
const coversUpTo = (rows: readonly SeqRange[], lastSeq: number) => lastSeq === 0 || (rows[0]?.[0] === 1 && rows[0][1] >= lastSeq);
/** The lowest row number missing below the highest in `rows`; null when there is no hole. */
const firstMissingRow = (rows: readonly SeqRange[]): number | null => (isGapless(rows) ? null : rows[0]![0] === 1 ? rows[0]![1] + 1 : 1);
const hasRow = (rows: readonly SeqRange[], seq: number) => rows.some(([first, last]) => first <= seq && seq <= last);

/** What a room lends the part of it that follows the other instances. */
export interface RemoteRowsHost {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly store: DocumentStore;
  readonly log: Logger;
  /** Loaded and writable: a loading room reads the whole log anyway, a failed one catches up when it recovers. */
  isReady(): boolean;
  /** To this instance's sockets of the room. */
  send(frame: Uint8Array): void;
  /** Rows now held by the doc, which its compaction may merge. */
  holdRows(first: number, last: number): void;
  /** Rows another instance stored were applied by a catch-up (derived views listen). */
  storedElsewhere(): void;
  /** Presence announced over another instance's sockets. */
  presence(update: Uint8Array, isolated: boolean): void;
}

/**
 * A room's rows as the other instances store them (docs/scale-out.md): their announcements,
 * applied as they come and held back while the room loads; the rows the doc is known to hold; and
 * the catch-up from the store when a hole in them lasts, a `head` runs past them, or the room
 * recovers.
 */
export class RemoteRows {
  /**
   * The stored rows whose content the doc holds: 1…(last row loaded), rows it appended, rows
   * other instances announced, rows a catch-up read. A hole means a row is stored that the doc may
   * lack: it is read from the store if it lasts, and compaction stops below it (`compactableBelow`).
   */
  private knownRows: SeqRange[] = [];
  /** Announcements that arrived while the room was loading: handled once it has loaded. */
  private backlog: FanoutMessage[] | null = [];
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(private readonly room: RemoteRowsHost) {}

  /** The room has loaded rows 1…`lastSeq`: what was announced meanwhile is handled now. */
  loaded(lastSeq: number): void {
    this.knownRows = addSeqRange([], 1, lastSeq);
    const backlog = this.backlog ?? [];
    this.backlog = null;
    for (const message of backlog) this.receive(message);
  }

  /** Rows this instance appended: known, and proof that the rows below are stored (the store numbers rows in commit order). */
  appended(firstSeq: number, lastSeq: number): void {
    this.knownRows = addSeqRange(this.knownRows, firstSeq, lastSeq);
    this.watchForGaps();
  }

  /** The first row the doc may lack, below which compaction may merge; null when it lacks none. */
  compactableBelow(): number | null {
    return firstMissingRow(this.knownRows);
  }

  /** What another instance published about this room (the fan-out never hands us our own). */
  receive(message: FanoutMessage): void {
    if (this.backlog) {
      this.backlog.push(message);
      return;
    }
    // A failed room has closed its sockets and reads the store when it recovers.
    if (!this.room.isReady()) return;
    switch (message.kind) {
      case FanoutKind.updates:
        this.apply(message.firstSeq, message.updates);
        return;
      case FanoutKind.head:
        // A message about rows up to `lastSeq` was lost on the way.
        if (!coversUpTo(this.knownRows, message.lastSeq)) void this.catchUp();
        return;
      case FanoutKind.awareness:
        this.room.presence(message.update, message.isolated);
        return;
    }
  }

  /**
   * Brings the doc up to the store: reads the room's log and applies all of it (a row applied
   * twice changes nothing), then sends this instance's sockets what the doc lacked. On a hole, a
   * `head` past the known rows, Redis's return and a storage recovery. One at a time per room; asked
   * again meanwhile, it runs once more afterwards. Resolves when the read asked for has finished.
   */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = this.readStoredRows().finally(() => {
      this.catchingUp = null;
      if (this.catchUpAgain) {
        this.catchUpAgain = false;
        void this.catchUp();
      }
    });
    return this.catchingUp;
  }

  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.backlog = null;
  }

  /**
   * Rows another instance stored: applied (never stored again, no history here), counted as rows
   * the doc holds (its compaction may merge them), and sent to this instance's sockets as they
   * are — stored content only, so they need not wait for the room's own writes. Applied even past
   * a hole: Yjs keeps what lacks its dependencies pending, and the hole is read from the store if
   * no message fills it soon (`watchForGaps`).
   */
  private apply(firstSeq: number, updates: readonly Uint8Array[]): void {
    const { doc, log, name } = this.room;
    const lastSeq = firstSeq + updates.length - 1;
    try {
      doc.transact(() => {
        for (const update of updates) Y.applyUpdate(doc, update);
      }, remoteOrigin);
    } catch (error) {
      // The other instance validated and stored them: a row that does not apply is a bug for the logs.
      log.error('rows stored by another instance could not be applied', { room: name, firstSeq, lastSeq, error });
      return;
    }
    this.knownRows = addSeqRange(this.knownRows, firstSeq, lastSeq);
    this.room.holdRows(firstSeq, lastSeq);
    this.room.send(writeUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates])));
    this.watchForGaps();
  }

  /**
   * Reads the store when a hole in the known rows outlives `gapGraceMs`: a lost message, or an
   * instance that crashed between storing and publishing. Only a hole that is still the same one
   * when the timer fires counts, so steady traffic with rows briefly out of order reads nothing.
   */
  private watchForGaps(): void {
    if (this.gapTimer) return;
    const missing = firstMissingRow(this.knownRows);
    if (missing === null) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (!this.room.isReady()) return;
      if (!hasRow(this.knownRows, missing)) void this.catchUp();
      else this.watchForGaps();
    }, gapGraceMs);
    this.gapTimer.unref();
  }

  private async readStoredRows(): Promise<void> {
    if (!this.room.isReady()) return;
    const { doc, log, name, store } = this.room;
    const before = Y.encodeStateVector(doc);
    const started = performance.now();
    let stored: StoredLog;
    try {
      stored = await store.loadUpdates(name);
    } catch (error) {
      log.warn('could not read the rows other instances stored; trying again', { room: name, error });
      setTimeout(() => void this.catchUp(), catchUpRetryMs).unref();
      return;
    }
    if (!this.room.isReady()) return;
    let changed = false;
    const notice = (_update: Uint8Array, origin: unknown) => {
      if (origin === remoteOrigin) changed = true;
    };
    doc.on('update', notice);
    try {
      doc.transact(() => {
        for (const update of stored.updates) Y.applyUpdate(doc, update);
      }, remoteOrigin);
    } catch (error) {
      log.error('stored rows could not be applied', { room: name, error });
      return;
    } finally {
      doc.off('update', notice);
    }
    this.knownRows = addSeqRange(this.knownRows, 1, stored.lastSeq);
    for (const [first, last] of seqRangesOf(stored.seqs)) this.room.holdRows(first, last);
    log.debug('caught up from the store', { room: name, rows: stored.updates.length, changed, ms: Math.round(performance.now() - started) });
    if (changed) {
      // The rows as read, less what the doc had before: stored content only, never an update of
      // the room's that is still on its way to the store.
      this.room.send(writeUpdate(Y.diffUpdate(Y.mergeUpdates(stored.updates), before)));
      this.room.storedElsewhere();
    }
    this.watchForGaps();
  }
}
