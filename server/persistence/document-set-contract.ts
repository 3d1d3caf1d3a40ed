import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from './directory-store.ts';
import { StoreError } from './document-store.ts';

/** The sets-of-documents part every DirectoryStore must have (`DocumentSetStore`); run by `runDirectoryStoreContract`. */
export function runDocumentSetContract(name: string, openFresh: () => Promise<DirectoryStore>): void {
  describe(`DocumentSetStore contract: ${name}`, () => {
    const opened: DirectoryStore[] = [];
    const open = async () => {
      const store = await openFresh();
      opened.push(store);
      await store.createUser({ id: 'pi', email: 'pi@example.org', name: 'Pi', passwordHash: 'h', isAdmin: false });
      for (const projectId of ['p1', 'p2']) {
        await store.createProject({ id: projectId, name: projectId, ownerId: 'pi' });
        for (const id of ['d1', 'd2', 'd3']) await store.createDocument({ id, projectId, name: id.toUpperCase(), length: 10 });
      }
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    const at = '2026-03-01T10:00:00.000Z';
    const conflict = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ reason: 'conflict' } satisfies Partial<StoreError>);

    it('creates sets with their first documents, lists them by name, and keeps each project’s apart', async () => {
      const store = await open();
      await store.createDocumentSet({ id: 's1', projectId: 'p1', name: 'wave 2', createdAt: at }, ['d3', 'd1', 'd1']);
      await store.createDocumentSet({ id: 's2', projectId: 'p1', name: 'Pilot', createdAt: at });
      await store.createDocumentSet({ id: 's1', projectId: 'p2', name: 'Pilot', createdAt: at }, ['d2']);
      expect(await store.listDocumentSets('p1')).toEqual([
        { id: 's2', projectId: 'p1', name: 'Pilot', createdAt: at, documentIds: [] },
        { id: 's1', projectId: 'p1', name: 'wave 2', createdAt: at, documentIds: ['d1', 'd3'] },
      ]);
      expect((await store.listDocumentSets('p2')).map((s) => [s.name, s.documentIds])).toEqual([['Pilot', ['d2']]]);
      expect(await store.listDocumentSets('nope')).toEqual([]);
    });

    it('refuses a second set with the same name in any case, a missing document and a missing project, writing nothing', async () => {
      const store = await open();
      await store.createDocumentSet({ id: 's1', projectId: 'p1', name: 'Pilot', createdAt: at });
      await conflict(store.createDocumentSet({ id: 's2', projectId: 'p1', name: 'PILOT', createdAt: at }));
      await conflict(store.createDocumentSet({ id: 's3', projectId: 'p1', name: 'Wave 1', createdAt: at }, ['d1', 'd9']));
      await conflict(store.createDocumentSet({ id: 's4', projectId: 'nope', name: 'Wave 1', createdAt: at }));
      expect((await store.listDocumentSets('p1')).map((s) => s.id)).toEqual(['s1']);
    });

    it('renames a set unless another has the name; changing only the case of its own name is fine', async () => {
      const store = await open();
      await store.createDocumentSet({ id: 's1', projectId: 'p1', name: 'Pilot', createdAt: at });
      await store.createDocumentSet({ id: 's2', projectId: 'p1', name: 'Wave 1', createdAt: at });
      await conflict(store.renameDocumentSet('p1', 's2', 'pilot'));
      expect((await store.renameDocumentSet('p1', 's1', 'PILOT'))?.name).toBe('PILOT');
      expect((await store.renameDocumentSet('p1', 's2', 'Wave one'))?.name).toBe('Wave one');
      expect(await store.renameDocumentSet('p1', 'nope', 'X')).toBeNull();
      expect(await store.renameDocumentSet('p2', 's1', 'X')).toBeNull();
    });

    it('adds and removes documents, counting only what changed, all or nothing', async () => {
      const store = await open();
      await store.createDocumentSet({ id: 's1', projectId: 'p1', name: 'Pilot', createdAt: at }, ['d1']);
      const added = await store.changeDocumentSetMembers('p1', 's1', ['d1', 'd2', 'd3'], 'add');
      expect(added).toMatchObject({ added: 2, removed: 0, set: { documentIds: ['d1', 'd2', 'd3'] } });
      const removed = await store.changeDocumentSetMembers('p1', 's1', ['d2', 'd2'], 'remove');
      expect(removed).toMatchObject({ added: 0, removed: 1, set: { documentIds: ['d1', 'd3'] } });
      await conflict(store.changeDocumentSetMembers('p1', 's1', ['d2', 'd9'], 'add'));
      expect((await store.listDocumentSets('p1'))[0]!.documentIds).toEqual(['d1', 'd3']);
      expect(await store.changeDocumentSetMembers('p1', 'nope', ['d1'], 'add')).toBeNull();
      expect(await store.changeDocumentSetMembers('p2', 's1', ['d1'], 'add')).toBeNull();
    });

    it('lets a document be in several sets; deleting a set keeps its documents, deleting a document or project drops its memberships', async () => {
      const store = await open();
      await store.createDocumentSet({ id: 's1', projectId: 'p1', name: 'Pilot', createdAt: at }, ['d1', 'd2']);
      await store.createDocumentSet({ id: 's2', projectId: 'p1', name: 'Wave 1', createdAt: at }, ['d1', 'd3']);
      expect(await store.deleteDocument('p1', 'd1')).toBe(true);
      expect((await store.listDocumentSets('p1')).map((s) => s.documentIds)).toEqual([['d2'], ['d3']]);
      expect(await store.deleteDocumentSet('p1', 's1')).toBe(true);
      expect(await store.deleteDocumentSet('p1', 's1')).toBe(false);
      expect((await store.listDocuments('p1')).map((d) => d.id).sort()).toEqual(['d2', 'd3']);
      // A new document with a deleted one's id does not inherit its memberships.
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'D1 again', length: 1 });
      expect((await store.listDocumentSets('p1'))[0]!.documentIds).toEqual(['d3']);

      await store.createDocumentSet({ id: 's1', projectId: 'p2', name: 'Pilot', createdAt: at }, ['d1']);
      await store.deleteProject('p2');
      expect(await store.listDocumentSets('p2')).toEqual([]);
      await store.createProject({ id: 'p2', name: 'p2 again', ownerId: 'pi' });
      await store.createDocumentSet({ id: 's1', projectId: 'p2', name: 'Pilot', createdAt: at });
      expect((await store.listDocumentSets('p2'))[0]!.documentIds).toEqual([]);
    });
  });
}
