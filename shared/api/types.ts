import type { AttributeField, AttributeValues } from '../model/attributes.ts';
import type { CodingMode, Role } from './roles.ts';

/** Request and response bodies of the REST API (docs/api.md). Shared by server routes and client. */

export interface ApiErrorBody {
  readonly error: { readonly code: ApiErrorCode; readonly message: string; readonly field?: string };
}
export const ApiErrorCode = {
  badRequest: 'badRequest',
  validation: 'validation',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'notFound',
  conflict: 'conflict',
  /** A reconciliation decision on a passage that already has one the request did not supersede. */
  alreadyDecided: 'alreadyDecided',
  payloadTooLarge: 'payloadTooLarge',
  rateLimited: 'rateLimited',
  csrf: 'csrf',
  internal: 'internal',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly isAdmin: boolean;
}

export interface SignupRequest {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  /** An invite link's code: the new account joins its project. Required when sign-up is `invite`. */
  readonly inviteCode?: string;
}
/**
 * Who may create an account on this server (`SIGNUP`): anyone, only people holding an invite link,
 * or nobody. Whatever the mode, the first account on an empty server may always be created.
 *
 * @example
 * if (options.signup === SignupMode.invite && !inviteCode) explainInviteOnly();
 */
export const SignupMode = { open: 'open', invite: 'invite', closed: 'closed' } as const;
export type SignupMode = (typeof SignupMode)[keyof typeof SignupMode];
export const signupModes: readonly SignupMode[] = [SignupMode.open, SignupMode.invite, SignupMode.closed];
/** `GET /api/auth/options`: what the sign-up page needs to know before anyone signs in. */
export interface AuthOptionsResponse {
  readonly signup: SignupMode;
  /** No account exists yet: the next sign-up is allowed in every mode and administers the server. */
  readonly firstAccount: boolean;
}
export interface LoginRequest {
  readonly email: string;
  readonly password: string;
}
/** Returned by signup, login and GET /api/me. `csrfToken` goes in the `X-CSRF-Token` header. */
export interface SessionResponse {
  readonly user: UserView;
  readonly csrfToken: string;
}
/** Sign-up's answer: the session, and the project joined when the sign-up carried an invite code. */
export interface SignupResponse extends SessionResponse {
  readonly joined?: AcceptInviteResponse;
}
export interface ChangePasswordRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
  /** Also delete every API token of the account (their open sockets close). Default false. */
  readonly revokeTokens?: boolean;
}
export interface ChangePasswordResponse {
  readonly revokedTokens: number;
  /** API tokens that still work after the change. */
  readonly remainingTokens: number;
}

export interface CreateTokenRequest {
  readonly name: string;
}
export interface CreateTokenResponse {
  readonly id: string;
  readonly name: string;
  /** Shown once; only its hash is stored. */
  readonly token: string;
}
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export interface ProjectSettings {
  readonly codingMode: CodingMode;
  readonly codersEditCodebook: boolean;
  /** In blind mode, may coders and viewers see agreement statistics? Owners always can. */
  readonly agreementVisibleInBlind: boolean;
}
export interface ProjectView extends ProjectSettings {
  readonly id: string;
  readonly name: string;
  readonly archived: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The caller's role in this project. */
  readonly role: Role;
  readonly memberCount: number;
  readonly documentCount: number;
  /** Participant attribute fields of the project's documents. */
  readonly attributeFields: readonly AttributeField[];
}
export interface CreateProjectRequest {
  readonly name: string;
}
export interface UpdateProjectRequest {
  readonly name?: string;
  readonly archived?: boolean;
  readonly codingMode?: CodingMode;
  readonly codersEditCodebook?: boolean;
  readonly agreementVisibleInBlind?: boolean;
}

export interface MemberView {
  readonly userId: string;
  readonly name: string;
  /** Only owners (and the admin token) see members' email addresses. */
  readonly email?: string;
  readonly role: Role;
  readonly joinedAt: string;
  /** Present for a coder imported from a REFI-QDA file: an account that holds a layer and cannot sign in. */
  readonly imported?: true;
}
export interface UpdateMemberRequest {
  readonly role: Role;
}

