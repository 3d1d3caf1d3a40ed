import type { CodingMode, Role } from '../../shared/api/index.ts';
import type { AttributeField, AttributeValues } from '../../shared/model/attributes.ts';
import type { RoundPhase } from '../../shared/model/round.ts';
import type { ApiTokenRecord, DecisionRecord, DocumentRecord, InviteRecord, LocusCommentRecord, MemberRecord, MemoRecord, ProjectRecord, ProjectSummary, RoundRecord, SubmissionRecord, UserRecord } from './directory-store.ts';

/**
 * Directory rows as records, for both engines: one set of column names, two ways of handing over
 * values — SQLite's booleans are 0/1 and its JSON columns text; PostgreSQL's booleans are booleans
 * and its jsonb columns arrive parsed.
 */
export type Row = Record<string, unknown>;

const flag = (value: unknown): boolean => value === true || value === 1;
const json = <T>(value: unknown, empty: T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : ((value as T | null | undefined) ?? empty));

export const toUser = (r: Row): UserRecord => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  passwordHash: r.password_hash as string,
  isAdmin: flag(r.is_admin),
  createdAt: r.created_at as string,
});
export const toProject = (r: Row): ProjectRecord => ({
  id: r.id as string,
  name: r.name as string,
  archived: flag(r.archived),
  codingMode: r.coding_mode as CodingMode,
  codersEditCodebook: flag(r.coders_edit_codebook),
  agreementVisibleInBlind: flag(r.agreement_visible_in_blind),
  attributeFields: json<AttributeField[]>(r.attribute_fields, []),
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});
export const toSummary = (r: Row): ProjectSummary => ({
  ...toProject(r),
  role: (r.role as Role | null) ?? null,
  memberCount: r.member_count as number,
  documentCount: r.document_count as number,
});
export const toToken = (r: Row): ApiTokenRecord => ({
  id: r.id as string,
  userId: r.user_id as string,
  name: r.name as string,
  createdAt: r.created_at as string,
  lastUsedAt: (r.last_used_at as string | null) ?? null,
});
export const toMember = (r: Row): MemberRecord => ({
  projectId: r.project_id as string,
  userId: r.user_id as string,
  role: r.role as Role,
  joinedAt: r.joined_at as string,
  name: r.name as string,
  email: r.email as string,
});
/** An invite as listed: its id is a prefix of its code hash, enough to name it, useless to accept it. */
export const toListedInvite = (r: Row): InviteRecord & { readonly id: string; readonly createdAt: string } => ({
  id: (r.code_hash as string).slice(0, 16),
  projectId: r.project_id as string,
  role: r.role as Role,
  maxUses: r.max_uses as number,
  uses: r.uses as number,
  expiresAt: r.expires_at as string,
  createdAt: r.created_at as string,
});
export const toDocument = (r: Row): DocumentRecord => ({
  id: r.id as string,
  projectId: r.project_id as string,
  name: r.name as string,
  length: r.length as number,
  attributes: json<AttributeValues>(r.attributes, {}),
  createdAt: r.created_at as string,
});

export const toDecision = (r: Row): DecisionRecord => ({
  ...(JSON.parse(r.record as string) as Omit<DecisionRecord, 'projectId' | 'documentId' | 'id' | 'locusId' | 'decidedAt' | 'supersedes' | 'supersededBy'>),
  projectId: r.project_id as string,
  documentId: r.document_id as string,
  id: r.id as string,
  locusId: r.locus_id as string,
  decidedAt: r.decided_at as string,
  supersedes: (r.supersedes as string | null) ?? null,
  supersededBy: (r.superseded_by as string | null) ?? null,
});

export const toLocusComment = (r: Row): LocusCommentRecord => ({
  id: r.id as string,
  projectId: r.project_id as string,
  documentId: r.document_id as string,
  locusId: r.locus_id as string,
  userId: r.user_id as string,
  body: r.body as string,
  createdAt: r.created_at as string,
});

export const toRound = (r: Row): RoundRecord => ({
  id: r.id as string,
  projectId: r.project_id as string,
  name: r.name as string,
  documentIds: json<string[]>(r.document_ids, []),
  phase: r.phase as RoundPhase,
  allowPostHocEdits: flag(r.allow_post_hoc_edits),
  createdAt: r.created_at as string,
  createdBy: r.created_by as string,
  phaseChangedAt: (r.phase_changed_at as string | null) ?? null,
  revealedAt: (r.revealed_at as string | null) ?? null,
});

export const toSubmission = (r: Row): SubmissionRecord => ({
  id: r.id as string,
  projectId: r.project_id as string,
  roundId: r.round_id as string,
  documentId: r.document_id as string,
  userId: r.user_id as string,
  submittedAt: r.submitted_at as string,
  reopenedAt: (r.reopened_at as string | null) ?? null,
  reopenedBy: (r.reopened_by as string | null) ?? null,
});
export const submissionColumns = 'project_id, round_id, id, document_id, user_id, submitted_at, reopened_at, reopened_by';

export const toMemo = (r: Row): MemoRecord => ({
  id: r.id as string,
  projectId: r.project_id as string,
  documentId: (r.document_id as string | null) ?? null,
  authorId: r.author_id as string,
  title: r.title as string,
  text: r.text as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const summaryColumns = `p.*,
  (SELECT COUNT(*) FROM members m2 WHERE m2.project_id = p.id) AS member_count,
  (SELECT COUNT(*) FROM documents d WHERE d.project_id = p.id) AS document_count`;
