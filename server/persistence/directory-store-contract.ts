import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from './directory-store.ts';
import { StoreError } from './document-store.ts';

/** The behaviour every DirectoryStore must have (SQLite now, PostgreSQL later). */
export function runDirectoryStoreContract(name: string, openFresh: () => Promise<DirectoryStore>): void {
  describe(`DirectoryStore contract: ${name}`, () => {
    const opened: DirectoryStore[] = [];
    const open = async () => {
      const store = await openFresh();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    const user = (id: string, email = `${id}@example.org`) => ({ id, email, name: id, passwordHash: 'h', isAdmin: false });

    it('keeps emails unique regardless of case and reports a conflict', async () => {
      const store = await open();
      await store.createUser(user('u1', 'ana@example.org'));
      await expect(store.createUser(user('u2', 'ANA@example.org'))).rejects.toMatchObject({ reason: 'conflict' });
      expect((await store.findUserByEmail('Ana@Example.org'))?.id).toBe('u1');
      expect(await store.countUsers()).toBe(1);
      expect(await store.findFirstAdmin()).toBeNull();
      await store.createUser({ ...user('boss'), isAdmin: true });
      expect((await store.findFirstAdmin())?.id).toBe('boss');
    });

    it('finds sessions and tokens by hash only, and deletes tokens only for their owner', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createUser(user('u2'));
      await store.createSession({ id: 's1', tokenHash: 'sh', userId: 'u1', csrfToken: 'c', expiresAt: '2999-01-01T00:00:00.000Z' });
      expect(await store.findSession('sh')).toMatchObject({ id: 's1', userId: 'u1', csrfToken: 'c' });
      expect(await store.findSession('nope')).toBeNull();
      await store.createApiToken({ id: 't1', userId: 'u1', name: 'n', tokenHash: 'th' });
      expect(await store.deleteApiToken('u2', 't1')).toBe(false);
      await store.touchApiToken('t1', '2026-01-01T00:00:00.000Z');
      expect((await store.listApiTokens('u1'))[0]?.lastUsedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(await store.deleteApiToken('u1', 't1')).toBe(true);
      expect(await store.findApiToken('th')).toBeNull();
      expect(await store.deleteSessionsOfUser('u1')).toEqual(['s1']);
    });

    it('counts login failures within a window and clears them', async () => {
      const store = await open();
      await store.recordLoginFailure('k', '2026-01-01T00:00:00.000Z');
      await store.recordLoginFailure('k', '2026-01-01T00:10:00.000Z');
      expect(await store.countLoginFailures('k', '2026-01-01T00:05:00.000Z')).toBe(1);
      await store.clearLoginFailures('k');
      expect(await store.countLoginFailures('k', '2000-01-01T00:00:00.000Z')).toBe(0);
    });

    it('makes the creator a project’s owner and lists projects with the caller’s role and counts', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createUser(user('u2'));
      await store.createProject({ id: 'p1', name: 'Study', ownerId: 'u1' });
      await store.putMember('p1', 'u2', 'coder');
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      expect(await store.listProjectsOfUser('u2')).toMatchObject([{ id: 'p1', role: 'coder', memberCount: 2, documentCount: 1, codingMode: 'open', codersEditCodebook: true }]);
      await store.putMember('p1', 'u2', 'viewer');
      expect((await store.findMember('p1', 'u2'))?.role).toBe('viewer');
      expect(await store.removeMember('p1', 'u2')).toBe(true);
      expect(await store.listProjectsOfUser('u2')).toEqual([]);
      expect((await store.updateProject('p1', { codingMode: 'blind', archived: true }))?.codingMode).toBe('blind');
      await store.setAttributeFields('p1', [{ key: 'years', label: 'Years', type: 'number' }]);
      expect((await store.findProject('p1'))?.attributeFields).toEqual([{ key: 'years', label: 'Years', type: 'number' }]);
      await store.updateDocument('p1', 'd1', { attributes: { years: 12, sector: 'health' } });
      const updated = await store.updateDocument('p1', 'd1', { name: 'P01 (coach)', attributes: { sector: null } });
      expect(updated).toMatchObject({ name: 'P01 (coach)', attributes: { years: 12 } });
      await store.deleteProject('p1');
      expect(await store.findProject('p1')).toBeNull();
      expect(await store.findDocument('p1', 'd1')).toBeNull();
    });

    it('spends invite uses atomically and never beyond maxUses', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'Study', ownerId: 'u1' });
      await store.createInvite({ codeHash: 'ih', projectId: 'p1', role: 'coder', maxUses: 2, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'u1' });
      const uses = await Promise.all([store.useInvite('ih'), store.useInvite('ih'), store.useInvite('ih')]);
      expect(uses.filter(Boolean)).toHaveLength(2);
      expect(await store.findInvite('ih')).toMatchObject({ uses: 2, maxUses: 2, role: 'coder' });
      // Used up: no longer listed. A fresh one is listed and can be withdrawn by its id.
      expect(await store.listInvites('p1', '2026-01-01T00:00:00.000Z')).toEqual([]);
      await store.createInvite({ codeHash: 'fresh-hash-0123456789', projectId: 'p1', role: 'viewer', maxUses: 1, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'u1' });
      const [listed] = await store.listInvites('p1', '2026-01-01T00:00:00.000Z');
      expect(listed).toMatchObject({ role: 'viewer', uses: 0, maxUses: 1 });
      expect(await store.deleteInvite('p1', listed!.id)).toBe(true);
      expect(await store.findInvite('fresh-hash-0123456789')).toBeNull();
    });

    it('rejects every call with a StoreError once closed', async () => {
      const store = await open();
      await store.close();
      await expect(store.countUsers()).rejects.toBeInstanceOf(StoreError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreError);
    });
  });
}
