import type { AssignmentMode, CodingMode, Role } from '../../shared/api/index.ts';
import type { AttributeField, AttributeValues } from '../../shared/model/attributes.ts';
import type { Code } from '../../shared/model/codebook.ts';
import type { RoundPhase } from '../../shared/model/round.ts';
import type { HistoryEventInput } from './history.ts';
import type { AccountAdminStore } from './account-admin-store.ts';
import type { DocumentSetStore } from './document-set-store.ts';

/**
 * Accounts, sessions, API tokens, projects, members, invites and documents: everything relational.
 * SQLite now, PostgreSQL later; both must pass `directory-store-contract.ts`.
 * Secrets (session ids, API tokens, invite codes) are stored only as SHA-256 hashes.
 */
export interface DirectoryStore extends AccountAdminStore, DocumentSetStore {
  // accounts
  createUser(input: NewUser): Promise<UserRecord>;
  /**
   * Creates a signed-up account that administers the server exactly when no account exists yet,
   * decided in the same transaction as the insert: of two sign-ups racing on an empty server, one
   * is the administrator. With `onlyIfFirst` (sign-up is closed, or needs an invite, except for
   * the first account) it returns null, writing nothing, when an account already exists. Rejects
   * with a `conflict` StoreError when the email is taken (whatever its case).
   */
  createUserAdminIfFirst(input: Omit<NewUser, 'isAdmin'>, options: { readonly onlyIfFirst: boolean }): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  countUsers(): Promise<number>;
  /** The earliest administrator account, if any. */
  findFirstAdmin(): Promise<UserRecord | null>;

  // browser sessions
  createSession(input: { id: string; tokenHash: string; userId: string; csrfToken: string; expiresAt: string }): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(id: string): Promise<void>;
  /**
   * Deletes the account's sessions (all but one, when given) and says which, atomically: a session
   * created meanwhile is either listed here or still there afterwards, never deleted unreported.
   */
  deleteSessionsOfUser(userId: string, exceptSessionId?: string): Promise<string[]>;
  /** Which of `ids` are sessions that exist and have not expired at `now` (ISO time): re-checking open sockets after missed events. */
  liveSessionIds(ids: readonly string[], now: string): Promise<Set<string>>;

  // API tokens
  createApiToken(input: { id: string; userId: string; name: string; tokenHash: string }): Promise<ApiTokenRecord>;
  findApiToken(tokenHash: string): Promise<ApiTokenRecord | null>;
  listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
  touchApiToken(id: string, at: string): Promise<void>;
  deleteApiToken(userId: string, id: string): Promise<boolean>;

  // login throttling: failures per key within a window
  recordLoginFailure(key: string, at: string): Promise<void>;
  countLoginFailures(key: string, since: string): Promise<number>;
  clearLoginFailures(key: string): Promise<void>;

  // projects and members
  /** `ownerId` null: a project made by the admin token for automation, with no human member yet. */
  createProject(input: { id: string; name: string; ownerId: string | null }): Promise<ProjectRecord>;
  findProject(id: string): Promise<ProjectRecord | null>;
  updateProject(id: string, changes: Partial<Pick<ProjectRecord, 'name' | 'archived' | 'codingMode' | 'codersEditCodebook' | 'agreementVisibleInBlind'>>): Promise<ProjectRecord | null>;
  deleteProject(id: string): Promise<void>;
  listProjectsOfUser(userId: string): Promise<ProjectSummary[]>;
  listAllProjects(): Promise<ProjectSummary[]>;
  findMember(projectId: string, userId: string): Promise<MemberRecord | null>;
  listMembers(projectId: string): Promise<MemberRecord[]>;
  /** Inserts or changes a membership, unconditionally (imports, the demo); people's changes go through the two below. */
  putMember(projectId: string, userId: string, role: Role): Promise<void>;
  removeMember(projectId: string, userId: string): Promise<boolean>;
  /**
   * Changes an existing member's role, unless it would leave the project without an owner: the
   * check and the write are one transaction, so two owners demoting each other at once leave one
   * owner. Never adds a member (`notMember` when they left meanwhile).
   */
  changeMemberRole(projectId: string, userId: string, role: Role): Promise<MemberChange>;
  /** Removes a member unless they are the project's last owner, in one transaction (as `changeMemberRole`). */
  removeMemberUnlessLastOwner(projectId: string, userId: string): Promise<MemberChange>;

