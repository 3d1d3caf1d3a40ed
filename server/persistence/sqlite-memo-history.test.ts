import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from './directory-store.ts';
import type { DocumentStore } from './document-store.ts';
import { firstBrokenLink, type HistoryEventInput } from './history.ts';
import { createSqliteDirectoryStore } from './sqlite-directory-store.ts';
import { createSqliteDocumentStore } from './sqlite-document-store.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-memo-history-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let counter = 0;
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

/** Both stores on one database file, as `sqlite-storage.ts` opens them. */
async function openBoth(): Promise<{ directory: DirectoryStore; documents: DocumentStore }> {
  const file = path.join(root, `db-${++counter}`, 'accord.sqlite');
  const documents = createSqliteDocumentStore(file);
  const directory = createSqliteDirectoryStore(file);
  opened.push(directory, documents);
  await directory.createUser({ id: 'ana', email: 'ana@example.org', name: 'Ana', passwordHash: 'h', isAdmin: false });
  await directory.createProject({ id: 'p1', name: 'P', ownerId: 'ana' });
  await directory.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
  return { directory, documents };
}

const event = (type: string, after: unknown): HistoryEventInput => ({ userId: 'ana', layer: 'ana', type, documentId: 'd1', codingId: null, codeId: null, before: null, after });
const memo = (id: string, documentId: string | null = 'd1') => ({ id, projectId: 'p1', documentId, authorId: 'ana', title: 'Why P01 differs', text: 'She came from the county.', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });

describe('memo events in the SQLite history', () => {
  it('chains memo events between the events of room updates, so the whole history verifies', async () => {
    const { directory, documents } = await openBoth();
    await documents.appendUpdates('layer:p1:d1:ana', [new Uint8Array([1])], { projectId: 'p1', events: [event('coding.added', { codeId: 'c' })] });
    await directory.createMemo(memo('m1'), { room: 'memo:p1:d1:ana', event: event('memo.added', { memoId: 'm1', title: 'Why P01 differs', text: 'She came from the county.' }) });
    await directory.updateMemo('p1', 'm1', { text: 'She came from the city.', updatedAt: '2026-01-02T00:00:00.000Z' }, { room: 'memo:p1:d1:ana', event: event('memo.changed', { memoId: 'm1' }) });
    await documents.appendUpdates('layer:p1:d1:ana', [new Uint8Array([2])], { projectId: 'p1', events: [event('coding.removed', null)] });

    const history = await documents.readHistory('p1', { limit: 10 });
    expect(history.map((e) => [e.seq, e.type])).toEqual([
      [1, 'coding.added'],
      [2, 'memo.added'],
      [3, 'memo.changed'],
      [4, 'coding.removed'],
    ]);
    expect(history[1]).toMatchObject({ userId: 'ana', documentId: 'd1', after: { memoId: 'm1', text: 'She came from the county.' }, redacted: false });
    expect(firstBrokenLink(history)).toBeNull();
    expect(await documents.historyHead('p1')).toBe(4);
  });

  it('stores no event when the memo is not written, and no memo when its event cannot be', async () => {
    const { directory, documents } = await openBoth();
    await expect(directory.createMemo(memo('m1', 'gone'), { room: 'memo:p1:gone:ana', event: event('memo.added', {}) })).rejects.toMatchObject({ reason: 'conflict' });
    expect(await directory.updateMemo('p1', 'missing', { title: 'x', updatedAt: '2026-01-02T00:00:00.000Z' }, { room: 'memo:p1:ana', event: event('memo.changed', {}) })).toBeNull();
    expect(await directory.deleteMemo('p1', 'missing', { room: 'memo:p1:ana', event: event('memo.removed', {}) })).toBe(false);
    expect(await documents.historyHead('p1')).toBe(0);
    // An event the history table refuses (no user) takes its memo back with it.
    const bad = { ...event('memo.added', {}), userId: null as unknown as string };
    await expect(directory.createMemo(memo('m2'), { room: 'memo:p1:d1:ana', event: bad })).rejects.toBeDefined();
    expect(await directory.listMemos('p1')).toEqual([]);
    expect(await documents.historyHead('p1')).toBe(0);
  });

  it('redacts a document’s memo events when the rooms of the document are deleted, keeping the chain', async () => {
    const { directory, documents } = await openBoth();
    await directory.createMemo(memo('m1'), { room: 'memo:p1:d1:ana', event: event('memo.added', { memoId: 'm1', text: 'SECRET-MEMO' }) });
    await directory.createMemo(memo('m2', null), { room: 'memo:p1:ana', event: { ...event('memo.added', { memoId: 'm2', text: 'project memo' }), documentId: null } });
    await directory.deleteDocument('p1', 'd1');
    await documents.deleteRooms([{ prefix: 'memo:p1:d1:' }]);
    const history = await documents.readHistory('p1', { limit: 10 });
    expect(history.map((e) => [e.type, e.redacted, e.after])).toEqual([
      ['memo.added', true, null],
      ['memo.added', false, { memoId: 'm2', text: 'project memo' }],
    ]);
    expect(firstBrokenLink(history)).toBeNull();
    expect((await directory.listMemos('p1')).map((m) => m.id)).toEqual(['m2']);
  });
});
