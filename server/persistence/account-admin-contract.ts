import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from './directory-store.ts';

/** The account-administration part every DirectoryStore must have (`AccountAdminStore`); run by `runDirectoryStoreContract`. */
export function runAccountAdminContract(name: string, openFresh: () => Promise<DirectoryStore>): void {
  describe(`AccountAdminStore contract: ${name}`, () => {
    const opened: DirectoryStore[] = [];
    const open = async () => {
      const store = await openFresh();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    const user = (id: string, email = `${id}@example.org`) => ({ id, email, name: id, passwordHash: `hash-of-${id}`, isAdmin: false });
    const reset = (id: string, userId: string, secretHash: string, expiresAt: string, createdAt = '2026-01-01T00:00:00.000Z') => ({ id, userId, secretHash, createdBy: null, createdAt, expiresAt });

    it('lists every account oldest first with its last sign-in and project count, and never a password hash', async () => {
      const store = await open();
      await store.createUser({ ...user('boss'), isAdmin: true });
      await store.createUser(user('ana'));
      await store.createProject({ id: 'p1', name: 'P1', ownerId: 'boss' });
      await store.createProject({ id: 'p2', name: 'P2', ownerId: 'boss' });
      await store.putMember('p1', 'ana', 'coder');
      await store.recordSignIn('ana', '2026-02-03T04:05:06.000Z');

      const users = await store.listUserSummaries();
      expect(users.map((u) => [u.id, u.isAdmin, u.projectCount, u.lastSignInAt])).toEqual([
        ['boss', true, 2, null],
        ['ana', false, 1, '2026-02-03T04:05:06.000Z'],
      ]);
      expect(JSON.stringify(users)).not.toContain('hash-of-');
      await store.deleteUser('ana');
      expect((await store.listUserSummaries()).map((u) => u.id)).toEqual(['boss']);
    });

    it('changes a name and an email, refuses an email another account has in any case, and moves sign-in failures with the email', async () => {
      const store = await open();
      await store.createUser(user('ana'));
      await store.createUser(user('ben'));
      expect(await store.updateUserProfile('nobody', { name: 'X' })).toBeNull();

      expect(await store.updateUserProfile('ana', { name: 'Ana Alves' })).toMatchObject({ id: 'ana', name: 'Ana Alves', email: 'ana@example.org' });
      await expect(store.updateUserProfile('ana', { name: 'Changed', email: 'BEN@example.org' })).rejects.toMatchObject({ reason: 'conflict' });
      // All or nothing: the name did not change either.
      expect((await store.findUserById('ana'))?.name).toBe('Ana Alves');

      await store.recordLoginFailure('pair:203.0.113.1|ana@example.org', '2026-01-01T00:00:00.000Z');
      await store.recordLoginFailure('pair:203.0.113.1|ben@example.org', '2026-01-01T00:00:00.000Z');
      expect(await store.updateUserProfile('ana', { email: 'ana.alves@example.org' })).toMatchObject({ email: 'ana.alves@example.org', name: 'Ana Alves' });
      expect(await store.findUserByEmail('ana@example.org')).toBeNull();
      expect((await store.findUserByEmail('ana.alves@example.org'))?.id).toBe('ana');
      expect(await store.countLoginFailures('pair:203.0.113.1|ana@example.org', '2000-01-01T00:00:00.000Z')).toBe(0);
      expect(await store.countLoginFailures('pair:203.0.113.1|ana.alves@example.org', '2000-01-01T00:00:00.000Z')).toBe(1);
      expect(await store.countLoginFailures('pair:203.0.113.1|ben@example.org', '2000-01-01T00:00:00.000Z')).toBe(1);
      // The same email in another case is the account's own: allowed.
      expect((await store.updateUserProfile('ana', { email: 'ana.alves@example.org' }))?.email).toBe('ana.alves@example.org');
    });

    it('keeps settings until they are removed', async () => {
      const store = await open();
      expect(await store.readSetting('signup')).toBeNull();
      await store.writeSetting('signup', 'closed');
      await store.writeSetting('signup', 'invite');
      expect(await store.readSetting('signup')).toBe('invite');
      await store.writeSetting('signup', null);
      expect(await store.readSetting('signup')).toBeNull();
    });

    it('uses a reset link once, only before it expires, and only the newest link of an account', async () => {
      const store = await open();
      await store.createUser(user('ana'));
      await store.createUser(user('ben'));
      await store.createPasswordReset(reset('r1', 'ana', 'h1', '2026-01-02T00:00:00.000Z'));
      expect(await store.findPasswordReset('h1')).toEqual({ id: 'r1', userId: 'ana', createdBy: null, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z' });
      expect(await store.findPasswordReset('unknown')).toBeNull();

      // A newer link replaces the older one.
      await store.createPasswordReset(reset('r2', 'ana', 'h2', '2026-01-02T00:00:00.000Z'));
      expect(await store.findPasswordReset('h1')).toBeNull();
      expect(await store.consumePasswordReset('h1', '2026-01-01T01:00:00.000Z')).toBeNull();

      // Expired: found (so it can be explained), never used.
      expect(await store.consumePasswordReset('h2', '2026-01-02T00:00:00.000Z')).toBeNull();
      expect(await store.findPasswordReset('h2')).not.toBeNull();

      // Once, even when two requests race.
      const [first, second] = await Promise.all([store.consumePasswordReset('h2', '2026-01-01T01:00:00.000Z'), store.consumePasswordReset('h2', '2026-01-01T01:00:00.000Z')]);
      expect([first, second].sort()).toEqual(['ana', null].sort());
      expect(await store.findPasswordReset('h2')).toBeNull();

      // Links go with their account; creating a link drops every expired one.
      await store.createPasswordReset(reset('r3', 'ben', 'h3', '2026-01-02T00:00:00.000Z'));
      await store.createPasswordReset(reset('r4', 'ana', 'h4', '2026-03-02T00:00:00.000Z', '2026-03-01T00:00:00.000Z'));
      expect(await store.findPasswordReset('h3')).toBeNull();
      await store.deleteUser('ana');
      expect(await store.findPasswordReset('h4')).toBeNull();
    });
  });
}
