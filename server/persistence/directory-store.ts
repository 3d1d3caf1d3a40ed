import type { CodingMode, Role } from '../../shared/api/index.ts';
import type { AttributeField, AttributeValues } from '../../shared/model/attributes.ts';

/**
 * Accounts, sessions, API tokens, projects, members, invites and documents: everything relational.
 * SQLite now, PostgreSQL later; both must pass `directory-store-contract.ts`.
 * Secrets (session ids, API tokens, invite codes) are stored only as SHA-256 hashes.
 */
export interface DirectoryStore {
  // accounts
  createUser(input: NewUser): Promise<UserRecord>;
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
  deleteSessionsOfUser(userId: string, exceptSessionId?: string): Promise<string[]>;

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
  /** Inserts or changes a membership. */
  putMember(projectId: string, userId: string, role: Role): Promise<void>;
  removeMember(projectId: string, userId: string): Promise<boolean>;

  // invites
  createInvite(input: { codeHash: string; projectId: string; role: Role; maxUses: number; expiresAt: string; createdBy: string }): Promise<void>;
  findInvite(codeHash: string): Promise<InviteRecord | null>;
  /** Counts one use if the invite still has one left; false when used up. Atomic. */
  useInvite(codeHash: string): Promise<boolean>;
  /** Open invites of a project (not expired, uses left), newest first. */
  listInvites(projectId: string, now: string): Promise<(InviteRecord & { readonly id: string; readonly createdAt: string })[]>;
  deleteInvite(projectId: string, id: string): Promise<boolean>;

  // documents
  createDocument(input: { id: string; projectId: string; name: string; length: number }): Promise<DocumentRecord>;
  findDocument(projectId: string, id: string): Promise<DocumentRecord | null>;
  updateDocument(projectId: string, id: string, changes: { name?: string; attributes?: AttributeValues }): Promise<DocumentRecord | null>;
  setAttributeFields(projectId: string, fields: readonly AttributeField[]): Promise<void>;
  listDocuments(projectId: string): Promise<DocumentRecord[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
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
