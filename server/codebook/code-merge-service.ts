import { formatRoomName, parseRoomName } from '../../shared/protocol/index.ts';
import { createId } from '../auth/secret-token.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { HistoryEventInput } from '../persistence/history.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import { checkMerge, CodeMergeError, CodeMergeFailure, codingsOfCode, mergeInCodebook, recodeLayer, restoreLayer, undoMergeInCodebook, type MergeRecord, type RecodedCoding } from './code-merge.ts';

export interface CodingRoom {
  readonly room: string;
  readonly documentId: string;
  /** null for the consensus layer. */
  readonly userId: string | null;
}

/** Every layer of every member, and the consensus layer, of every document of a project. */
export async function codingRoomsOf(directory: DirectoryStore, projectId: string): Promise<CodingRoom[]> {
  const [documents, members] = await Promise.all([directory.listDocuments(projectId), directory.listMembers(projectId)]);
  return documents.flatMap((d) => [
    ...members.map((m) => ({ room: formatRoomName({ kind: 'layer', projectId, documentId: d.id, userId: m.userId }), documentId: d.id, userId: m.userId })),
    { room: formatRoomName({ kind: 'consensus', projectId, documentId: d.id }), documentId: d.id, userId: null },
  ]);
}

/**
 * Merge and undo over a whole project: every member's layer and the consensus layer of
 * every document. Layers of people who have left the project are not visited.
 *
 * Merges and undos of one project run one at a time (in this process), so two merges cannot both
 * validate against a codebook the other is about to change.
 */
export class CodeMergeService {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly directory: DirectoryStore,
    private readonly registry: DocumentRegistry,
  ) {}

  merge(projectId: string, fromId: string, intoId: string, by: string): Promise<{ mergeId: string; recoded: number }> {
    return this.queue.run(projectId, async () => {
      const projectRoom = formatRoomName({ kind: 'project', projectId });
      // Validate before touching any layer; validated again in the codebook transaction below.
      await this.registry.read(projectRoom, (doc) => checkMerge(doc, fromId, intoId));
      const at = Date.now();
      const recoded: RecodedCoding[] = [];
      for (const { room } of await codingRoomsOf(this.directory, projectId)) {
        const uses = await this.registry.read(room, (doc) => codingsOfCode(doc, fromId).length);
        if (uses === 0) continue;
        // Recomputed inside the change: the coder may have coded more since the read.
        await this.registry.change(
          room,
          (doc) => {
            for (const codingId of recodeLayer(doc, fromId, intoId, at)) recoded.push({ room, codingId });
          },
          by,
        );
      }
      const mergeId = createId();
      const done: { record?: MergeRecord } = {};
      // The history derives the code's removal and its children's moves; the note says why.
      const note: HistoryEventInput = { userId: by, layer: null, type: 'code.merged', documentId: null, codingId: null, codeId: fromId, before: null, after: { into: intoId, mergeId, recoded: recoded.length } };
      await this.registry.change(
        projectRoom,
        (doc) => {
          done.record = mergeInCodebook(doc, { mergeId, fromId, intoId, recoded, by, at: new Date(at).toISOString() });
        },
        by,
        [note],
      );
      if (!done.record) throw new Error('merge produced no record');
      await this.directory.createCodeMerge({ ...done.record, projectId, undoneAt: null, undoneBy: null, legacy: false });
      return { mergeId, recoded: recoded.length };
    });
  }

  /**
   * Undoes a merge from the record the server kept. Only rooms of this project's codings are
   * touched, and in them only codings still coded as the merge left them.
   */
  undo(projectId: string, mergeId: string, by: string): Promise<{ mergeId: string; restored: number; notRestored: number }> {
    return this.queue.run(projectId, async () => {
      const record = await this.directory.findCodeMerge(projectId, mergeId);
      if (!record) throw new CodeMergeError(CodeMergeFailure.unknownMerge, `No merge ${mergeId}`);
      if (record.undoneAt !== null) throw new CodeMergeError(CodeMergeFailure.alreadyUndone, 'This merge was already undone');
      if (record.legacy) throw new CodeMergeError(CodeMergeFailure.notUndoable, 'This merge was made before Accord kept merge records safely, so it cannot be undone automatically');
      const at = Date.now();
      // The code comes back first, so no restored coding ever points at a missing code.
      const note: HistoryEventInput = { userId: by, layer: null, type: 'code.unmerged', documentId: null, codingId: null, codeId: record.from.id, before: { into: record.into, mergeId }, after: null };
      await this.registry.change(formatRoomName({ kind: 'project', projectId }), (doc) => undoMergeInCodebook(doc, record), by, [note]);
      const byRoom = new Map<string, string[]>();
      for (const entry of record.recoded) {
        const name = parseRoomName(entry.room);
        if (!name || (name.kind !== 'layer' && name.kind !== 'consensus') || name.projectId !== projectId) continue;
        byRoom.set(entry.room, [...(byRoom.get(entry.room) ?? []), entry.codingId]);
      }
      let restored = 0;
      let notRestored = 0;
      for (const [room, codingIds] of byRoom) {
        await this.registry.change(
          room,
          (doc) => {
            const outcome = restoreLayer(doc, codingIds, record.from.id, record.into, at);
            restored += outcome.restored;
            notRestored += outcome.notRestored;
          },
          by,
        );
      }
      await this.directory.markCodeMergeUndone(projectId, mergeId, by, new Date(at).toISOString());
      return { mergeId, restored, notRestored };
    });
  }
}
