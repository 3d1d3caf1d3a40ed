import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { Logger } from '../logger.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/**
 * How long a room's new length waits before it is recorded: a transcript edited live is stored
 * many times a second, and each record is a write on the main thread's connection, which may wait
 * for the writer thread's commit (measured: up to 250 ms with 20 rooms being edited). One record
 * per room per settle time says the same.
 */
const settleMs = 1_000;

/**
 * Keeps each document's recorded length (the documents table's "N characters") equal to its
 * transcript after an owner corrects it: when a `text:` room is stored it is still live, so its
 * length is read from memory (never from the store), and the record is updated, once the room has
 * settled, if it differs. The record is the server's own; no client states a length. Returns a
 * function that stops following, records what was still settling, and waits for it.
 */
export function followDocumentLengths(registry: DocumentRegistry, directory: DirectoryStore, logger: Logger): () => Promise<void> {
  const log = logger.child('documents');
  let running = Promise.resolve();
  let stopped = false;
  /** The length each room's record was last seen to hold: most stores change no length and need no read. */
  const recorded = new Map<string, number>();
  /** Rooms stored since their last record: the latest length seen, and the timer that records it. */
  const settling = new Map<string, { projectId: string; documentId: string; length: number; timer: NodeJS.Timeout }>();

  const measure = async (room: string, projectId: string, documentId: string, length: number): Promise<void> => {
    if (recorded.get(room) === length) return;
    const document = await directory.findDocument(projectId, documentId);
    if (!document) {
      recorded.delete(room);
      return;
    }
    if (length !== document.length) await directory.updateDocument(projectId, documentId, { length });
    recorded.set(room, length);
  };

  /** One update at a time, in the order the rooms settled. */
  const record = (room: string) => {
    const due = settling.get(room);
    if (!due) return;
    settling.delete(room);
    clearTimeout(due.timer);
    running = running.then(() => measure(room, due.projectId, due.documentId, due.length)).catch((error: unknown) => log.warn('could not update a document length', { room, error }));
  };

  const stopListening = registry.onStored((room, where, name) => {
    // The instance that stored a correction measures it; this one may not have applied it yet.
    if (name?.kind !== 'text' || where !== 'here' || stopped) return;
    const length = registry.peek(room, (doc) => transcriptText(doc).length);
    if (length === null) return;
    const due = settling.get(room);
    if (due) {
      due.length = length;
      return;
    }
    const timer = setTimeout(() => record(room), settleMs);
    timer.unref();
    settling.set(room, { projectId: name.projectId, documentId: name.documentId, length, timer });
  });

  return async () => {
    stopped = true;
    stopListening();
    for (const room of [...settling.keys()]) record(room);
    await running;
  };
}