  // invites
  createInvite(input: { codeHash: string; projectId: string; role: Role; maxUses: number; expiresAt: string; createdBy: string }): Promise<void>;
  findInvite(codeHash: string): Promise<InviteRecord | null>;
  /**
   * Joins `userId` to the invite's project with the invite's role, spending one use, in one
   * transaction — unless the invite is unknown, expired at `at`, or used up. A member whose role is
   * already at least the invite's keeps it and spends nothing (joining never lowers a role). Of
   * two people racing for an invite's last use, one joins.
   */
  acceptInvite(codeHash: string, userId: string, at: string): Promise<InviteAcceptance>;
  /** Open invites of a project (not expired, uses left), newest first. */
  listInvites(projectId: string, now: string): Promise<(InviteRecord & { readonly id: string; readonly createdAt: string })[]>;
  deleteInvite(projectId: string, id: string): Promise<boolean>;

  // participant attributes: an imported table, in one transaction
  /**
   * Sets a project's attribute fields and merges each update into its document's attributes (a
   * null value clears one, as in `updateDocument`), all in one transaction: when the project or any
   * document is missing nothing is written and it rejects with a `conflict` StoreError. With
   * `ifFieldsAre` (the fields the import was planned against) it also rejects so, writing nothing,
   * when the project's fields are no longer those (compared as JSON, whatever the key order).
   */
  importAttributes(projectId: string, fields: readonly AttributeField[], updates: readonly AttributeUpdate[], options?: { readonly ifFieldsAre?: readonly AttributeField[] }): Promise<void>;

  // documents
  createDocument(input: { id: string; projectId: string; name: string; length: number }): Promise<DocumentRecord>;
  findDocument(projectId: string, id: string): Promise<DocumentRecord | null>;
  /**
   * Changes a document, in one transaction; null when the project has no such document. A new
   * `name` is refused with a `conflict` StoreError, writing nothing, when another document of the
   * project has it whatever its case or Unicode form (`isSameName`); keeping its own name never is.
   * `attributes` are merged into the stored ones (a null value clears one), so two concurrent
   * changes of different attributes both stay. `length` is the server's own: what its transcript
   * measures after a correction (never a client's word).
   */
  updateDocument(projectId: string, id: string, changes: { name?: string; attributes?: AttributeValues; length?: number }): Promise<DocumentRecord | null>;
  setAttributeFields(projectId: string, fields: readonly AttributeField[]): Promise<void>;
  listDocuments(projectId: string): Promise<DocumentRecord[]>;

  // document assignments: which members code which documents (agreement, progress and pathways compare them)
  /**
   * Each document's assigned members: documentId → userIds sorted, only documents that have any,
   * and only members who are still coders or owners. Rows go with their document, their project
   * and their membership (removed, or made a viewer).
   */
  listAssignments(projectId: string): Promise<Record<string, string[]>>;
  /**
   * Makes `userIds` exactly the document's assignees (none: unassigned), in one transaction; null
   * when the project has no such document. Rejects with a `conflict` StoreError, writing nothing,
   * when a user is not a coder or owner of the project.
   */
  setAssignments(projectId: string, documentId: string, userIds: readonly string[], by: string): Promise<AssignmentChange | null>;
  /**
   * Adds `userIds` to, removes them from, or makes them exactly the assignees of every document
   * in `documentIds`, in one transaction. Rejects with a `conflict` StoreError, writing nothing,
   * when a document is missing or a user is not a coder or owner of the project.
   */
  assignDocuments(projectId: string, documentIds: readonly string[], userIds: readonly string[], mode: AssignmentMode, by: string): Promise<AssignmentChange>;

  // deleting documents and accounts (their rooms are the caller's to delete from the DocumentStore)
  /** Removes one document's row; false when the project has no such document. */
  deleteDocument(projectId: string, id: string): Promise<boolean>;
  /**
   * Removes an account with its sessions, API tokens, memberships and sign-in failures, in one
   * transaction; null when there is no such account. Rejects with a `conflict` StoreError,
   * deleting nothing, while the account is the only owner of a project that has other members
   * (checked in the same transaction, so no one can leave such a project ownerless meanwhile). Says which sessions and tokens ended and which
   * projects lost a member, so open sockets can be re-checked. Projects and invites stay: invites
   * the account created belong to their project and remain valid.
   */
  deleteUser(userId: string): Promise<DeletedUser | null>;

  // code merges: records the server writes and acts on (undo), never kept where a client can write
  createCodeMerge(record: CodeMergeRecord): Promise<void>;
  findCodeMerge(projectId: string, mergeId: string): Promise<CodeMergeRecord | null>;
  /** Marks a merge undone unless it already is (atomic); false when it was, or does not exist. */
  markCodeMergeUndone(projectId: string, mergeId: string, by: string, at: string): Promise<boolean>;

  // reconciliation decisions: immutable records the server writes, one current per locus
  /**
   * Stores a decision, atomically with marking the one it supersedes. Rejects with a `conflict`
   * StoreError when its locus already has a current decision that it does not supersede.
   */
  createDecision(record: DecisionRecord): Promise<void>;
  /** A document's decisions, oldest first; only the current ones (not superseded) when asked. */
  listDecisions(projectId: string, documentId: string, options?: { current?: boolean }): Promise<DecisionRecord[]>;
  /** Undoes `createDecision` when writing its consensus failed: removes it, un-supersedes the old one. */
  removeDecision(projectId: string, id: string): Promise<void>;

