import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from './directory-store.ts';
import { StoreError } from './document-store.ts';
import { runAccountAdminContract } from './account-admin-contract.ts';
import { runDocumentSetContract } from './document-set-contract.ts';
import { runDirectoryConcurrencyContract } from './directory-concurrency-contract.ts';
import type { StoreHarness } from './store-harness.ts';

/** How the suites open the DirectoryStore under test (see StoreHarness). */
export type DirectoryStoreHarness = StoreHarness<DirectoryStore>;

/** The behaviour every DirectoryStore must have (SQLite, PostgreSQL): each method, and the concurrency cases. */
export function runDirectoryStoreContract(name: string, harness: DirectoryStoreHarness): void {
  const openFresh = async () => harness.open(await harness.freshLocation());
  runAccountAdminContract(name, openFresh);
  runDocumentSetContract(name, openFresh);
  runDirectoryConcurrencyContract(name, harness);
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

    it('tells which sessions still exist and have not expired', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createSession({ id: 's1', tokenHash: 'sh1', userId: 'u1', csrfToken: 'c', expiresAt: '2999-01-01T00:00:00.000Z' });
      await store.createSession({ id: 's2', tokenHash: 'sh2', userId: 'u1', csrfToken: 'c', expiresAt: '2026-01-01T00:00:00.000Z' });
      await store.createSession({ id: 's3', tokenHash: 'sh3', userId: 'u1', csrfToken: 'c', expiresAt: '2999-01-01T00:00:00.000Z' });
      await store.deleteSession('s3');
      expect([...(await store.liveSessionIds(['s1', 's2', 's3', 'nope'], '2026-06-01T00:00:00.000Z'))]).toEqual(['s1']);
      expect(await store.liveSessionIds([], '2026-06-01T00:00:00.000Z')).toEqual(new Set());
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
      expect((await store.updateDocument('p1', 'd1', { length: 4321 }))?.length).toBe(4321);
      expect(updated).toMatchObject({ name: 'P01 (coach)', attributes: { years: 12 } });
      await store.deleteProject('p1');
      expect(await store.findProject('p1')).toBeNull();
      expect(await store.findDocument('p1', 'd1')).toBeNull();
    });

    it('admits by invite until its uses are spent, never lowers a role, and refuses unknown and expired invites', async () => {
      const store = await open();
      for (const id of ['u1', 'a', 'b', 'c', 'boss']) await store.createUser(user(id));
      await store.createProject({ id: 'p1', name: 'Study', ownerId: 'u1' });
      await store.putMember('p1', 'boss', 'owner');
      await store.createInvite({ codeHash: 'ih', projectId: 'p1', role: 'coder', maxUses: 2, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'u1' });
      const at = '2026-01-01T00:00:00.000Z';
      expect(await store.acceptInvite('ih', 'a', at)).toEqual({ outcome: 'joined', projectId: 'p1', role: 'coder' });
      // Joining again, or as an owner already, spends nothing and keeps the role.
      expect(await store.acceptInvite('ih', 'a', at)).toEqual({ outcome: 'alreadyMember', projectId: 'p1', role: 'coder' });
      expect(await store.acceptInvite('ih', 'boss', at)).toEqual({ outcome: 'alreadyMember', projectId: 'p1', role: 'owner' });
      expect(await store.acceptInvite('ih', 'b', at)).toMatchObject({ outcome: 'joined' });
      expect(await store.acceptInvite('ih', 'c', at)).toEqual({ outcome: 'usedUp' });
      expect(await store.findMember('p1', 'c')).toBeNull();
      expect(await store.findInvite('ih')).toMatchObject({ uses: 2, maxUses: 2, role: 'coder' });
      expect(await store.acceptInvite('nope', 'c', at)).toEqual({ outcome: 'unknown' });
      await store.createInvite({ codeHash: 'old', projectId: 'p1', role: 'viewer', maxUses: 5, expiresAt: at, createdBy: 'u1' });
      expect(await store.acceptInvite('old', 'c', at)).toEqual({ outcome: 'expired' });
      expect(await store.acceptInvite('old', 'c', '2025-12-31T23:59:59.999Z')).toEqual({ outcome: 'joined', projectId: 'p1', role: 'viewer' });
      // A coder invite raises a viewer to coder, spending a use.
      await store.createInvite({ codeHash: 'up', projectId: 'p1', role: 'coder', maxUses: 1, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'u1' });
      expect(await store.acceptInvite('up', 'c', at)).toEqual({ outcome: 'joined', projectId: 'p1', role: 'coder' });
      expect((await store.findMember('p1', 'c'))?.role).toBe('coder');
      expect(await store.findInvite('up')).toMatchObject({ uses: 1 });
      // Expired invites are not listed either.
      expect(await store.listInvites('p1', at)).toEqual([]);
      // Used up: no longer listed. A fresh one is listed and can be withdrawn by its id.
      expect(await store.listInvites('p1', '2026-01-01T00:00:00.000Z')).toEqual([]);
      await store.createInvite({ codeHash: 'fresh-hash-0123456789', projectId: 'p1', role: 'viewer', maxUses: 1, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'u1' });
      const [listed] = await store.listInvites('p1', '2026-01-01T00:00:00.000Z');
      expect(listed).toMatchObject({ role: 'viewer', uses: 0, maxUses: 1 });
      expect(await store.deleteInvite('p1', listed!.id)).toBe(true);
      expect(await store.findInvite('fresh-hash-0123456789')).toBeNull();
    });

    // Deleting documents and accounts.
    it('deletes one document of a project and reports whether it existed', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'Study', ownerId: 'u1' });
      await store.createProject({ id: 'p2', name: 'Other', ownerId: 'u1' });
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      await store.createDocument({ id: 'd2', projectId: 'p1', name: 'P02', length: 10 });
      await store.createDocument({ id: 'd1', projectId: 'p2', name: 'P01 elsewhere', length: 10 });
      expect(await store.deleteDocument('p1', 'd1')).toBe(true);
      expect(await store.deleteDocument('p1', 'd1')).toBe(false);
      expect(await store.findDocument('p1', 'd1')).toBeNull();
      expect((await store.listDocuments('p1')).map((d) => d.id)).toEqual(['d2']);
      expect(await store.findDocument('p2', 'd1')).not.toBeNull();
      expect((await store.listProjectsOfUser('u1')).find((p) => p.id === 'p1')?.documentCount).toBe(1);
    });

    it('deletes an account with its sessions, tokens, memberships and sign-in failures, and says which ended', async () => {
      const store = await open();
      await store.createUser(user('u1', 'Gone@Example.org'));
      await store.createUser(user('u2'));
      await store.createProject({ id: 'p1', name: 'Shared', ownerId: 'u2' });
      await store.putMember('p1', 'u1', 'coder');
      await store.createProject({ id: 'p2', name: 'Also shared', ownerId: 'u1' });
      await store.putMember('p2', 'u2', 'owner');
      await store.createSession({ id: 's1', tokenHash: 'sh1', userId: 'u1', csrfToken: 'c', expiresAt: '2999-01-01T00:00:00.000Z' });
      await store.createSession({ id: 's2', tokenHash: 'sh2', userId: 'u2', csrfToken: 'c', expiresAt: '2999-01-01T00:00:00.000Z' });
      await store.createApiToken({ id: 't1', userId: 'u1', name: 'scripts', tokenHash: 'th1' });
      await store.createInvite({ codeHash: 'by-u1', projectId: 'p2', role: 'viewer', maxUses: 1, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'u1' });
      await store.recordLoginFailure('email:gone@example.org', '2026-01-01T00:00:00.000Z');
      await store.recordLoginFailure('pair:203.0.113.9|gone@example.org', '2026-01-01T00:00:00.000Z');
      await store.recordLoginFailure('email:u2@example.org', '2026-01-01T00:00:00.000Z');
      await store.recordLoginFailure('pair:203.0.113.9|notgone@example.org', '2026-01-01T00:00:00.000Z');

      const deleted = await store.deleteUser('u1');
      expect(deleted).toEqual({ sessionIds: ['s1'], tokenIds: ['t1'], projectIds: ['p1', 'p2'] });
      expect(await store.findUserById('u1')).toBeNull();
      expect(await store.findUserByEmail('gone@example.org')).toBeNull();
      expect(await store.findSession('sh1')).toBeNull();
      expect(await store.findApiToken('th1')).toBeNull();
      expect(await store.findMember('p1', 'u1')).toBeNull();
      expect((await store.listMembers('p2')).map((m) => m.userId)).toEqual(['u2']);
      expect(await store.countLoginFailures('email:gone@example.org', '2000-01-01T00:00:00.000Z')).toBe(0);
      expect(await store.countLoginFailures('pair:203.0.113.9|gone@example.org', '2000-01-01T00:00:00.000Z')).toBe(0);
      expect(await store.countLoginFailures('pair:203.0.113.9|notgone@example.org', '2000-01-01T00:00:00.000Z')).toBe(1);
      // Everyone else's rows stay, and an invite the account made stays valid for its project.
      expect(await store.findSession('sh2')).not.toBeNull();
      expect(await store.countLoginFailures('email:u2@example.org', '2000-01-01T00:00:00.000Z')).toBe(1);
      expect(await store.findInvite('by-u1')).toMatchObject({ projectId: 'p2', uses: 0 });
      expect(await store.countUsers()).toBe(1);
      // The email is free again.
      await store.createUser(user('u3', 'gone@example.org'));
      expect(await store.deleteUser('nobody')).toBeNull();
    });

    // participant attributes: an imported table, in one transaction
    it('imports attribute fields and values all together, or nothing when a document is missing', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'Study', ownerId: 'u1' });
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      await store.createDocument({ id: 'd2', projectId: 'p1', name: 'P02', length: 10 });
      await store.setAttributeFields('p1', [{ key: 'years', label: 'Years', type: 'number' }]);
      await store.updateDocument('p1', 'd1', { attributes: { years: 12 } });
      const fields = [
        { key: 'years', label: 'Years', type: 'number' as const },
        { key: 'role', label: 'Role', type: 'text' as const },
      ];
      // d9 does not exist: neither the fields nor d1 may change.
      await expect(store.importAttributes('p1', fields, [{ documentId: 'd1', attributes: { years: null, role: 'coach' } }, { documentId: 'd9', attributes: { role: 'nurse' } }])).rejects.toMatchObject({ reason: 'conflict' });
      expect((await store.findProject('p1'))?.attributeFields).toEqual([{ key: 'years', label: 'Years', type: 'number' }]);
      expect((await store.findDocument('p1', 'd1'))?.attributes).toEqual({ years: 12 });
      await expect(store.importAttributes('nope', fields, [])).rejects.toMatchObject({ reason: 'conflict' });

      await store.importAttributes('p1', fields, [{ documentId: 'd1', attributes: { years: null, role: 'coach' } }, { documentId: 'd2', attributes: { years: 3 } }]);
      expect((await store.findProject('p1'))?.attributeFields).toEqual(fields);
      expect((await store.findDocument('p1', 'd1'))?.attributes).toEqual({ role: 'coach' });
      expect((await store.findDocument('p1', 'd2'))?.attributes).toEqual({ years: 3 });
    });

    it('keeps code merge records per project, marks one undone once, and drops them with the project', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      const from = { id: 'push', name: 'Push', shortName: 'PU', colour: '#e69f00', parentId: null, order: 1, definition: 'd', inclusion: '', exclusion: '', examples: [], isStage: true, stageOrder: 1, domain: null, createdAt: 't', createdBy: 'u1' };
      const record = { projectId: 'p1', mergeId: 'm1', from, into: 'pull', children: [{ codeId: 'kit', order: 2 }], recoded: [{ room: 'layer:p1:d1:u1', codingId: 'c1' }], by: 'u1', at: 't1', undoneAt: null, undoneBy: null, legacy: false };
      await store.createCodeMerge(record);
      expect(await store.findCodeMerge('p1', 'm1')).toEqual(record);
      expect(await store.findCodeMerge('p2', 'm1')).toBeNull();
      expect(await store.markCodeMergeUndone('p1', 'm1', 'u1', 't2')).toBe(true);
      expect(await store.markCodeMergeUndone('p1', 'm1', 'u1', 't3')).toBe(false);
      expect(await store.findCodeMerge('p1', 'm1')).toMatchObject({ undoneAt: 't2', undoneBy: 'u1' });
      await expect(store.createCodeMerge(record)).rejects.toMatchObject({ reason: 'conflict' });
      await store.deleteProject('p1');
      expect(await store.findCodeMerge('p1', 'm1')).toBeNull();
    });

    it('keeps one current decision per locus: a second is a conflict unless it supersedes the first', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      const decision = (id: string, supersedes: string | null = null) => ({
        id, projectId: 'p1', documentId: 'd1', locusId: 'L1', action: 'accept' as const, chosenUserIds: ['u1'], result: [{ codeId: 'push', start: 0, end: 5, sourceCodingIds: ['c1'] }],
        consensusCodingIds: [`k-${id}`], rationale: '', participants: [], decidedBy: 'u1', decidedAt: `2026-01-01T00:00:0${id.slice(-1)}.000Z`, strategy: null, supersedes, supersededBy: null,
      });
      await store.createDecision(decision('d1'));
      await expect(store.createDecision(decision('d2'))).rejects.toMatchObject({ reason: 'conflict' });
      await store.createDecision(decision('d3', 'd1'));
      await expect(store.createDecision(decision('d4', 'd1'))).rejects.toMatchObject({ reason: 'conflict' });
      expect((await store.listDecisions('p1', 'd1')).map((d) => [d.id, d.supersededBy])).toEqual([['d1', 'd3'], ['d3', null]]);
      expect((await store.listDecisions('p1', 'd1', { current: true })).map((d) => d.id)).toEqual(['d3']);
      expect((await store.listDecisions('p1', 'd1'))[1]).toEqual(decision('d3', 'd1'));
      await store.removeDecision('p1', 'd3');
      expect((await store.listDecisions('p1', 'd1', { current: true })).map((d) => d.id)).toEqual(['d1']);
      await store.deleteDocument('p1', 'd1');
      expect(await store.listDecisions('p1', 'd1')).toEqual([]);
    });

    it('keeps the comments of a document in order, and lets them go with the document or their author', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createUser(user('u2'));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      const comment = (id: string, userId: string, createdAt: string) => ({ id, projectId: 'p1', documentId: 'd1', locusId: 'L1', userId, body: `comment ${id}`, createdAt });
      await store.createLocusComment(comment('c2', 'u2', '2026-01-01T00:00:02.000Z'));
      await store.createLocusComment(comment('c1', 'u1', '2026-01-01T00:00:01.000Z'));
      expect(await store.listLocusComments('p1', 'd1')).toEqual([comment('c1', 'u1', '2026-01-01T00:00:01.000Z'), comment('c2', 'u2', '2026-01-01T00:00:02.000Z')]);
      await store.deleteUser('u2');
      expect((await store.listLocusComments('p1', 'd1')).map((c) => c.id)).toEqual(['c1']);
      await store.deleteDocument('p1', 'd1');
      expect(await store.listLocusComments('p1', 'd1')).toEqual([]);
    });

    it('keeps rounds and their submissions: the document’s round is the latest started one, a resubmission supersedes', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createUser(user('u2'));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      await store.createDocument({ id: 'd2', projectId: 'p1', name: 'P02', length: 10 });
      const round = (id: string, createdAt: string, documentIds: string[]) => ({
        id, projectId: 'p1', name: `Round ${id}`, documentIds, phase: 'setup' as const, allowPostHocEdits: false, createdAt, createdBy: 'u1', phaseChangedAt: null, revealedAt: null,
      });
      await store.createRound(round('r1', '2026-01-01T00:00:00.000Z', ['d1']));
      await store.createRound(round('r2', '2026-01-02T00:00:00.000Z', ['d1', 'd2']));
      await expect(store.createRound(round('r1', '2026-01-03T00:00:00.000Z', []))).rejects.toMatchObject({ reason: 'conflict' });
      // Rounds in setup have not started: they govern nothing.
      expect(await store.findDocumentRound('p1', 'd1')).toBeNull();
      expect(await store.updateRound('p1', 'r1', { phase: 'blind', phaseChangedAt: '2026-01-03T00:00:00.000Z' })).toMatchObject({ phase: 'blind', phaseChangedAt: '2026-01-03T00:00:00.000Z' });
      expect((await store.findDocumentRound('p1', 'd1'))?.id).toBe('r1');
      await store.updateRound('p1', 'r2', { phase: 'compare', name: 'Main', documentIds: ['d1', 'd2'], allowPostHocEdits: true, revealedAt: '2026-01-03T00:00:01.000Z' });
      expect(await store.findDocumentRound('p1', 'd1')).toMatchObject({ id: 'r2', name: 'Main', allowPostHocEdits: true, documentIds: ['d1', 'd2'], revealedAt: '2026-01-03T00:00:01.000Z' });
      expect(await store.updateRound('p1', 'nope', { name: 'x' })).toBeNull();

      const submission = (id: string, userId: string, submittedAt: string) => ({ id, projectId: 'p1', roundId: 'r2', documentId: 'd1', userId, submittedAt, reopenedAt: null, reopenedBy: null });
      await store.createSubmission(submission('s1', 'u1', '2026-01-04T00:00:00.000Z'), new Uint8Array([1, 2, 3]));
      await store.createSubmission(submission('s2', 'u2', '2026-01-04T00:00:01.000Z'), new Uint8Array([4]));
      expect(await store.submissionSnapshot('p1', 's1')).toEqual(new Uint8Array([1, 2, 3]));
      expect(await store.submissionSnapshot('p1', 'nope')).toBeNull();
      expect(await store.reopenSubmission('p1', 'r2', 'd1', 'u1', 'u1', '2026-01-05T00:00:00.000Z')).toMatchObject({ id: 's1', reopenedAt: '2026-01-05T00:00:00.000Z', reopenedBy: 'u1' });
      expect(await store.reopenSubmission('p1', 'r2', 'd1', 'u1', 'u1', '2026-01-05T00:00:01.000Z')).toBeNull();
      expect((await store.listSubmissions('p1', 'r2', { current: true })).map((s) => s.id)).toEqual(['s2']);
      await store.createSubmission(submission('s3', 'u1', '2026-01-06T00:00:00.000Z'), new Uint8Array([5]));
      await store.createSubmission(submission('s4', 'u1', '2026-01-06T00:00:01.000Z'), new Uint8Array([6]));
      expect((await store.listSubmissions('p1', 'r2', { documentId: 'd1', current: true })).map((s) => s.id)).toEqual(['s2', 's4']);
      expect((await store.listSubmissions('p1', 'r2')).map((s) => [s.id, s.reopenedAt !== null])).toEqual([['s1', true], ['s2', false], ['s3', true], ['s4', false]]);
      expect(await store.listSubmissions('p1', 'r2', { documentId: 'd2' })).toEqual([]);

      // A deleted document takes its submissions; a deleted account its own; a deleted round all of its.
      await store.deleteDocument('p1', 'd2');
      await store.deleteUser('u2');
      expect((await store.listSubmissions('p1', 'r2')).map((s) => s.id)).toEqual(['s1', 's3', 's4']);
      expect(await store.deleteRound('p1', 'r2')).toBe(true);
      expect(await store.deleteRound('p1', 'r2')).toBe(false);
      expect(await store.submissionSnapshot('p1', 's4')).toBeNull();
      expect((await store.listRounds('p1')).map((r) => r.id)).toEqual(['r1']);
      await store.deleteProject('p1');
      expect(await store.listRounds('p1')).toEqual([]);
    });

    // document assignments
    it('keeps each document’s assignees sorted, replaced as a whole, and lists only documents that have any', async () => {
      const store = await open();
      for (const id of ['owner', 'c2', 'c1', 'v1', 'stranger']) await store.createUser(user(id));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'owner' });
      await store.createProject({ id: 'p2', name: 'Other', ownerId: 'owner' });
      await store.putMember('p1', 'c1', 'coder');
      await store.putMember('p1', 'c2', 'coder');
      await store.putMember('p1', 'v1', 'viewer');
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      await store.createDocument({ id: 'd2', projectId: 'p1', name: 'P02', length: 10 });
      await store.createDocument({ id: 'd1', projectId: 'p2', name: 'P01 elsewhere', length: 10 });
      expect(await store.listAssignments('p1')).toEqual({});

      expect(await store.setAssignments('p1', 'd1', ['c2', 'owner', 'c1', 'c2'], 'owner')).toEqual({ added: 3, removed: 0 });
      expect(await store.listAssignments('p1')).toEqual({ d1: ['c1', 'c2', 'owner'] });
      expect(await store.setAssignments('p1', 'd1', ['c1'], 'owner')).toEqual({ added: 0, removed: 2 });
      expect(await store.listAssignments('p1')).toEqual({ d1: ['c1'] });
      expect(await store.listAssignments('p2')).toEqual({});
      // No such document: nothing written; a viewer or a stranger: a conflict, nothing written.
      expect(await store.setAssignments('p1', 'd9', ['c1'], 'owner')).toBeNull();
      await expect(store.setAssignments('p1', 'd1', ['c2', 'v1'], 'owner')).rejects.toMatchObject({ reason: 'conflict' });
      await expect(store.setAssignments('p1', 'd1', ['stranger'], 'owner')).rejects.toMatchObject({ reason: 'conflict' });
      expect(await store.listAssignments('p1')).toEqual({ d1: ['c1'] });
      expect(await store.setAssignments('p1', 'd1', [], 'owner')).toEqual({ added: 0, removed: 1 });
      expect(await store.listAssignments('p1')).toEqual({});
    });

    it('adds, removes and replaces assignees of many documents in one transaction, or changes nothing', async () => {
      const store = await open();
      for (const id of ['owner', 'c1', 'c2', 'c3']) await store.createUser(user(id));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'owner' });
      for (const id of ['c1', 'c2', 'c3']) await store.putMember('p1', id, 'coder');
      for (const id of ['d1', 'd2', 'd3']) await store.createDocument({ id, projectId: 'p1', name: id, length: 10 });

      expect(await store.assignDocuments('p1', ['d1', 'd2'], ['c1', 'c2'], 'add', 'owner')).toEqual({ added: 4, removed: 0 });
      expect(await store.assignDocuments('p1', ['d2', 'd3'], ['c2', 'c3'], 'add', 'owner')).toEqual({ added: 3, removed: 0 });
      expect(await store.listAssignments('p1')).toEqual({ d1: ['c1', 'c2'], d2: ['c1', 'c2', 'c3'], d3: ['c2', 'c3'] });
      expect(await store.assignDocuments('p1', ['d1', 'd2'], ['c2'], 'remove', 'owner')).toEqual({ added: 0, removed: 2 });
      expect(await store.listAssignments('p1')).toEqual({ d1: ['c1'], d2: ['c1', 'c3'], d3: ['c2', 'c3'] });
      expect(await store.assignDocuments('p1', ['d2', 'd3'], ['c1', 'c2'], 'replace', 'owner')).toEqual({ added: 2, removed: 2 });
      expect(await store.listAssignments('p1')).toEqual({ d1: ['c1'], d2: ['c1', 'c2'], d3: ['c1', 'c2'] });
      // One missing document or one user who may not code: nothing at all changes.
      await expect(store.assignDocuments('p1', ['d1', 'd9'], ['c3'], 'add', 'owner')).rejects.toMatchObject({ reason: 'conflict' });
      await expect(store.assignDocuments('p1', ['d1'], ['c3', 'nobody'], 'replace', 'owner')).rejects.toMatchObject({ reason: 'conflict' });
      expect(await store.listAssignments('p1')).toEqual({ d1: ['c1'], d2: ['c1', 'c2'], d3: ['c1', 'c2'] });
    });

    it('drops assignments with their document, their member (removed, made a viewer, deleted) and their project', async () => {
      const store = await open();
      for (const id of ['owner', 'c1', 'c2', 'c3']) await store.createUser(user(id));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'owner' });
      for (const id of ['c1', 'c2', 'c3']) await store.putMember('p1', id, 'coder');
      for (const id of ['d1', 'd2']) await store.createDocument({ id, projectId: 'p1', name: id, length: 10 });
      await store.assignDocuments('p1', ['d1', 'd2'], ['c1', 'c2', 'c3', 'owner'], 'add', 'owner');

      await store.deleteDocument('p1', 'd1');
      expect(await store.listAssignments('p1')).toEqual({ d2: ['c1', 'c2', 'c3', 'owner'] });
      await store.removeMember('p1', 'c1');
      await store.putMember('p1', 'c2', 'viewer');
      await store.deleteUser('c3');
      // Only the owner is still assigned.
      expect(await store.listAssignments('p1')).toEqual({ d2: ['owner'] });
      // Back as members, they start unassigned.
      await store.putMember('p1', 'c1', 'coder');
      await store.putMember('p1', 'c2', 'coder');
      expect(await store.listAssignments('p1')).toEqual({ d2: ['owner'] });
      await store.deleteProject('p1');
      expect(await store.listAssignments('p1')).toEqual({});
    });

    it('keeps document and project memos, newest first; changes and deletes them only when they exist', async () => {
      const store = await open();
      for (const id of ['owner', 'c1']) await store.createUser(user(id));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'owner' });
      await store.createProject({ id: 'p2', name: 'Q', ownerId: 'owner' });
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'd1', length: 10 });
      const note = (type: string, userId: string) => ({ room: `memo:p1:${userId}`, event: { userId, layer: userId, type, documentId: null, codingId: null, codeId: null, before: null, after: null } });
      const memo = (id: string, documentId: string | null, at: string, authorId = 'c1') => ({ id, projectId: 'p1', documentId, authorId, title: `Title ${id}`, text: `Text ${id}`, createdAt: at, updatedAt: at });
      await store.createMemo(memo('m1', null, '2026-01-01T00:00:00.000Z'), note('memo.added', 'c1'));
      await store.createMemo(memo('m2', 'd1', '2026-01-02T00:00:00.000Z', 'owner'), note('memo.added', 'owner'));
      expect((await store.listMemos('p1')).map((m) => m.id)).toEqual(['m2', 'm1']);
      expect(await store.listMemos('p2')).toEqual([]);
      expect(await store.findMemo('p1', 'm2')).toEqual(memo('m2', 'd1', '2026-01-02T00:00:00.000Z', 'owner'));
      expect(await store.findMemo('p2', 'm2')).toBeNull();

      const changed = await store.updateMemo('p1', 'm1', { text: 'New text', updatedAt: '2026-01-03T00:00:00.000Z' }, note('memo.changed', 'c1'));
      expect(changed).toEqual({ ...memo('m1', null, '2026-01-01T00:00:00.000Z'), text: 'New text', updatedAt: '2026-01-03T00:00:00.000Z' });
      expect((await store.updateMemo('p1', 'm1', { title: 'New title', updatedAt: '2026-01-04T00:00:00.000Z' }, note('memo.changed', 'c1')))?.title).toBe('New title');
      expect(await store.updateMemo('p2', 'm1', { title: 'x', updatedAt: '2026-01-05T00:00:00.000Z' }, note('memo.changed', 'c1'))).toBeNull();
      expect(await store.deleteMemo('p1', 'm1', note('memo.removed', 'c1'))).toBe(true);
      expect(await store.deleteMemo('p1', 'm1', note('memo.removed', 'c1'))).toBe(false);
      expect((await store.listMemos('p1')).map((m) => m.id)).toEqual(['m2']);
      // A memo about a document the project lacks, or by nobody: a conflict, nothing written.
      await expect(store.createMemo(memo('m3', 'd9', '2026-01-06T00:00:00.000Z'), note('memo.added', 'c1'))).rejects.toMatchObject({ reason: 'conflict' });
      await expect(store.createMemo(memo('m4', null, '2026-01-06T00:00:00.000Z', 'nobody'), note('memo.added', 'nobody'))).rejects.toMatchObject({ reason: 'conflict' });
      expect((await store.listMemos('p1')).map((m) => m.id)).toEqual(['m2']);
    });

    it('drops memos with their document, their author and their project', async () => {
      const store = await open();
      for (const id of ['owner', 'c1']) await store.createUser(user(id));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'owner' });
      for (const id of ['d1', 'd2']) await store.createDocument({ id, projectId: 'p1', name: id, length: 10 });
      const note = (userId: string) => ({ room: `memo:p1:${userId}`, event: { userId, layer: userId, type: 'memo.added', documentId: null, codingId: null, codeId: null, before: null, after: null } });
      const memo = (id: string, documentId: string | null, authorId: string) => ({ id, projectId: 'p1', documentId, authorId, title: id, text: id, createdAt: `2026-01-0${id.slice(1)}T00:00:00.000Z`, updatedAt: '2026-01-01T00:00:00.000Z' });
      await store.createMemo(memo('m1', 'd1', 'owner'), note('owner'));
      await store.createMemo(memo('m2', 'd2', 'owner'), note('owner'));
      await store.createMemo(memo('m3', null, 'owner'), note('owner'));
      await store.createMemo(memo('m4', null, 'c1'), note('c1'));
      await store.createMemo(memo('m5', 'd2', 'c1'), note('c1'));

      await store.deleteDocument('p1', 'd1');
      expect((await store.listMemos('p1')).map((m) => m.id)).toEqual(['m5', 'm4', 'm3', 'm2']);
      await store.deleteUser('c1');
      expect((await store.listMemos('p1')).map((m) => m.id)).toEqual(['m3', 'm2']);
      await store.deleteProject('p1');
      expect(await store.listMemos('p1')).toEqual([]);
    });

    it('makes the first signed-up account the administrator, and with onlyIfFirst creates no other', async () => {
      const store = await open();
      const signup = (id: string, email = `${id}@example.org`) => ({ id, email, name: id, passwordHash: 'h' });
      expect(await store.createUserAdminIfFirst(signup('first'), { onlyIfFirst: true })).toMatchObject({ id: 'first', isAdmin: true });
      expect(await store.createUserAdminIfFirst(signup('late'), { onlyIfFirst: true })).toBeNull();
      expect(await store.findUserById('late')).toBeNull();
      expect(await store.createUserAdminIfFirst(signup('second'), { onlyIfFirst: false })).toMatchObject({ id: 'second', isAdmin: false });
      expect((await store.findUserById('second'))?.isAdmin).toBe(false);
      await expect(store.createUserAdminIfFirst(signup('again', 'FIRST@example.org'), { onlyIfFirst: false })).rejects.toMatchObject({ reason: 'conflict' });
      expect(await store.countUsers()).toBe(2);
      expect((await store.findFirstAdmin())?.id).toBe('first');
    });

    it('changes a password hash, and ends one session or every session of an account but the one kept', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createUser(user('u2'));
      await store.setPasswordHash('u1', 'new-hash');
      expect((await store.findUserById('u1'))?.passwordHash).toBe('new-hash');
      expect((await store.findUserById('u2'))?.passwordHash).toBe('h');
      const session = (id: string, userId: string) => ({ id, tokenHash: `hash-${id}`, userId, csrfToken: 'c', expiresAt: '2999-01-01T00:00:00.000Z' });
      for (const [id, userId] of [['s1', 'u1'], ['s2', 'u1'], ['s3', 'u1'], ['s4', 'u2']] as const) await store.createSession(session(id, userId));
      await store.deleteSession('s1');
      await store.deleteSession('s1');
      expect(await store.findSession('hash-s1')).toBeNull();
      expect(await store.deleteSessionsOfUser('u1', 's3')).toEqual(['s2']);
      expect(await store.findSession('hash-s3')).toMatchObject({ id: 's3' });
      expect(await store.findSession('hash-s4')).toMatchObject({ id: 's4' });
      expect(await store.deleteSessionsOfUser('u1')).toEqual(['s3']);
      expect(await store.deleteSessionsOfUser('u1')).toEqual([]);
    });

    it('changes every setting of a project and lists all projects for the administrator', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'Study', ownerId: 'u1' });
      await store.createProject({ id: 'p2', name: 'Automation', ownerId: null });
      expect(await store.findProject('p2')).toMatchObject({ name: 'Automation', archived: false, codingMode: 'open', codersEditCodebook: true, agreementVisibleInBlind: false, attributeFields: [] });
      expect(await store.listMembers('p2')).toEqual([]);
      const changed = await store.updateProject('p1', { name: 'Renamed', codersEditCodebook: false, agreementVisibleInBlind: true });
      expect(changed).toMatchObject({ id: 'p1', name: 'Renamed', codersEditCodebook: false, agreementVisibleInBlind: true, archived: false, codingMode: 'open' });
      expect(await store.findProject('p1')).toEqual(changed);
      expect(await store.updateProject('nope', { name: 'x' })).toBeNull();
      const all = await store.listAllProjects();
      expect(all.map((p) => [p.id, p.role, p.memberCount, p.documentCount]).sort()).toEqual([['p1', null, 1, 0], ['p2', null, 0, 0]]);
    });

    it('changes roles and removes members but never the last owner, and never adds a member while changing a role', async () => {
      const store = await open();
      for (const id of ['o1', 'o2', 'c1']) await store.createUser(user(id));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'o1' });
      await store.putMember('p1', 'c1', 'coder');
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'd1', length: 1 });
      await store.setAssignments('p1', 'd1', ['c1'], 'o1');
      expect(await store.changeMemberRole('p1', 'o1', 'coder')).toBe('lastOwner');
      expect(await store.removeMemberUnlessLastOwner('p1', 'o1')).toBe('lastOwner');
      expect(await store.changeMemberRole('p1', 'o1', 'owner')).toBe('changed');
      expect(await store.changeMemberRole('p1', 'c1', 'owner')).toBe('changed');
      expect(await store.changeMemberRole('p1', 'o1', 'viewer')).toBe('changed');
      expect(await store.removeMemberUnlessLastOwner('p1', 'c1')).toBe('lastOwner');
      expect(await store.changeMemberRole('p1', 'c1', 'viewer')).toBe('lastOwner');
      await store.putMember('p1', 'o2', 'owner');
      // Made a viewer, a member loses their assignments (as with putMember).
      expect(await store.changeMemberRole('p1', 'c1', 'viewer')).toBe('changed');
      expect(await store.listAssignments('p1')).toEqual({});
      expect(await store.removeMemberUnlessLastOwner('p1', 'o1')).toBe('changed');
      expect(await store.removeMemberUnlessLastOwner('p1', 'o1')).toBe('notMember');
      expect(await store.changeMemberRole('p1', 'o1', 'coder')).toBe('notMember');
      expect(await store.findMember('p1', 'o1')).toBeNull();
      expect(await store.changeMemberRole('nope', 'o2', 'coder')).toBe('notMember');
      expect((await store.listMembers('p1')).map((m) => [m.userId, m.role]).sort()).toEqual([['c1', 'viewer'], ['o2', 'owner']]);
    });

    it('refuses to delete the only owner of a project that has other members, and deletes the only member of one', async () => {
      const store = await open();
      for (const id of ['solo', 'o1', 'c1']) await store.createUser(user(id));
      await store.createProject({ id: 'alone', name: 'Alone', ownerId: 'solo' });
      await store.createProject({ id: 'team', name: 'Team', ownerId: 'o1' });
      await store.putMember('team', 'c1', 'coder');
      await store.putMember('team', 'solo', 'coder');
      await expect(store.deleteUser('o1')).rejects.toMatchObject({ reason: 'conflict' });
      expect(await store.findUserById('o1')).not.toBeNull();
      expect((await store.findMember('team', 'o1'))?.role).toBe('owner');
      // A coder of a project, and the only member and owner of another: nothing stands in the way.
      expect(await store.deleteUser('solo')).toMatchObject({ projectIds: ['alone', 'team'] });
      await store.putMember('team', 'c1', 'owner');
      expect(await store.deleteUser('o1')).toMatchObject({ projectIds: ['team'] });
      expect((await store.listMembers('team')).map((m) => [m.userId, m.role])).toEqual([['c1', 'owner']]);
    });

    it('keeps document names unique in a project whatever their case or Unicode form, and merges attribute changes', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await store.createProject({ id: 'p2', name: 'Q', ownerId: 'u1' });
      // Imports may create two documents of one name; keeping its own name is never a conflict.
      for (const [id, name] of [['d1', 'P01'], ['d2', 'P02'], ['d3', 'P02'], ['d4', 'Caf\u00e9']] as const) await store.createDocument({ id, projectId: 'p1', name, length: 1 });
      await store.createDocument({ id: 'd9', projectId: 'p2', name: 'Elsewhere', length: 1 });
      expect((await store.updateDocument('p1', 'd2', { name: 'P02', attributes: { years: 3 } }))?.attributes).toEqual({ years: 3 });
      await expect(store.updateDocument('p1', 'd1', { name: 'p02', attributes: { years: 1 } })).rejects.toMatchObject({ reason: 'conflict' });
      await expect(store.updateDocument('p1', 'd1', { name: 'CAFE\u0301' })).rejects.toMatchObject({ reason: 'conflict' });
      expect(await store.findDocument('p1', 'd1')).toMatchObject({ name: 'P01', attributes: {} });
      expect((await store.updateDocument('p1', 'd1', { name: 'elsewhere' }))?.name).toBe('elsewhere');
      expect((await store.updateDocument('p1', 'd1', { name: 'P01' }))?.name).toBe('P01');
      expect(await store.updateDocument('p1', 'nope', { name: 'x' })).toBeNull();
      await store.updateDocument('p1', 'd2', { attributes: { role: 'coach' } });
      expect((await store.updateDocument('p1', 'd2', { attributes: { years: null, site: 'A' } }))?.attributes).toEqual({ role: 'coach', site: 'A' });
    });

    it('imports attributes only against the fields it was planned for', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await store.createDocument({ id: 'd1', projectId: 'p1', name: 'P01', length: 10 });
      const years = { key: 'years', label: 'Years', type: 'number' as const };
      const role = { key: 'role', label: 'Role', type: 'text' as const };
      await store.setAttributeFields('p1', [years]);
      await expect(store.importAttributes('p1', [years, role], [{ documentId: 'd1', attributes: { role: 'coach' } }], { ifFieldsAre: [] })).rejects.toMatchObject({ reason: 'conflict' });
      expect(await store.findDocument('p1', 'd1')).toMatchObject({ attributes: {} });
      expect((await store.findProject('p1'))?.attributeFields).toEqual([years]);
      // The same fields, their keys in another order, are the same fields.
      await store.importAttributes('p1', [years, role], [{ documentId: 'd1', attributes: { role: 'coach' } }], { ifFieldsAre: [{ type: 'number', label: 'Years', key: 'years' }] });
      expect((await store.findProject('p1'))?.attributeFields).toEqual([years, role]);
      expect(await store.findDocument('p1', 'd1')).toMatchObject({ attributes: { role: 'coach' } });
    });

    it('moves a round on only from the phase the caller saw', async () => {
      const store = await open();
      await store.createUser(user('u1'));
      await store.createProject({ id: 'p1', name: 'P', ownerId: 'u1' });
      await store.createRound({ id: 'r1', projectId: 'p1', name: 'R', documentIds: [], phase: 'setup', allowPostHocEdits: false, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'u1', phaseChangedAt: null, revealedAt: null });
      expect(await store.updateRound('p1', 'r1', { phase: 'blind', phaseChangedAt: '2026-01-02T00:00:00.000Z' }, { ifPhase: 'setup' })).toMatchObject({ phase: 'blind' });
      await expect(store.updateRound('p1', 'r1', { phase: 'blind', name: 'Again' }, { ifPhase: 'setup' })).rejects.toMatchObject({ reason: 'conflict' });
      expect(await store.listRounds('p1')).toMatchObject([{ name: 'R', phase: 'blind', phaseChangedAt: '2026-01-02T00:00:00.000Z' }]);
      expect(await store.updateRound('p1', 'nope', { name: 'x' }, { ifPhase: 'setup' })).toBeNull();
      expect(await store.updateRound('p1', 'r1', {}, { ifPhase: 'blind' })).toMatchObject({ phase: 'blind' });
    });

    it('remembers which one-time migrations have run', async () => {
      const store = await open();
      expect(await store.hasMigrated('m')).toBe(false);
      await store.recordMigration('m');
      await store.recordMigration('m');
      expect(await store.hasMigrated('m')).toBe(true);
    });

    it('answers ping while open and rejects every call with a StoreError once closed', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.countUsers()).rejects.toBeInstanceOf(StoreError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreError);
    });
  });
}
