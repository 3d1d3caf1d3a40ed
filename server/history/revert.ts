import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { codesMap } from '../../shared/ydoc/codebook-doc.ts';
import { codingsMap, type StoredCoding } from '../../shared/ydoc/layer-doc.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import type { HistoryEvent, HistoryEventInput } from '../persistence/history.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { foldCodings } from './as-of.ts';
import type { CodingSnapshot } from './room-history.ts';

export const RevertFailure = {
  unknownEvent: 'unknownEvent',
  notRevertible: 'notRevertible',
  changedSince: 'changedSince',
  nothingToRevert: 'nothingToRevert',
} as const;
export type RevertFailure = (typeof RevertFailure)[keyof typeof RevertFailure];

export class RevertError extends Error {
  constructor(
    readonly reason: RevertFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RevertError';
  }
}

/** One event (`seq`), or everything one account did to codings after a moment. */
export type RevertTarget = { readonly seq: number } | { readonly userId: string; readonly since: string };

interface Deps {
  readonly store: DocumentStore;
  readonly registry: DocumentRegistry;
}

const page = 5000;

async function allEvents(store: DocumentStore, projectId: string, query: { documentId?: string; userId?: string; since?: string; until?: string }): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (let afterSeq = 0; ; ) {
    const batch = await store.readHistory(projectId, { ...query, afterSeq, limit: page });
    events.push(...batch);
    if (batch.length < page) return events;
    afterSeq = batch.at(-1)!.seq;
  }
}

/** A coding as a layer stores it, from the history's snapshot (its anchors are the same bytes). */
function storedFrom(snapshot: CodingSnapshot, current: unknown, at: number): StoredCoding {
  const createdAt = typeof (current as { createdAt?: unknown } | undefined)?.createdAt === 'number' ? (current as StoredCoding).createdAt : at;
  return { codeId: snapshot.codeId, memo: snapshot.memo, start: fromBase64(snapshot.anchor.start), end: fromBase64(snapshot.anchor.end), createdAt, updatedAt: at };
}

/** The history's view of a stored value: equal when code, memo and anchors are. */
function sameCoding(value: unknown, snapshot: CodingSnapshot | null): boolean {
  if (snapshot === null) return value === undefined;
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<StoredCoding>;
  return (
    v.codeId === snapshot.codeId &&
    (v.memo ?? '') === snapshot.memo &&
    v.start instanceof Uint8Array &&
    v.end instanceof Uint8Array &&
    Buffer.from(v.start).toString('base64') === snapshot.anchor.start &&
    Buffer.from(v.end).toString('base64') === snapshot.anchor.end
  );
}

const asSnapshot = (value: unknown) => (value === null ? null : (value as CodingSnapshot));

/**
 * Reverts history as new history (spec §3.5): the changes that undo the target are applied to the
 * rooms on behalf of `by`, so they are stored and derived like any change, with a
 * `history.reverted` event naming the reverted seqs and the reason. A coder's layer or the
 * codebook may be reverted; the consensus changes only through decisions. Reverting one event
 * needs the thing it changed to be as the event left it (else `changedSince`); reverting what an
 * account did after a moment puts every coding it touched back as it was at that moment.
 * Returns the events the revert wrote.
 */
export async function revertHistory(deps: Deps, projectId: string, target: RevertTarget, reason: string, by: string): Promise<HistoryEvent[]> {
  const lastSeq = await lastSeqOf(deps.store, projectId);
  if ('seq' in target) await revertOne(deps, projectId, target.seq, reason, by);
  else await revertSince(deps, projectId, target, reason, by);
  return deps.store.readHistory(projectId, { afterSeq: lastSeq, limit: page });
}

async function lastSeqOf(store: DocumentStore, projectId: string): Promise<number> {
  let last = 0;
  for (;;) {
    const batch = await store.readHistory(projectId, { afterSeq: last, limit: page });
    if (batch.length === 0) return last;
    last = batch.at(-1)!.seq;
  }
}