  // discussion of disagreements: one thread per locus, comments never edited
  createLocusComment(record: LocusCommentRecord): Promise<void>;
  /** A document's comments, oldest first. */
  listLocusComments(projectId: string, documentId: string): Promise<LocusCommentRecord[]>;

  // coding rounds (spec §3.2): records only the server writes; the phase rules are in shared/model/round.ts
  createRound(record: RoundRecord): Promise<void>;
  /**
   * Changes a round's fields; null when there is no such round. With `ifPhase` it changes nothing
   * and rejects with a `conflict` StoreError unless the round is still in that phase (checked in
   * the same transaction), so a phase moves on once however many requests ask at the same time.
   */
  updateRound(projectId: string, id: string, changes: Partial<Pick<RoundRecord, 'name' | 'documentIds' | 'allowPostHocEdits' | 'phase' | 'phaseChangedAt' | 'revealedAt'>>, options?: { readonly ifPhase?: RoundPhase }): Promise<RoundRecord | null>;
  /** Deletes a round and its submissions; false when there was none. */
  deleteRound(projectId: string, id: string): Promise<boolean>;
  /** A project's rounds, oldest first. */
  listRounds(projectId: string): Promise<RoundRecord[]>;
  /** The latest round past setup that includes the document, if any: the round whose phase governs its rooms. */
  findDocumentRound(projectId: string, documentId: string): Promise<RoundRecord | null>;
  /** Stores a submission with its snapshot, atomically re-opening (superseding) the coder's current one for the same document. */
  createSubmission(record: SubmissionRecord, snapshot: Uint8Array): Promise<void>;
  /** Submissions of a round, oldest first; only the current ones (not re-opened), for one document, when asked. */
  listSubmissions(projectId: string, roundId: string, options?: { documentId?: string; current?: boolean }): Promise<SubmissionRecord[]>;
  /** Marks a coder's current submission of a document re-opened; the record, or null when there was none to re-open. */
  reopenSubmission(projectId: string, roundId: string, documentId: string, userId: string, by: string, at: string): Promise<SubmissionRecord | null>;
  /** The layer state a submission froze (a Yjs update), or null. */
  submissionSnapshot(projectId: string, submissionId: string): Promise<Uint8Array | null>;

  // memos about a document or the project (a coding's memo lives in its layer). Each change is
  // stored together with its history event, in one transaction: `history` is appended to the
  // project's chain in the same database (server/persistence/sqlite-history.ts).
  /** Stores a new memo and its `memo.added` event. Rejects with a `conflict` StoreError, writing nothing, when its project, document or author is missing. */
  createMemo(record: MemoRecord, history: MemoHistory): Promise<void>;
  findMemo(projectId: string, id: string): Promise<MemoRecord | null>;
  /** A project's memos, newest first (by `createdAt`, then id). */
  listMemos(projectId: string): Promise<MemoRecord[]>;
  /** Changes a memo's title and/or text, with its event; null, writing nothing, when there is no such memo. */
  updateMemo(projectId: string, id: string, changes: { readonly title?: string; readonly text?: string; readonly updatedAt: string }, history: MemoHistory): Promise<MemoRecord | null>;
  /** Deletes a memo, with its event; false, writing nothing, when there was none. Memos also go with their document, project and author. */
  deleteMemo(projectId: string, id: string, history: MemoHistory): Promise<boolean>;

