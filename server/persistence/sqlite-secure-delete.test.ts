import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { transcriptText, writeTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import { openSqliteStorage, type SqliteStorage } from './sqlite-storage.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-secure-delete-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
const opened: SqliteStorage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
});
function openStorage(): { storage: SqliteStorage; dir: string } {
  const dir = path.join(root, `data-${++counter}`);
  const storage = openSqliteStorage(dir);
  opened.push(storage);
  return { storage, dir };
}

/** Which of the database's files (main, -wal, -shm) hold `marker`, as bytes. */
function filesHolding(dir: string, marker: string): string[] {
  const needle = Buffer.from(marker, 'utf8');
  return ['accord.sqlite', 'accord.sqlite-wal', 'accord.sqlite-shm'].filter((name) => {
    const file = path.join(dir, name);
    return fs.existsSync(file) && fs.readFileSync(file).includes(needle);
  });
}

/** A transcript typed in many small edits (each one stored row), with `marker` in its middle. */
function transcriptUpdates(marker: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  writeTranscriptText(doc, `Interviewer: Tell me about the rollout.\nParticipant: ${marker} was the turning point.\n`);
  for (let i = 0; i < 40; i++) transcriptText(doc).insert(0, `Turn ${i}. `);
  return updates;
}

describe('SQLite storage: deleted rooms leave no trace in the files', () => {
  it('holds the text before, and in none of accord.sqlite, -wal and -shm after deleteRooms', async () => {
    const { storage, dir } = openStorage();
    const marker = 'QUOKKA-TRANSCRIPT-5521-MARKER';
    await storage.documents.appendUpdates('text:p:d', transcriptUpdates(marker));
    await storage.documents.appendUpdates('text:p:keep', transcriptUpdates('KEPT-TRANSCRIPT-0042'));
    expect(filesHolding(dir, marker)).not.toEqual([]);

    const deleted = await storage.documents.deleteRooms([{ prefix: 'text:p:d' }]);
    expect(deleted.purged).toBe(true);
    expect(filesHolding(dir, marker)).toEqual([]);
    expect(filesHolding(dir, 'KEPT-TRANSCRIPT-0042')).not.toEqual([]);
    expect(fs.statSync(path.join(dir, 'accord.sqlite-wal')).size).toBe(0);
  });

  it('leaves no trace after compaction rewrote the room before the deletion, nor of the directory rows deleted first', async () => {
    const { storage, dir } = openStorage();
    const marker = 'WOMBAT-COMPACTED-7781-MARKER';
    const updates = transcriptUpdates(marker);
    await storage.documents.appendUpdates('text:p:d', updates);
    const log = await storage.documents.loadUpdates('text:p:d');
    await storage.documents.compact('text:p:d', Y.mergeUpdates(log.updates), [[1, log.lastSeq]]);
    await storage.documents.appendUpdates('text:p:d', transcriptUpdates(`${marker}-again`).slice(0, 3));
    await storage.directory.createUser({ id: 'u1', email: 'owner@example.org', name: 'Owner', passwordHash: 'h', isAdmin: false });
    await storage.directory.createProject({ id: 'p', name: 'Study', ownerId: 'u1' });
    await storage.directory.createDocument({ id: 'd', projectId: 'p', name: 'NUMBAT-DOCUMENT-NAME', length: 10 });
    expect(filesHolding(dir, marker)).not.toEqual([]);
    expect(filesHolding(dir, 'NUMBAT-DOCUMENT-NAME')).not.toEqual([]);

    expect(await storage.directory.deleteDocument('p', 'd')).toBe(true);
    expect((await storage.documents.deleteRooms([{ room: 'text:p:d' }])).purged).toBe(true);
    expect(filesHolding(dir, marker)).toEqual([]);
    expect(filesHolding(dir, 'NUMBAT-DOCUMENT-NAME')).toEqual([]);
  });
});