export interface CreateInviteRequest {
  readonly role: Role;
  /** Omitted: single use. */
  readonly maxUses?: number;
  /** ISO time; omitted: 7 days. */
  readonly expiresAt?: string;
}
export interface InviteView {
  readonly code: string;
  readonly url: string;
  readonly role: Role;
  readonly maxUses: number;
  readonly uses: number;
  readonly expiresAt: string;
}
export interface AcceptInviteResponse {
  readonly projectId: string;
  readonly role: Role;
}
/** `GET /api/invites/:code`: what an invite link is for, shown before joining (no account needed). */
export interface InvitePreview {
  readonly projectName: string;
  readonly role: Role;
  readonly expiresAt: string;
  readonly usable: boolean;
  readonly expired: boolean;
  readonly usedUp: boolean;
  /** The caller is signed in and already a member with this role or a higher one (say, just signed up with this link). */
  readonly joined: AcceptInviteResponse | null;
}

export interface DocumentRooms {
  readonly text: string;
}
export interface DocumentView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly length: number;
  readonly rooms: DocumentRooms;
  readonly attributes: AttributeValues;
}
export interface CreateDocumentRequest {
  readonly name: string;
  readonly text: string;
}

/** Codings per coder per document (GET /api/projects/:id/progress). */
export interface CodingProgress {
  readonly coders: readonly { readonly id: string; readonly name: string }[];
  /** `assigned`: the document's assigned coders, when it has any (the others' counts are then extra work, not progress). */
  readonly documents: readonly { readonly documentId: string; readonly counts: Readonly<Record<string, number>>; readonly assigned?: readonly string[] }[];
}

/** `GET /api/me/deletion`: what deleting your account (`DELETE /api/me`) would delete, for the confirmation. */
export interface AccountDeletionPreview {
  /** Projects where you are the only member (and an owner): deleted with the account, documents and all. */
  readonly projects: readonly { readonly id: string; readonly name: string; readonly documentCount: number }[];
  /** Your codings elsewhere (your layers): documents of other projects that hold some. Deleted too. */
  readonly codings: { readonly documentCount: number; readonly projectCount: number };
  /** Projects where you are the last owner and others are members: while any is listed, deleting answers 409. */
  readonly blockers: readonly { readonly id: string; readonly name: string; readonly memberCount: number }[];
}
export interface DeleteAccountRequest {
  /** The account's current password, as confirmation. */
  readonly password: string;
}

/** `GET /api/projects/:id/documents/:documentId/loci`: where the coders of one document disagree (SPEC RC1–RC4). */
export interface LociResponse {
  /** The coders compared: whoever has the coder role, and anyone else with codings in the document. */
  readonly coderIds: readonly string[];
  readonly loci: readonly LocusView[];
}
export interface LocusView {
  readonly id: string;
  readonly type: 'codeConflict' | 'omission' | 'granularity' | 'boundary' | 'agreed';
  readonly flags: readonly LocusView['type'][];
  /** `stages`, `domain:<name>` or `code:<id>`. */
  readonly domainId: string;
  readonly codeIds: readonly string[];
  readonly start: number;
  readonly end: number;
  /** Each coder's codings in the locus; `codeId` is what it counts as (a stage's sub-code as the stage), `appliedCodeId` the code as coded. */
  readonly versions: readonly { readonly userId: string; readonly codingId: string; readonly codeId: string; readonly appliedCodeId: string; readonly start: number; readonly end: number }[];
  readonly missingUserIds: readonly string[];
  /** From its current decision: none yet, deferred, decided by a person, or merged by the pre-merge. */
  readonly status: 'open' | 'deferred' | 'resolved' | 'autoResolved' | 'autoResolvedWithDissent';
  readonly decisionId: string | null;
  /** Comments in its discussion. */
  readonly commentCount: number;
}

/** A comment in the discussion of one locus (`GET/POST …/documents/:documentId/comments`). */
export interface LocusCommentView {
  readonly id: string;
  readonly locusId: string;
  readonly userId: string;
  readonly body: string;
  readonly createdAt: string;
}

/** `POST /api/projects/:id/documents/:documentId/decisions` (SPEC RC9–RC10). */
export interface DecideRequest {
  readonly locusId: string;
  readonly action: 'accept' | 'acceptAll' | 'rejectAll' | 'edit' | 'recode' | 'defer';
  readonly userIds?: readonly string[];
  readonly codeId?: string;
  readonly start?: number;
  readonly end?: number;
  readonly rationale?: string;
  /** Who took part in the discussion (user ids). */
  readonly participants?: readonly string[];
  /** The current decision this one replaces; without it, deciding a decided locus is a 409. */
  readonly supersedes?: string;
}
export interface DecisionView {
  readonly id: string;
  readonly locusId: string;
  readonly action: DecideRequest['action'] | 'auto';
  readonly chosenUserIds: readonly string[];
  readonly result: readonly { readonly codeId: string; readonly start: number; readonly end: number; readonly sourceCodingIds: readonly string[] }[] | null;
  readonly consensusCodingIds: readonly string[];
  readonly rationale: string;
  readonly participants: readonly string[];
  readonly decidedBy: string;
  readonly decidedAt: string;
  /** For `auto` decisions: `{strategy, confidence, dissent}` — the pre-merge strategy, the merged code's confidence and the dissenting coders. */
  readonly strategy: unknown;
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
}