  // one-time data migrations, by name
  hasMigrated(name: string): Promise<boolean>;
  recordMigration(name: string): Promise<void>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A memo about one document (`documentId`) or the whole project (`documentId` null). */
export interface MemoRecord {
  readonly id: string;
  readonly projectId: string;
  readonly documentId: string | null;
  readonly authorId: string;
  readonly title: string;
  readonly text: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The history event a memo change is stored with, and the key (`room`) it is stored under: deleting that key's rooms redacts it. */
export interface MemoHistory {
  readonly room: string;
  readonly event: HistoryEventInput;
}

/** What `changeMemberRole` and `removeMemberUnlessLastOwner` did: `lastOwner` when they refused to leave the project without an owner. */
export type MemberChange = 'changed' | 'notMember' | 'lastOwner';

/** What `acceptInvite` did; only `joined` spent a use. */
export type InviteAcceptance =
  | { readonly outcome: 'joined' | 'alreadyMember'; readonly projectId: string; readonly role: Role }
  | { readonly outcome: 'unknown' | 'expired' | 'usedUp' };

/** (document, member) pairs an assignment change added and removed. */
export interface AssignmentChange {
  readonly added: number;
  readonly removed: number;
}

/** A comment in the discussion of one locus (spec §3.3: coders comment while reconciling). */
export interface LocusCommentRecord {
  readonly id: string;
  readonly projectId: string;
  readonly documentId: string;
  readonly locusId: string;
  readonly userId: string;
  readonly body: string;
  readonly createdAt: string;
}

/** A coding round over a set of documents (spec §3.2). Only ever moves forward through its phases. */
export interface RoundRecord {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly documentIds: readonly string[];
  readonly phase: RoundPhase;
  /** After the reveal, may coders still change their own layers? (Default no: they stay as submitted.) */
  readonly allowPostHocEdits: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  /** When it last moved to another phase; null while in setup. */
  readonly phaseChangedAt: string | null;
  /** When it moved to compare (its layers were revealed); a re-opening after this needed an owner. */
  readonly revealedAt: string | null;
}

/** A coder's submission of one document in a round: their layer frozen at `submittedAt` (the snapshot is stored beside it). */
export interface SubmissionRecord {
  readonly id: string;
  readonly projectId: string;
  readonly roundId: string;
  readonly documentId: string;
  readonly userId: string;
  readonly submittedAt: string;
  /** Set when the coder (before the reveal) or an owner (after) re-opened the document; a later submission replaces it. */
  readonly reopenedAt: string | null;
  readonly reopenedBy: string | null;
}

/** A reconciliation decision on one locus of one document (spec §3.3; SPEC RC9–RC10). */
export interface DecisionRecord {
  readonly id: string;
  readonly projectId: string;
  readonly documentId: string;
  readonly locusId: string;
  readonly action: 'accept' | 'acceptAll' | 'rejectAll' | 'edit' | 'recode' | 'defer' | 'auto';
  readonly chosenUserIds: readonly string[];
  /** What it wrote into the consensus layer; null when it left it alone (defer). */
  readonly result: readonly { readonly codeId: string; readonly start: number; readonly end: number; readonly sourceCodingIds: readonly string[] }[] | null;
  readonly consensusCodingIds: readonly string[];
  readonly rationale: string;
  readonly participants: readonly string[];
  readonly decidedBy: string;
  readonly decidedAt: string;
  /** For `auto` decisions: `{strategy, confidence, dissent}` (the pre-merge strategy, confidence, dissenting coders). */
  readonly strategy: unknown;
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
}

/**
 * A merge of one code into another, as the server did it: enough to undo it exactly. `recoded` names
 * rooms of other coders, so a record is shown to owners only.
 */
export interface CodeMergeRecord {
  readonly projectId: string;
  readonly mergeId: string;
  /** The merged code exactly as it was. */
  readonly from: Code;
  readonly into: string;
  /** `from`'s children and their `order` before they moved under `into`. */
  readonly children: readonly { readonly codeId: string; readonly order: number }[];
  readonly recoded: readonly { readonly room: string; readonly codingId: string }[];
  readonly by: string;
  readonly at: string;
  readonly undoneAt: string | null;
  readonly undoneBy: string | null;
  /** Kept, before this version, in the project room where coders could change it: never undone. */
  readonly legacy: boolean;
}

export interface DeletedUser {
  readonly sessionIds: readonly string[];
  readonly tokenIds: readonly string[];
  /** Projects the account was a member of. */
  readonly projectIds: readonly string[];
}

/** One document's imported attribute values (see `importAttributes`). */
export interface AttributeUpdate {
  readonly documentId: string;
  readonly attributes: AttributeValues;
}

export interface NewUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly isAdmin: boolean;
}
export interface UserRecord extends NewUser {
  readonly createdAt: string;
}
export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}
export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}
export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly archived: boolean;
  readonly codingMode: CodingMode;
  readonly codersEditCodebook: boolean;
  /** In blind mode, may coders and viewers see agreement statistics? (Owners always can.) */
  readonly agreementVisibleInBlind: boolean;
  /** Participant attribute fields of the project's documents. */
  readonly attributeFields: readonly AttributeField[];
  readonly createdAt: string;
  readonly updatedAt: string;
}
export interface ProjectSummary extends ProjectRecord {
  /** The listing user's role; null in `listAllProjects`. */
  readonly role: Role | null;
  readonly memberCount: number;
  readonly documentCount: number;
}
export interface MemberRecord {
  readonly projectId: string;
  readonly userId: string;
  readonly role: Role;
  readonly joinedAt: string;
  readonly name: string;
  readonly email: string;
}
export interface InviteRecord {
  readonly projectId: string;
  readonly role: Role;
  readonly maxUses: number;
  readonly uses: number;
  readonly expiresAt: string;
}
export interface DocumentRecord {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly length: number;
  readonly attributes: AttributeValues;
  readonly createdAt: string;
}
