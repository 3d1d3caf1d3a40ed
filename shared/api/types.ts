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
export interface ChangePasswordRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
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
  readonly email: string;
  readonly role: Role;
  readonly joinedAt: string;
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
  readonly documents: readonly { readonly documentId: string; readonly counts: Readonly<Record<string, number>> }[];
}