async function revertOne(deps: Deps, projectId: string, seq: number, reason: string, by: string): Promise<void> {
  const [event] = await deps.store.readHistory(projectId, { afterSeq: seq - 1, limit: 1 });
  if (!event || event.seq !== seq) throw new RevertError(RevertFailure.unknownEvent, `No event ${seq} in this project's history`);
  if (event.redacted) throw new RevertError(RevertFailure.notRevertible, `Event ${seq} belongs to a deleted document`);
  const note: HistoryEventInput = { userId: by, layer: event.layer, type: 'history.reverted', documentId: event.documentId, codingId: null, codeId: null, before: null, after: { seqs: [seq], reason } };
  if (event.type.startsWith('coding.')) {
    if (event.layer === 'consensus') throw new RevertError(RevertFailure.notRevertible, 'The consensus changes only through decisions: decide the passage again instead');
    if (event.layer === null || event.documentId === null || event.codingId === null) throw new RevertError(RevertFailure.notRevertible, `Event ${seq} cannot be reverted`);
    const room = formatRoomName({ kind: 'layer', projectId, documentId: event.documentId, userId: event.layer });
    const codingId = event.codingId;
    const now = Date.now();
    await deps.registry.change(
      room,
      (doc) => {
        const codings = codingsMap(doc);
        const current = codings.get(codingId);
        // Thrown inside the change, so nothing is written: no change, and no `history.reverted` note.
        if (!sameCoding(current, asSnapshot(event.after))) throw new RevertError(RevertFailure.changedSince, `The coding has changed since event ${seq}: look at its later events, or revert those first`);
        const back = asSnapshot(event.before);
        if (back === null) codings.delete(codingId);
        else codings.set(codingId, storedFrom(back, current, now));
      },
      by,
      [note],
    );
    return;
  }
  if (event.type === 'code.changed') {
    const before = event.before as { field: string | null; value: unknown };
    const after = event.after as { field: string | null; value: unknown };
    const codeId = event.codeId!;
    await deps.registry.change(
      formatRoomName({ kind: 'project', projectId }),
      (doc) => {
        const codes = codesMap(doc);
        const code = codes.get(codeId);
        if (after.field === null) {
          // A whole code added or removed.
          if (after.value === null ? code !== undefined : code === undefined) throw new RevertError(RevertFailure.changedSince, `The code has changed since event ${seq}`);
          if (before.value === null) codes.delete(codeId);
          else {
            const map = new Y.Map<unknown>();
            for (const [key, value] of Object.entries(before.value as Record<string, unknown>)) map.set(key, value);
            codes.set(codeId, map as Y.Map<unknown> as never);
          }
          return;
        }
        if (!(code instanceof Y.Map) || JSON.stringify(code.get(after.field) ?? null) !== JSON.stringify(after.value)) throw new RevertError(RevertFailure.changedSince, `The code has changed since event ${seq}`);
        if (before.value === null) code.delete(after.field);
        else code.set(after.field, before.value);
      },
      by,
      [note],
    );
    return;
  }
  throw new RevertError(RevertFailure.notRevertible, `Events of type ${event.type} are not reverted this way`);
}

async function revertSince(deps: Deps, projectId: string, target: { userId: string; since: string }, reason: string, by: string): Promise<void> {
  const theirs = (await allEvents(deps.store, projectId, { userId: target.userId, since: target.since })).filter(
    (e) => e.at > target.since && !e.redacted && e.type.startsWith('coding.') && e.layer !== null && e.layer !== 'consensus' && e.documentId !== null && e.codingId !== null,
  );
  if (theirs.length === 0) throw new RevertError(RevertFailure.nothingToRevert, 'This account changed no coding after that moment');
  // Per layer room: the codings they touched, put back as they were at the moment.
  const rooms = new Map<string, { documentId: string; layer: string; codingIds: Set<string>; seqs: number[] }>();
  for (const e of theirs) {
    const room = formatRoomName({ kind: 'layer', projectId, documentId: e.documentId!, userId: e.layer! });
    const entry = rooms.get(room) ?? { documentId: e.documentId!, layer: e.layer!, codingIds: new Set<string>(), seqs: [] };
    entry.codingIds.add(e.codingId!);
    entry.seqs.push(e.seq);
    rooms.set(room, entry);
  }
  for (const [room, entry] of rooms) {
    const then = foldCodings(await allEvents(deps.store, projectId, { documentId: entry.documentId, until: target.since })).get(entry.layer) ?? new Map<string, CodingSnapshot>();
    const note: HistoryEventInput = { userId: by, layer: entry.layer, type: 'history.reverted', documentId: entry.documentId, codingId: null, codeId: null, before: null, after: { seqs: entry.seqs, userId: target.userId, since: target.since, reason } };
    const now = Date.now();
    await deps.registry.change(
      room,
      (doc) => {
        const codings = codingsMap(doc);
        for (const codingId of entry.codingIds) {
          const was = then.get(codingId) ?? null;
          const current = codings.get(codingId);
          if (sameCoding(current, was)) continue;
          if (was === null) codings.delete(codingId);
          else codings.set(codingId, storedFrom(was, current, now));
        }
      },
      by,
      [note],
    );
  }
}
