import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCode, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { silentLogger } from '../logger.ts';
import { openSqliteStorage, type SqliteStorage } from '../persistence/sqlite-storage.ts';
import { legacyMergesKey } from './code-merge.ts';
import { moveLegacyMergeRecords } from './legacy-merge-records.ts';

const opened: SqliteStorage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const code = (id: string) => ({ id, name: id, shortName: id.slice(0, 3), colour: '#e69f00', parentId: null, order: 1, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: 't', createdBy: 'u1' });

describe('moving legacy merge records out of project rooms', () => {
  it('keeps them as history that cannot be undone and leaves no byte of them in the room', async () => {
    const storage = openSqliteStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-legacy-')));
    opened.push(storage);
    const { directory, documents } = storage;
    await directory.createUser({ id: 'u1', email: 'u1@example.org', name: 'U', passwordHash: 'h', isAdmin: false });
    await directory.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
    // A project room as an earlier version left it: a codebook and a merge record naming a layer.
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    addCode(doc, code('pull'));
    doc.getMap(legacyMergesKey).set('m1', { mergeId: 'm1', from: code('push'), into: 'pull', children: [], recoded: [{ room: 'layer:p1:d1:secret-coder', codingId: 'c9' }], by: 'u1', at: '2026-01-01T00:00:00.000Z', undoneAt: null, undoneBy: null });
    await documents.appendUpdates('project:p1', updates);

    expect(await moveLegacyMergeRecords({ directory, store: documents, log: silentLogger })).toBe(1);
    expect(await directory.findCodeMerge('p1', 'm1')).toMatchObject({ mergeId: 'm1', into: 'pull', legacy: true, recoded: [] });
    const log = await documents.loadUpdates('project:p1');
    expect(log.updates.map((u) => Buffer.from(u).toString('utf8')).join('')).not.toContain('secret-coder');
    const replica = new Y.Doc();
    for (const update of log.updates) Y.applyUpdate(replica, update);
    expect(readCodes(replica).map((c) => c.id)).toEqual(['pull']);
    expect(replica.getMap(legacyMergesKey).size).toBe(0);
    // An old replica (a tab left open over the upgrade) still syncs with the rewritten room.
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica));
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(replica)));
    expect(readCodes(replica).map((c) => c.id)).toEqual(['pull']);

    // Once only.
    await documents.appendUpdates('project:p1', [Y.encodeStateAsUpdate(doc)]);
    expect(await moveLegacyMergeRecords({ directory, store: documents, log: silentLogger })).toBe(0);
  });
});
