import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/index.ts';
import { createLogger } from '../../server/logger.ts';
import type { DocumentStore } from '../../server/persistence/document-store.ts';
import { openSqliteStorage } from '../../server/persistence/sqlite-storage.ts';
import { shutDownWithin, ShutdownExit } from '../../server/shutdown.ts';
import { seedProject } from '../support/api-client.ts';
import { requireOrSkip } from '../support/requirements.ts';
import { spawnServerProcess, type ServerProcess } from '../support/server-process.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { makeTempDir, startTestServer } from '../support/test-server.ts';
import { canMountTmpfs, fillDisk, mountTinyDisk, unmountTinyDisk } from '../support/tiny-disk.ts';

interface LogEntry {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

const clients: SyncClient[] = [];
const processes: ServerProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of processes.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function connect(syncUrl: string, room: string): SyncClient {
  const client = createSyncClient(syncUrl, room);
  clients.push(client);
  return client;
}

/** Every JSON line the process writes to stdout from now on. */
function collectLogs(server: ServerProcess): () => LogEntry[] {
  let buffered = '';
  server.child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
  });
  return () =>
    buffered
      .split('\n')
      .slice(0, -1) // complete lines only
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogEntry);
}

describe('shutting down a server process', () => {
  it('closes its sockets, stores and compacts every room, and exits 0 on SIGTERM', async () => {
    const dataDir = makeTempDir();
    const server = await spawnServerProcess(dataDir);
    processes.push(server);
    const logs = collectLogs(server);
    const { textRoom } = await seedProject(server.httpUrl);
    const writer = connect(server.syncUrl, textRoom);
    const witness = connect(server.syncUrl, textRoom);
    await Promise.all([waitForSynced(writer), waitForSynced(witness)]);
    writer.doc.getText('notes').insert(0, 'written before SIGTERM');
    await waitFor(() => witness.doc.getText('notes').toString() === 'written before SIGTERM', 5000, 'the witness to see the edit');
    const closes: number[] = [];
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(closes).toContain(CloseCode.goingAway.code);
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'info', msg: 'shut down', storedRooms: expect.any(Number) }));
    expect(logs().filter((e) => e.level === 'error')).toEqual([]);

    // The room was written and compacted on the way out: one row holding everything.
    const storage = openSqliteStorage(dataDir);
    try {
      const log = await storage.documents.loadUpdates(textRoom);
      expect(log.updates).toHaveLength(1);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, log.updates[0]!);
      expect(doc.getText('notes').toString()).toBe('written before SIGTERM');
    } finally {
      await storage.close();
    }
  });

  const canFillDisk = requireOrSkip(canMountTmpfs(), 'mounting a tmpfs (root) to fill a disk');

  it.runIf(canFillDisk)('exits non-zero, naming the room, when a room could not be stored (a full disk)', async () => {
    const disk = mountTinyDisk(8, 'accord-shutdown-disk-');
    cleanups.push(() => unmountTinyDisk(disk));
    const server = await spawnServerProcess(path.join(disk, 'data'), { COMPACT_AFTER_UPDATES: '1000000', COMPACT_AFTER_BYTES: String(1024 * 1024 * 1024) });
    processes.push(server);
    const logs = collectLogs(server);
    const { textRoom } = await seedProject(server.httpUrl);
    const writer = connect(server.syncUrl, textRoom);
    const witness = connect(server.syncUrl, textRoom);
    await Promise.all([waitForSynced(writer), waitForSynced(witness)]);

    // Fill what is left of the disk, then write until storing fails and the room closes its sockets.
    fillDisk(disk, 64 * 1024);
    const closes: number[] = [];
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    for (let i = 0; i < 200 && !closes.includes(CloseCode.storageUnavailable.code); i++) {
      writer.doc.getText('bulk').insert(0, 'x'.repeat(32 * 1024));
      const length = writer.doc.getText('bulk').length;
      await waitFor(() => closes.length > 0 || witness.doc.getText('bulk').length === length, 5000, 'the edit to be stored or refused');
    }
    expect(closes).toContain(CloseCode.storageUnavailable.code);
    for (const client of clients.splice(0)) client.destroy();

    // The disk is still full at SIGTERM: the room's last attempt fails too.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(ShutdownExit.incomplete);
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'updates of these rooms could not be stored at shutdown', rooms: [textRoom] }));
    expect(logs().some((e) => e.msg === 'shut down')).toBe(false);
  });
});

describe('the shutdown deadline', () => {
  it('exits non-zero within the deadline, naming the rooms, when the store stops answering', async () => {
    // SQLite cannot hang without blocking the event loop; this store stands for a database server
    // that stopped answering: appends wait until the test lets them through.
    let answering = true;
    const held: (() => void)[] = [];
    const silentWhenTold = (store: DocumentStore): DocumentStore => ({
      ...store,
      appendUpdates: (room, updates, history) =>
        answering ? store.appendUpdates(room, updates, history) : new Promise<number>((resolve, reject) => held.push(() => void store.appendUpdates(room, updates, history).then(resolve, reject))),
    });
    const server = await startTestServer({ wrapStore: silentWhenTold });
    const lines: string[] = [];
    try {
      const { textRoom } = await seedProject(server.httpUrl);
      const writer = connect(server.syncUrl, textRoom);
      await waitForSynced(writer);
      answering = false;
      writer.doc.getText('notes').insert(0, 'never acknowledged');
      await waitFor(() => held.length > 0, 5000, 'the append to reach the store');
      expect(server.server.registry.unstoredRooms()).toEqual([textRoom]);

      const exit = await shutDownWithin(server.server, 200, createLogger('info', (line) => lines.push(line)));
      expect(exit).toBe(ShutdownExit.incomplete);
      const entries = lines.map((line) => JSON.parse(line) as LogEntry);
      expect(entries).toContainEqual(expect.objectContaining({ level: 'error', msg: 'shutdown deadline passed; updates of these rooms were not stored', rooms: [textRoom], timeoutMs: 200 }));
    } finally {
      // Let the held append through so the close under way can finish and free the data directory.
      answering = true;
      for (const release of held.splice(0)) release();
      await server.close();
    }
  });
});