/** `POST /api/projects/:id/documents/:documentId/premerge`: the `auto` decisions made, and why the rest stay open. */
export interface PreMergeResponse {
  readonly merged: readonly DecisionView[];
  readonly open: readonly { readonly locusId: string; readonly reason: string }[];
}

/** One event of a project's coding history (`GET /api/projects/:id/history`). */
export interface HistoryEventView {
  readonly seq: number;
  readonly at: string;
  readonly userId: string;
  /** Whose codings changed: a coder's id for their layer, `consensus`, or null (the codebook). */
  readonly layer: string | null;
  /** `coding.added`, `coding.changed`, `coding.removed`, `code.changed`, … */
  readonly type: string;
  readonly documentId: string | null;
  readonly codingId: string | null;
  readonly codeId: string | null;
  /** A coding as `{codeId, memo, anchor: {start, end}}` (anchors base64), a code field as `{field, value}`; null when absent. */
  readonly before: unknown;
  readonly after: unknown;
  readonly prevHash: string;
  /** sha256(prevHash + canonical JSON of {seq, at, userId, layer, type, documentId, codingId, codeId, before, after}). */
  readonly hash: string;
  /** Its document was deleted: before, after and codingId are gone; the chain still links. */
  readonly redacted: boolean;
}
export interface HistoryPage {
  readonly events: readonly HistoryEventView[];
  /** Pass as `afterSeq` for the next page; null on the last. */
  readonly nextAfterSeq: number | null;
}

/** A coding as it was at a point of the history, resolved against the current transcript. */
export interface CodingAsOf {
  readonly codingId: string;
  readonly codeId: string;
  /** Null when its text has since been deleted (orphaned). */
  readonly start: number | null;
  readonly end: number | null;
  /** The coded passage. */
  readonly text: string | null;
  readonly memo: string;
}
/** `GET /api/projects/:id/documents/:documentId/codings?asOf=`: every layer the caller may read, at that point. */
export interface CodingsAsOf {
  /** The last event folded in (seq 0 and at null before the first). */
  readonly asOf: { readonly seq: number; readonly at: string | null };
  readonly layers: Readonly<Record<string, readonly CodingAsOf[]>>;
  readonly consensus: readonly CodingAsOf[];
}

/** A coder's submission of one document in a round (`GET /api/projects/:id/rounds`). */
export interface SubmissionView {
  readonly documentId: string;
  readonly userId: string;
  readonly submittedAt: string;
  /** Null while it stands; set when it was re-opened (and not submitted again since). */
  readonly reopenedAt: string | null;
  readonly reopenedBy: string | null;
}
/** A coding round (spec §3.2): `setup → blind → compare → reconcile → locked`. */
export interface RoundView {
  readonly id: string;
  readonly name: string;
  readonly documentIds: readonly string[];
  readonly phase: 'setup' | 'blind' | 'compare' | 'reconcile' | 'locked';
  readonly allowPostHocEdits: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly phaseChangedAt: string | null;
  readonly revealedAt: string | null;
  /** Each coder's latest submission of each document of the round. */
  readonly submissions: readonly SubmissionView[];
}
export interface RoundsResponse {
  readonly rounds: readonly RoundView[];
}
export interface CreateRoundRequest {
  readonly name: string;
  readonly documentIds: readonly string[];
  readonly allowPostHocEdits?: boolean;
}
/** `POST /api/projects/:id/rounds/:roundId/phase`. */
export interface AdvanceRoundRequest {
  readonly phase: RoundView['phase'];
  /** Reveal although some coders have not submitted: their layers are submitted as they stand. */
  readonly force?: boolean;
  /** When opening reconciliation: pre-merge every document of the round with this strategy. */
  readonly preMerge?: { readonly kind: 'completeAgreement' | 'incompleteAgreement' } | { readonly kind: 'threshold'; readonly userThreshold: number; readonly confidence: number; readonly denominator: 'annotated' | 'assigned' };
}
