import crypto from 'node:crypto';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { parseRoomName } from '../../shared/protocol/index.ts';
import { codesKey } from '../../shared/ydoc/codebook-doc.ts';
import { codingsKey } from '../../shared/ydoc/layer-doc.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { HistoryEventInput } from '../persistence/history.ts';
import { transcriptEdits } from './transcript-edits.ts';

/** Who made a change: an account (or `admin`, `system`), and through what. */
export interface HistoryActor {
  readonly userId: string;
  readonly via: 'socket' | 'server';
}

/** A coding as history keeps it: its code, memo and anchors (offsets are resolved when read). */
export interface CodingSnapshot {
  readonly codeId: string;
  readonly memo: string;
  readonly anchor: { readonly start: string; readonly end: string };
}

function snapshotOf(value: unknown): CodingSnapshot | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as { codeId?: unknown; memo?: unknown; start?: unknown; end?: unknown };
  if (typeof v.codeId !== 'string' || !(v.start instanceof Uint8Array) || !(v.end instanceof Uint8Array)) return null;
  return { codeId: v.codeId, memo: typeof v.memo === 'string' ? v.memo : '', anchor: { start: toBase64(v.start), end: toBase64(v.end) } };
}

/** A Yjs value as JSON can hold it (a code's fields are strings, numbers, booleans, arrays). */
function plain(value: unknown): unknown {
  if (value instanceof Y.AbstractType) return value.toJSON();
  return value === undefined ? null : value;
}

/**
 * Derives the coding history of one room from the transactions applied to it (spec §3.5), so no
 * client can bypass it: every change to a layer's or the consensus's `codings` map becomes
 * `coding.added` / `coding.changed` / `coding.removed`, every change to the codebook's codes
 * `code.changed` (one per field), every correction of a transcript `transcript.changed`. The author comes from the transaction's origin — the socket's
 * account, or whoever the server acted for — never from anything a client wrote. Events wait in
 * `take()` to be stored in the same transaction as the updates that caused them.
 */
export class RoomHistory {
  private pending: HistoryEventInput[] = [];
  readonly projectId: string | null;
  private readonly layer: string | null = null;

  constructor(
    room: string,
    doc: Y.Doc,
    /** The actor behind a transaction origin; null for origins that make no history (loading). */
    private readonly actorOf: (origin: unknown) => HistoryActor | null,
  ) {
    const name = parseRoomName(room);
    this.projectId = name?.projectId ?? null;
    if (!name) return;
    if (name.kind === 'layer' || name.kind === 'consensus') {
      this.layer = name.kind === 'layer' ? name.userId : 'consensus';
      doc.getMap<unknown>(codingsKey).observe((event, transaction) => this.onCodings(event, transaction, name.documentId));
    } else if (name.kind === 'project') {
      doc.getMap(codesKey).observeDeep((events, transaction) => this.onCodes(events, transaction));
    } else if (name.kind === 'text') {
      this.followTranscript(doc, name.documentId);
    }
  }

  /**
   * The events derived since the last call, in the order they happened, each with an id of its
   * own: if the write they go out in is tried again (`restore`), the store keeps each once.
   */
  take(): HistoryEventInput[] {
    return this.pending.splice(0).map((event) => (event.id === undefined ? { ...event, id: crypto.randomUUID() } : event));
  }

  /** Whether events wait to be stored (a server change may consist of notes alone). */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Adds an event the server states itself (e.g. that a revert happened, and why), after those derived so far. */
  note(event: HistoryEventInput): void {
    this.pending.push(event);
  }

  /** Puts back events whose write failed, ahead of newer ones (the room retries). */
  restore(events: readonly HistoryEventInput[]): void {
    this.pending.unshift(...events);
  }

  private onCodings(event: Y.YMapEvent<unknown>, transaction: Y.Transaction, documentId: string): void {
    const actor = this.actorOf(transaction.origin);
    if (!actor) return;
    const map = event.target;
    for (const [codingId, change] of event.changes.keys) {
      const before = change.action === 'add' ? null : snapshotOf(change.oldValue);
      const after = change.action === 'delete' ? null : snapshotOf(map.get(codingId));
      if (!before && !after) continue; // a malformed value replaced by another: nothing a reader would see
      if (before && after && JSON.stringify(before) === JSON.stringify(after)) continue;
      const type = !before ? 'coding.added' : !after ? 'coding.removed' : 'coding.changed';
      this.pending.push({ userId: actor.userId, layer: this.layer, type, documentId, codingId, codeId: (after ?? before)!.codeId, before, after });
    }
  }

  /**
   * Corrections of a transcript (`transcript.changed`, one per contiguous edit, with the removed
   * and inserted text). The text before a transaction is kept only for transactions someone made;
   * writing the transcript of a new document is its import, not a correction, and makes no event.
   */
  private followTranscript(doc: Y.Doc, documentId: string): void {
    const text = transcriptText(doc);
    // Keyed by transaction: Yjs may open another transaction (to call observers) before the
    // observers of this one run.
    const before = new WeakMap<Y.Transaction, string>();
    doc.on('beforeTransaction', (transaction: Y.Transaction) => {
      if (this.actorOf(transaction.origin)) before.set(transaction, text.toString());
    });
    text.observe((event, transaction) => {
      const actor = this.actorOf(transaction.origin);
      const was = before.get(transaction);
      if (!actor || !was) return;
      for (const edit of transcriptEdits(event.delta as Parameters<typeof transcriptEdits>[0], was)) {
        this.pending.push({ userId: actor.userId, layer: null, type: 'transcript.changed', documentId, codingId: null, codeId: null, before: { at: edit.at, text: edit.removed }, after: { at: edit.at, text: edit.inserted } });
      }
    });
  }

  private onCodes(events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction): void {
    const actor = this.actorOf(transaction.origin);
    if (!actor) return;
    for (const event of events) {
      const map = event.target as Y.Map<unknown>;
      if (event.path.length === 0) {
        // The codes map itself: a code added or removed as a whole.
        for (const [codeId, change] of event.changes.keys) {
          const before = change.action === 'add' ? null : plain(change.oldValue);
          const after = change.action === 'delete' ? null : plain(map.get(codeId));
          this.pending.push({ userId: actor.userId, layer: null, type: 'code.changed', documentId: null, codingId: null, codeId, before: { field: null, value: before }, after: { field: null, value: after } });
        }
        continue;
      }
      const codeId = String(event.path[0]);
      for (const [field, change] of event.changes.keys) {
        const before = change.action === 'add' ? null : plain(change.oldValue);
        const after = change.action === 'delete' ? null : plain(map.get(field));
        this.pending.push({ userId: actor.userId, layer: null, type: 'code.changed', documentId: null, codingId: null, codeId, before: { field, value: before }, after: { field, value: after } });
      }
    }
  }
}
