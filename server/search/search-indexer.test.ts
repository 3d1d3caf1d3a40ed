import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { silentLogger } from '../logger.ts';
import { createSqliteDirectoryStore } from '../persistence/sqlite-directory-store.ts';
import { createSqliteDocumentStore } from '../persistence/sqlite-document-store.ts';
import { DocumentRegistry } from '../sync/document-registry.ts';
import { transcriptText, writeTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import { createSqliteSearchIndex } from './sqlite-search-index.ts';
import type { SearchIndex } from './search-index.ts';
import { SearchIndexer } from './search-indexer.ts';

const registryOptions = { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e12, byteBurst: 1e12, maxQueuedBytes: 1e9, roomIdleUnloadMs: 60_000, compactAfterUpdates: 1e9, compactAfterBytes: 1e12 };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A real registry and a real SQLite index; the index records when each document's re-index ended. */
function setUp(msPerIndexedCharacter: number, timing: { debounceMs: number; maxWaitMs: number } = { debounceMs: 5, maxWaitMs: 20 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-indexer-'));
  const store = createSqliteDocumentStore(':memory:');
  const directory = createSqliteDirectoryStore(':memory:');
  const registry = new DocumentRegistry(store, registryOptions as ConstructorParameters<typeof DocumentRegistry>[1], silentLogger);
  const real = createSqliteSearchIndex(path.join(dir, 'index.sqlite'));
  const indexed: { documentId: string; at: number }[] = [];
  const waiting: { documentId: string; count: number; resolve: () => void }[] = [];
  const index: SearchIndex = {
    ...real,
    indexTranscript: async (...args) => {
      const outcome = await real.indexTranscript(...args);
      indexed.push({ documentId: args[1], at: Date.now() });
      for (const wait of waiting.splice(0)) {
        if (indexed.filter((entry) => entry.documentId === wait.documentId).length >= wait.count) wait.resolve();
        else waiting.push(wait);
      }
      return outcome;
    },
  };
  const indexer = new SearchIndexer(index, registry, directory, silentLogger, { ...timing, msPerIndexedCharacter });
  indexer.start();
  closers.push(async () => {
    await indexer.close();
    await registry.shutdown();
    await store.close();
    await directory.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  /** Resolves once `documentId` has been indexed `count` times (the signal the tests wait on). */
  const indexedTimes = (documentId: string, count: number) =>
    new Promise<void>((resolve) => {
      if (indexed.filter((entry) => entry.documentId === documentId).length >= count) resolve();
      else waiting.push({ documentId, count, resolve });
    });
  const edit = (documentId: string, mutate: (doc: Y.Doc) => void) => registry.change(`text:p:${documentId}`, mutate);
  return { indexed, indexedTimes, edit };
}

describe('SearchIndexer', () => {
  it('re-indexes a long transcript edited again no sooner than its spacing per character, a short one at once', async () => {
    // 40,000 characters at 0.05 ms each: at least 2 s between two re-indexes of the long one; the short one's spacing is 1 ms.
    const { indexed, indexedTimes, edit } = setUp(0.05);
    await edit('long', (doc) => writeTranscriptText(doc, 'Participant: the long interview. '.repeat(1_300).slice(0, 40_000)));
    await edit('short', (doc) => writeTranscriptText(doc, 'Participant: a short one.'));
    await Promise.all([indexedTimes('long', 1), indexedTimes('short', 1)]);
    const firstLong = indexed.find((entry) => entry.documentId === 'long')!.at;

    await edit('long', (doc) => transcriptText(doc).insert(0, 'Interviewer: '));
    await edit('short', (doc) => transcriptText(doc).insert(0, 'Interviewer: '));
    await indexedTimes('long', 2);
    const secondLong = indexed.filter((entry) => entry.documentId === 'long')[1]!.at;
    expect(secondLong - firstLong).toBeGreaterThanOrEqual(2_000);
    // The short transcript did not wait for the long one's spacing.
    const secondShort = indexed.filter((entry) => entry.documentId === 'short')[1];
    expect(secondShort?.at).toBeLessThan(secondLong);
  });

  it('re-indexes a burst of edits once the transcript has been quiet for the debounce time after the last of them', async () => {
    const { indexed, indexedTimes, edit } = setUp(0, { debounceMs: 200, maxWaitMs: 60_000 });
    await edit('doc', (doc) => writeTranscriptText(doc, 'Participant: a burst of corrections.'));
    await indexedTimes('doc', 1);

    let lastEditAt = 0;
    for (let i = 0; i < 6; i++) {
      await edit('doc', (doc) => transcriptText(doc).insert(0, 'x'));
      lastEditAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await indexedTimes('doc', 2);
    // Counted from the burst's last edit, not its first (which was ~250 ms earlier).
    expect(indexed.filter((entry) => entry.documentId === 'doc')[1]!.at - lastEditAt).toBeGreaterThanOrEqual(200);
  });

  it('re-indexes a transcript edited without pause at least every maxWaitMs', async () => {
    const { indexed, indexedTimes, edit } = setUp(0, { debounceMs: 200, maxWaitMs: 400 });
    await edit('doc', (doc) => writeTranscriptText(doc, 'Participant: corrected without pause.'));
    await indexedTimes('doc', 1);

    let reindexed = false;
    void indexedTimes('doc', 2).then(() => (reindexed = true));
    // Edits 50 ms apart never leave the 200 ms quiet time; only maxWaitMs brings the re-index.
    let edits = 0;
    while (!reindexed && edits < 200) {
      await edit('doc', (doc) => transcriptText(doc).insert(0, 'x'));
      edits++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reindexed).toBe(true);
    expect(indexed.filter((entry) => entry.documentId === 'doc')).toHaveLength(2);
  });

  it('waits to index a transcript while others are still arriving (a bulk import), and indexes it once they have', async () => {
    const { indexed, indexedTimes, edit } = setUp(0, { debounceMs: 200, maxWaitMs: 60_000 });
    await edit('first', (doc) => writeTranscriptText(doc, 'Participant: the first interview of the import.'));
    let lastStoredAt = 0;
    // More interviews, 50 ms apart: each one's arrival is within the quiet time of the one before.
    for (let i = 2; i <= 7; i++) {
      // Read before the edit: no later than the indexer notes the store, so the bound below is exact.
      lastStoredAt = Date.now();
      await edit(`interview-${i}`, (doc) => writeTranscriptText(doc, `Participant: interview ${i} of the import.`));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await indexedTimes('first', 1);
    // Counted from the last interview stored, not from the first one's own (~300 ms earlier).
    expect(indexed.find((entry) => entry.documentId === 'first')!.at - lastStoredAt).toBeGreaterThanOrEqual(200);
  });
});
