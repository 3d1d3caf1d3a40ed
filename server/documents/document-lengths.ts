import { parseRoomName } from '../../shared/protocol/index.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { Logger } from '../logger.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/**
 * Keeps each document's recorded length (the documents table's "N characters") equal to its
 * transcript after an owner corrects it: when a `text:` room is stored it is still live, so its
 * length is read from memory (never from the store) and the record updated if it differs. The
 * record is the server's own; no client states a length. Returns a function that stops following
 * and waits for an update under way.
 */
export function followDocumentLengths(registry: DocumentRegistry, directory: DirectoryStore, logger: Logger): () => Promise<void> {
  const log = logger.child('documents');
  let running = Promise.resolve();
  let stopped = false;
  /** The length each room's record was last seen to hold: most stores change no length and need no read. */
  const recorded = new Map<string, number>();

  const measure = async (room: string, projectId: string, documentId: string, length: number): Promise<void> => {
    if (recorded.get(room) === length) return;
    const document = await directory.findDocument(projectId, documentId);
    if (!document || stopped) {
      recorded.delete(room);
      return;
    }
    if (length !== document.length) await directory.updateDocument(projectId, documentId, { length });
    recorded.set(room, length);
  };

  const stopListening = registry.onStored((room, where) => {
    const name = parseRoomName(room);
    // The instance that stored a correction measures it; this one may not have applied it yet.
    if (name?.kind !== 'text' || where !== 'here' || stopped) return;
    const length = registry.peek(room, (doc) => transcriptText(doc).length);
    if (length === null) return;
    // One update at a time, in the order the rooms were stored.
    running = running.then(() => measure(room, name.projectId, name.documentId, length)).catch((error: unknown) => log.warn('could not update a document length', { room, error }));
  });

  return async () => {
    stopped = true;
    stopListening();
    await running;
  };
}
