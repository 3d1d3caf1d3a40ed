import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from './directory-store.ts';
import type { StoreHarness } from './store-harness.ts';

/**
 * What every DirectoryStore must keep true when two server instances write at the same moment:
 * each case opens two stores on one location and runs conflicting operations with `Promise.all`,
 * then checks the rule the routes rely on (a project keeps an owner, an invite admits no more than
 * its uses, …). A store that checks in one statement or transaction and writes in another fails
 * them as soon as its calls interleave. Run by `runDirectoryStoreContract`.
 */
export function runDirectoryConcurrencyContract(name: string, harness: StoreHarness<DirectoryStore>): void {
  describe(`DirectoryStore concurrency contract: ${name}`, () => {
    const opened: DirectoryStore[] = [];
    /** Two stores on one fresh location: two instances on one database. */
    const openTwo = async (): Promise<[DirectoryStore, DirectoryStore]> => {
      const location = await harness.freshLocation();
      const pair: [DirectoryStore, DirectoryStore] = [await harness.open(location), await harness.open(location)];
      opened.push(...pair);
      return pair;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    const user = (id: string) => ({ id, email: `${id}@example.org`, name: id, passwordHash: 'h', isAdmin: false });
    const owners = async (store: DirectoryStore, projectId: string) => (await store.listMembers(projectId)).filter((m) => m.role === 'owner').map((m) => m.userId);
    /** 'fulfilled' or the rejection's StoreError reason, per promise. */
    const outcomes = async (promises: readonly Promise<unknown>[]) =>
      (await Promise.allSettled(promises)).map((r) => (r.status === 'fulfilled' ? 'fulfilled' : ((r.reason as { reason?: string }).reason ?? String(r.reason))));

    it('leaves one owner when the last two owners leave or are demoted at the same moment', async () => {
      const [a, b] = await openTwo();
      for (const id of ['o1', 'o2', 'o3', 'o4', 'c1']) await a.createUser(user(id));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'o1' });
      await a.putMember('p1', 'o2', 'owner');
      await a.putMember('p1', 'c1', 'coder');
      expect((await Promise.all([a.removeMemberUnlessLastOwner('p1', 'o1'), b.removeMemberUnlessLastOwner('p1', 'o2')])).sort()).toEqual(['changed', 'lastOwner']);
      expect(await owners(a, 'p1')).toHaveLength(1);

      await a.putMember('p1', 'o3', 'owner');
      const [kept] = (await owners(a, 'p1')).filter((id) => id !== 'o3');
      expect((await Promise.all([a.changeMemberRole('p1', kept!, 'coder'), b.changeMemberRole('p1', 'o3', 'viewer')])).sort()).toEqual(['changed', 'lastOwner']);
      expect(await owners(b, 'p1')).toHaveLength(1);

      await b.putMember('p1', 'o4', 'owner');
      const [other] = (await owners(b, 'p1')).filter((id) => id !== 'o4');
      expect((await Promise.all([a.removeMemberUnlessLastOwner('p1', 'o4'), b.changeMemberRole('p1', other!, 'coder')])).sort()).toEqual(['changed', 'lastOwner']);
      expect(await owners(a, 'p1')).toHaveLength(1);
    });

    it('keeps an owner when an owner’s account is deleted while the other owner leaves', async () => {
      const [a, b] = await openTwo();
      for (const id of ['o1', 'o2', 'c1']) await a.createUser(user(id));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'o1' });
      await a.putMember('p1', 'o2', 'owner');
      await a.putMember('p1', 'c1', 'coder');
      const [deleted, left] = await Promise.allSettled([a.deleteUser('o1'), b.removeMemberUnlessLastOwner('p1', 'o2')]);
      expect(await owners(a, 'p1')).toHaveLength(1);
      // Exactly one of the two went through.
      const accountGone = deleted.status === 'fulfilled';
      expect(accountGone ? left.status === 'fulfilled' && left.value === 'lastOwner' : left.status === 'fulfilled' && left.value === 'changed').toBe(true);
      if (!accountGone) expect(deleted.status === 'rejected' && (deleted.reason as { reason?: string }).reason).toBe('conflict');
    });

    it('admits one person by a one-use invite however many accept it at once, and spends one use when one person accepts twice', async () => {
      const [a, b] = await openTwo();
      const people = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'];
      for (const id of ['o1', 'y', ...people]) await a.createUser(user(id));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'o1' });
      await a.createInvite({ codeHash: 'once', projectId: 'p1', role: 'coder', maxUses: 1, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'o1' });
      const at = '2026-01-01T00:00:00.000Z';
      const accepted = await Promise.all(people.map((id, i) => [a, b][i % 2]!.acceptInvite('once', id, at)));
      expect(accepted.map((r) => r.outcome).sort()).toEqual(['joined', 'usedUp', 'usedUp', 'usedUp', 'usedUp', 'usedUp']);
      expect((await b.listMembers('p1')).map((m) => m.userId).filter((id) => people.includes(id))).toHaveLength(1);
      expect(await b.findInvite('once')).toMatchObject({ uses: 1 });

      await a.createInvite({ codeHash: 'three', projectId: 'p1', role: 'viewer', maxUses: 3, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'o1' });
      const again = await Promise.all([a, b, a, b].map((store) => store.acceptInvite('three', 'y', at)));
      expect(again.map((r) => r.outcome).sort()).toEqual(['alreadyMember', 'alreadyMember', 'alreadyMember', 'joined']);
      expect(await a.findInvite('three')).toMatchObject({ uses: 1 });
    });

    it('makes one administrator of two sign-ups racing on an empty server, and lets in one of two racing “first accounts”', async () => {
      const signup = (id: string) => ({ id, email: `${id}@example.org`, name: id, passwordHash: 'h' });
      const [a, b] = await openTwo();
      const both = await Promise.all([a.createUserAdminIfFirst(signup('s1'), { onlyIfFirst: false }), b.createUserAdminIfFirst(signup('s2'), { onlyIfFirst: false })]);
      expect(both.map((u) => u?.isAdmin).sort()).toEqual([false, true]);
      expect((await a.listUserSummaries()).filter((u) => u.isAdmin)).toHaveLength(1);

      const [c, d] = await openTwo();
      const first = await Promise.all([c.createUserAdminIfFirst(signup('f1'), { onlyIfFirst: true }), d.createUserAdminIfFirst(signup('f2'), { onlyIfFirst: true })]);
      expect(first.filter((u) => u !== null)).toMatchObject([{ isAdmin: true }]);
      expect(await d.countUsers()).toBe(1);
    });

    it('reports every session it ends, even one started at the same moment', async () => {
      const [a, b] = await openTwo();
      await a.createUser(user('u1'));
      const session = (id: string) => ({ id, tokenHash: `hash-${id}`, userId: 'u1', csrfToken: 'c', expiresAt: '2999-01-01T00:00:00.000Z' });
      for (const id of ['s1', 's2', 's3']) await a.createSession(session(id));
      const [ended] = await Promise.all([a.deleteSessionsOfUser('u1'), ...['n1', 'n2', 'n3'].map((id) => b.createSession(session(id)))]);
      expect(ended).toEqual(expect.arrayContaining(['s1', 's2', 's3']));
      // A new session was ended and said so, or it lives on: never ended unreported (its socket would stay open).
      for (const id of ['n1', 'n2', 'n3']) {
        const alive = (await b.findSession(`hash-${id}`)) !== null;
        expect(ended.includes(id), `${id} ${alive ? 'lives on' : 'is gone'}`).toBe(!alive);
      }
    });

    it('keeps both of two attribute changes made at once, and gives a name to only one of two renames', async () => {
      const [a, b] = await openTwo();
      await a.createUser(user('u1'));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      for (const id of ['d1', 'd2']) await a.createDocument({ id, projectId: 'p1', name: id, length: 1 });
      await Promise.all([a.updateDocument('p1', 'd1', { attributes: { years: 3 } }), b.updateDocument('p1', 'd1', { attributes: { role: 'coach' } }), a.updateDocument('p1', 'd1', { attributes: { site: 'A' } })]);
      expect((await b.findDocument('p1', 'd1'))?.attributes).toEqual({ years: 3, role: 'coach', site: 'A' });

      expect((await outcomes([a.updateDocument('p1', 'd1', { name: 'Same' }), b.updateDocument('p1', 'd2', { name: 'SAME' })])).sort()).toEqual(['conflict', 'fulfilled']);
      expect((await a.listDocuments('p1')).filter((d) => d.name.toLowerCase() === 'same')).toHaveLength(1);
    });

    it('imports attributes all or nothing while one of their documents is deleted', async () => {
      const [a, b] = await openTwo();
      await a.createUser(user('u1'));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      for (const id of ['d1', 'd2']) await a.createDocument({ id, projectId: 'p1', name: id, length: 1 });
      const fields = [{ key: 'role', label: 'Role', type: 'text' as const }];
      const [imported] = await outcomes([a.importAttributes('p1', fields, [{ documentId: 'd1', attributes: { role: 'coach' } }, { documentId: 'd2', attributes: { role: 'nurse' } }]), b.deleteDocument('p1', 'd2')]);
      expect(await a.findDocument('p1', 'd2')).toBeNull();
      const project = await b.findProject('p1');
      const d1 = await b.findDocument('p1', 'd1');
      if (imported === 'fulfilled') {
        expect([project?.attributeFields, d1?.attributes]).toEqual([fields, { role: 'coach' }]);
      } else {
        expect(imported).toBe('conflict');
        expect([project?.attributeFields, d1?.attributes]).toEqual([[], {}]);
      }
    });

    it('moves a round on once when two owners move it at the same moment', async () => {
      const [a, b] = await openTwo();
      await a.createUser(user('u1'));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await a.createRound({ id: 'r1', projectId: 'p1', name: 'R', documentIds: [], phase: 'setup', allowPostHocEdits: false, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'u1', phaseChangedAt: null, revealedAt: null });
      const move = (store: DirectoryStore, at: string) => store.updateRound('p1', 'r1', { phase: 'blind', phaseChangedAt: at }, { ifPhase: 'setup' });
      expect((await outcomes([move(a, '2026-01-02T00:00:00.000Z'), move(b, '2026-01-03T00:00:00.000Z')])).sort()).toEqual(['conflict', 'fulfilled']);
      expect(await b.listRounds('p1')).toMatchObject([{ phase: 'blind' }]);
    });

    it('keeps one current submission per coder and document, and one current decision per locus, when two are stored at once', async () => {
      const [a, b] = await openTwo();
      await a.createUser(user('u1'));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await a.createDocument({ id: 'd1', projectId: 'p1', name: 'd1', length: 10 });
      await a.createRound({ id: 'r1', projectId: 'p1', name: 'R', documentIds: ['d1'], phase: 'blind', allowPostHocEdits: false, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'u1', phaseChangedAt: null, revealedAt: null });
      const submission = (id: string) => ({ id, projectId: 'p1', roundId: 'r1', documentId: 'd1', userId: 'u1', submittedAt: '2026-01-02T00:00:00.000Z', reopenedAt: null, reopenedBy: null });
      await Promise.all([a.createSubmission(submission('s1'), new Uint8Array([1])), b.createSubmission(submission('s2'), new Uint8Array([2])), a.createSubmission(submission('s3'), new Uint8Array([3]))]);
      expect(await b.listSubmissions('p1', 'r1', { current: true })).toHaveLength(1);
      expect(await a.listSubmissions('p1', 'r1')).toHaveLength(3);
      const reopened = await Promise.all([a.reopenSubmission('p1', 'r1', 'd1', 'u1', 'u1', '2026-01-03T00:00:00.000Z'), b.reopenSubmission('p1', 'r1', 'd1', 'u1', 'u1', '2026-01-03T00:00:00.000Z')]);
      expect(reopened.filter((s) => s !== null)).toHaveLength(1);

      const decision = (id: string) => ({
        id, projectId: 'p1', documentId: 'd1', locusId: 'L1', action: 'accept' as const, chosenUserIds: ['u1'], result: [], consensusCodingIds: [], rationale: '', participants: [],
        decidedBy: 'u1', decidedAt: '2026-01-04T00:00:00.000Z', strategy: null, supersedes: null, supersededBy: null,
      });
      expect((await outcomes([a.createDecision(decision('k1')), b.createDecision(decision('k2'))])).sort()).toEqual(['conflict', 'fulfilled']);
      const [current] = await a.listDecisions('p1', 'd1', { current: true });
      // Two decisions superseding the same one: one supersedes it, the other is refused.
      expect((await outcomes([a.createDecision({ ...decision('k3'), supersedes: current!.id }), b.createDecision({ ...decision('k4'), supersedes: current!.id })])).sort()).toEqual(['conflict', 'fulfilled']);
      expect(await b.listDecisions('p1', 'd1', { current: true })).toHaveLength(1);
    });

    it('gives a project’s last place for a set, an undo of a merge and a reset link to one of two requests at once', async () => {
      const [a, b] = await openTwo();
      await a.createUser(user('u1'));
      await a.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      const at = '2026-01-01T00:00:00.000Z';
      await a.createDocumentSet({ id: 's1', projectId: 'p1', name: 'One', createdAt: at });
      const sets = await Promise.all([a.createDocumentSet({ id: 's2', projectId: 'p1', name: 'Two', createdAt: at }, [], { maxSets: 2 }), b.createDocumentSet({ id: 's3', projectId: 'p1', name: 'Three', createdAt: at }, [], { maxSets: 2 })]);
      expect(sets.filter((s) => s !== null)).toHaveLength(1);
      expect(await b.listDocumentSets('p1')).toHaveLength(2);

      const from = { id: 'push', name: 'Push', shortName: 'PU', colour: '#e69f00', parentId: null, order: 1, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: at, createdBy: 'u1' };
      await a.createCodeMerge({ projectId: 'p1', mergeId: 'm1', from, into: 'pull', children: [], recoded: [], by: 'u1', at, undoneAt: null, undoneBy: null, legacy: false });
      expect((await Promise.all([a.markCodeMergeUndone('p1', 'm1', 'u1', at), b.markCodeMergeUndone('p1', 'm1', 'u1', at)])).sort()).toEqual([false, true]);

      await a.createPasswordReset({ id: 'r1', userId: 'u1', secretHash: 'secret', createdBy: null, createdAt: at, expiresAt: '2999-01-01T00:00:00.000Z' });
      expect((await Promise.all([a.consumePasswordReset('secret', at), b.consumePasswordReset('secret', at)])).sort()).toEqual([null, 'u1']);
    });
  });
}
