import type { SignupMode, UserView } from './types.ts';

/** Request and response bodies of server administration and of `PATCH /api/me` (docs/api.md, "Administration"). */

/** One account as the administrator sees it (`GET /api/admin/users`). */
export interface AdminUserView {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly isAdmin: boolean;
  readonly createdAt: string;
  /** When the account last signed in (a session was started); null when not known (never, or before this was recorded). */
  readonly lastSignInAt: string | null;
  /** Projects the account is a member of. */
  readonly projectCount: number;
}
export interface AdminUsersResponse {
  readonly users: readonly AdminUserView[];
}

/**
 * Where the sign-up mode in force comes from: the administrator's choice (stored in the database)
 * wins; without one, the server's `SIGNUP` setting applies.
 */
export const SignupModeSource = { admin: 'admin', environment: 'environment' } as const;
export type SignupModeSource = (typeof SignupModeSource)[keyof typeof SignupModeSource];

/** `GET`/`PATCH /api/admin/settings`. */
export interface AdminSettings {
  /** The mode in force. */
  readonly signup: SignupMode;
  readonly signupSource: SignupModeSource;
  /** The server's `SIGNUP` setting: what applies when the administrator has made no choice. */
  readonly signupDefault: SignupMode;
}
/** `PATCH /api/admin/settings`: a mode, or null to drop the administrator's choice and follow `SIGNUP` again. */
export interface UpdateAdminSettingsRequest {
  readonly signup: SignupMode | null;
}

/** `POST /api/admin/users/:id/password-reset`: a one-time link for the administrator to pass on. */
export interface PasswordResetLink {
  readonly url: string;
  readonly expiresAt: string;
}
/** `GET /api/password-reset/:secret`: whose password the link sets, while it can still be used. */
export interface PasswordResetPreview {
  readonly name: string;
  readonly email: string;
  readonly expiresAt: string;
}
export interface PasswordResetRequest {
  readonly password: string;
}
/** `POST /api/password-reset/:secret`: the password is set and every session of the account ended. */
export interface PasswordResetResponse {
  readonly email: string;
  readonly endedSessions: number;
}

/** `PATCH /api/me`. */
export interface UpdateMeRequest {
  readonly name?: string;
  readonly email?: string;
}
export interface UpdateMeResponse {
  readonly user: UserView;
}

/** How long a password-reset link can be used. */
export const passwordResetTtlHours = 24;
