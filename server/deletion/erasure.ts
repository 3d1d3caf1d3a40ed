import { CloseCode, formatRoomName } from '../../shared/protocol/index.ts';
import type { AccessEvents } from '../access/access-events.ts';
import type { Logger } from '../logger.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { selectsRoom, type DocumentStore, type RoomSelector } from '../persistence/document-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { memoKeysOfDocument } from '../memos/memo-history.ts';
import type { SearchEraser } from '../search/search-indexer.ts';

export interface ErasureDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
  readonly store: DocumentStore;
  readonly events: AccessEvents;
  readonly logger: Logger;
  /** The search index's copy of the transcripts. */
  readonly search: SearchEraser;
}

// Room names are `kind:projectId[:documentId[:userId]]` (shared/protocol/room-name.ts); ids never
// contain `:`, so a prefix ending in `:` (or a suffix starting with one) cannot reach a neighbour.

/** A document's rooms: its transcript, every coder's layer, its consensus — and the history key of its memos, whose events are redacted with the rest. */
export function roomsOfDocument(projectId: string, documentId: string): RoomSelector[] {
  return [
    { room: formatRoomName({ kind: 'text', projectId, documentId }) },
    { prefix: `layer:${projectId}:${documentId}:` },
    { room: formatRoomName({ kind: 'consensus', projectId, documentId }) },
    ...memoKeysOfDocument(projectId, documentId),
  ];
}

/** A project's rooms: the codebook and every document's rooms. */
export function roomsOfProject(projectId: string): RoomSelector[] {
  return [{ room: formatRoomName({ kind: 'project', projectId }) }, { prefix: `text:${projectId}:` }, { prefix: `layer:${projectId}:` }, { prefix: `consensus:${projectId}:` }];
}

/** An account's layers in every project, including projects it has left. */
export function layersOfUser(userId: string): RoomSelector[] {
  return [{ prefix: 'layer:', suffix: `:${userId}` }];
}

/**
 * Deletes rooms for good, once their directory rows are gone (so no new socket is let in and
 * nothing lists them): closes their sockets (4404) and frees them without writing what they had
 * not yet stored, waits for writes already in flight, and only then deletes their stored logs —
 * in this order no late write can bring a deleted update back. The store then purges its files
 * (SQLite: a TRUNCATE checkpoint, which also clears the directory rows deleted just before from the
 * shared write-ahead log).
 */
export async function eraseRooms(deps: ErasureDeps, selectors: readonly RoomSelector[], what: Record<string, string>): Promise<void> {
  const log = deps.logger.child('deletion');
  await deps.registry.discard((room) => selectors.some((selector) => selectsRoom(selector, room)), CloseCode.roomNotFound);
  try {
    const deleted = await deps.store.deleteRooms(selectors);
    log.info('rooms deleted', { ...what, rows: deleted.rows });
    if (!deleted.purged) log.warn('deleted updates may remain in storage files for a while', { ...what, residue: deleted.residue });
  } catch (error) {
    // The directory rows are already gone, so nothing can reach these rooms; their bytes remain until deleted by hand.
    log.error('stored rooms of a deleted item could not be deleted', { ...what, error });
    throw error;
  }
}

/** Deletes a document: its row, then its rooms. False when the project has no such document. */
export async function eraseDocument(deps: ErasureDeps, projectId: string, documentId: string): Promise<boolean> {
  if (!(await deps.directory.deleteDocument(projectId, documentId))) return false;
  // Re-checks the project's open sockets: one admitted to this document just before its row went is closed (4404).
  deps.events.emit({ type: 'projectChanged', projectId });
  try {
    // Before the rooms: their deletion ends with the checkpoint that purges the files of both.
    await deps.search.removeDocument(projectId, documentId);
    await eraseRooms(deps, roomsOfDocument(projectId, documentId), { projectId, documentId });
  } finally {
    deps.events.emit({ type: 'documentErased', projectId, documentId });
  }
  return true;
}

/** Deletes a project: its rows (members, invites, documents go with it), then every room of it. */
export async function eraseProject(deps: ErasureDeps, projectId: string): Promise<void> {
  await deps.directory.deleteProject(projectId);
  deps.events.emit({ type: 'projectChanged', projectId });
  try {
    await deps.search.removeProject(projectId);
    await eraseRooms(deps, roomsOfProject(projectId), { projectId });
  } finally {
    deps.events.emit({ type: 'projectErased', projectId });
  }
  // A deleted project's history goes with it entirely (a document's is only redacted, to keep the chain).
  await deps.store.deleteHistory(projectId);
}

/**
 * Makes an erasure done on one instance hold on every instance (events arrive through the relay;
 * this instance's own find nothing left to do but a repeated search removal). Each discards the
 * rooms it holds of what was erased — closing their sockets (4404) and dropping what they had not
 * stored — and removes it from its own search index. An instance that discarded a loaded room then
 * deletes the rooms' stored rows again: a write it had in flight may have landed after the origin
 * deleted them, and once its discard resolves it has none in flight and never writes there again.
 * While the relay is away the event is lost: the `resync` on its return closes such sockets
 * (their document is gone), and compaction leaves a deleted room alone, but the index keeps the
 * text until the next start.
 */
export function followErasures(deps: ErasureDeps): () => void {
  const log = deps.logger.child('deletion');
  const erase = async (selectors: readonly RoomSelector[], removeFromSearch: () => Promise<void>, what: Record<string, string>) => {
    const discarded = await deps.registry.discard((room) => selectors.some((selector) => selectsRoom(selector, room)), CloseCode.roomNotFound);
    await removeFromSearch();
    if (discarded > 0) {
      const { rows } = await deps.store.deleteRooms(selectors);
      log.info('rooms erased elsewhere discarded here', { ...what, discarded, rows });
    }
  };
  return deps.events.subscribe((event) => {
    let work: Promise<void>;
    if (event.type === 'documentErased') {
      const { projectId, documentId } = event;
      work = erase(roomsOfDocument(projectId, documentId), () => deps.search.removeDocument(projectId, documentId), { projectId, documentId });
    } else if (event.type === 'projectErased') {
      const { projectId } = event;
      work = erase(roomsOfProject(projectId), () => deps.search.removeProject(projectId), { projectId });
    } else if (event.type === 'layersErased') {
      work = erase(layersOfUser(event.userId), async () => {}, { userId: event.userId });
    } else return;
    work.catch((error: unknown) => log.error('rooms erased elsewhere could not be discarded here', { event: event.type, error }));
  });
}
