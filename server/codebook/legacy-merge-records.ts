import * as Y from 'yjs';
import type { Code } from '../../shared/model/codebook.ts';
import { parseRoomName } from '../../shared/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { StoreError, type DocumentStore } from '../persistence/document-store.ts';
import { seqRangesOf } from '../persistence/seq-ranges.ts';
import { legacyMergesKey } from './code-merge.ts';

const migrationName = 'move-merge-records-out-of-project-rooms';

interface LegacyRecord {
  readonly mergeId: string;
  readonly from: Code;
  readonly into: string;
  readonly children?: unknown;
  readonly recoded?: unknown;
  readonly by?: unknown;
  readonly at?: unknown;
  readonly undoneAt?: unknown;
  readonly undoneBy?: unknown;
}

function isLegacyRecord(value: unknown): value is LegacyRecord {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.mergeId === 'string' && typeof v.into === 'string' && v.from !== null && typeof v.from === 'object' && typeof (v.from as { id?: unknown }).id === 'string';
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);

/**
 * Before this version, merge records were kept in each project's `codebookMerges` root, where
 * coders could read (blind rounds: whose codings a merge touched) and rewrite them. Once per data
 * directory, at start, before any room is loaded: every such record moves to the directory store
 * as history that is never undone (its contents cannot be trusted), and the project room's log is
 * rewritten without it. The rooms run without garbage collection, so emptying the map would leave
 * the records' bytes in the log for every new client to download: the log is replaced by the
 * garbage-collected state instead (same state vector, so connected replicas stay compatible).
 */
export async function moveLegacyMergeRecords(deps: { directory: DirectoryStore; store: DocumentStore; log: Logger }): Promise<number> {
  const { directory, store, log } = deps;
  if (await directory.hasMigrated(migrationName)) return 0;
  let moved = 0;
  for (const room of await store.listRooms([{ prefix: 'project:' }])) {
    const stored = await store.loadUpdates(room);
    const doc = new Y.Doc({ gc: false });
    doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    const legacy = doc.getMap<unknown>(legacyMergesKey);
    if (legacy.size === 0) continue;
    const projectId = parseRoomName(room)?.projectId;
    const project = projectId ? await directory.findProject(projectId) : null;
    for (const value of legacy.values()) {
      if (!project || !isLegacyRecord(value)) continue;
      const undoneAt = typeof value.undoneAt === 'string' ? value.undoneAt : null;
      try {
        await directory.createCodeMerge({
          projectId: project.id,
          mergeId: value.mergeId,
          from: value.from,
          into: value.into,
          children: [],
          recoded: [],
          by: text(value.by, 'unknown'),
          at: text(value.at, new Date(0).toISOString()),
          undoneAt,
          undoneBy: undoneAt === null ? null : text(value.undoneBy, 'unknown'),
          legacy: true,
        });
        moved++;
      } catch (error) {
        if (!(error instanceof StoreError && error.reason === 'conflict')) throw error;
      }
    }
    doc.transact(() => legacy.clear());
    const collected = new Y.Doc({ gc: true });
    Y.applyUpdate(collected, Y.encodeStateAsUpdate(doc));
    await store.compact(room, Y.encodeStateAsUpdate(collected), seqRangesOf(stored.seqs));
    log.info('moved merge records out of a project room', { room, records: legacy.size });
    doc.destroy();
    collected.destroy();
  }
  await directory.recordMigration(migrationName);
  return moved;
}
