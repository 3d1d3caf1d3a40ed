import { parseRoomName } from '../../shared/protocol/index.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { Logger } from '../logger.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/**
 * Keeps each document's recorded length (the documents table's "N characters") equal to its
 * transcript after an owner corrects it: when a `text:` room is stored, and then quiet for
 * `quietMs`, the transcript is measured and the record updated if it differs. The record is the
 * server's own; no client states a length. Returns a function that stops following and waits for
 * a measurement under way.
 */
export function followDocumentLengths(registry: DocumentRegistry, directory: DirectoryStore, logger: Logger, options: { quietMs?: number } = {}): () => Promise<void> {
  const log = logger.child('documents');
  const quietMs = options.quietMs ?? 1_000;
  const timers = new Map<string, NodeJS.Timeout>();
  let running = Promise.resolve();
  let stopped = false;

  const measure = async (room: string, projectId: string, documentId: string): Promise<void> => {
    const document = await directory.findDocument(projectId, documentId);
    if (!document || stopped) return;
    const length = await registry.read(room, (doc) => transcriptText(doc).length);
    if (length !== document.length && !stopped) await directory.updateDocument(projectId, documentId, { length });
  };

  const stopListening = registry.onStored((room) => {
    const name = parseRoomName(room);
    if (name?.kind !== 'text' || stopped) return;
    clearTimeout(timers.get(room));
    const timer = setTimeout(() => {
      timers.delete(room);
      // One measurement at a time: a burst of corrected documents never reads rooms side by side.
      running = running.then(() => measure(room, name.projectId, name.documentId)).catch((error: unknown) => log.warn('could not update a document length', { room, error }));
    }, quietMs);
    timer.unref();
    timers.set(room, timer);
  });

  return async () => {
    stopped = true;
    stopListening();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    await running;
  };
}
