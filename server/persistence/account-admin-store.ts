import type { UserRecord } from './directory-store.ts';

/**
 * The directory's part for administering accounts: the account list, profile changes, the record
 * of sign-ins, server settings the administrator changes at runtime, and one-time password-reset
 * links. Part of every `DirectoryStore` (checked by `account-admin-contract.ts`, which the
 * directory contract runs). Reset links are stored only as the SHA-256 of their secret.
 */
export interface AccountAdminStore {
  /** Every account, oldest first (in creation order within one millisecond), with its last sign-in and how many projects it is a member of. Never a password hash. */
  listUserSummaries(): Promise<UserSummary[]>;
  /**
   * Changes an account's name and/or email; null when there is no such account. Rejects with a
   * `conflict` StoreError when another account has the email (whatever its case). Sign-in failures
   * counted under the old email move to the new one, so that deleting the account later removes them.
   */
  updateUserProfile(userId: string, changes: { readonly name?: string; readonly email?: string }): Promise<UserRecord | null>;
  /** Notes that the account signed in (a session was started) at `at`. */
  recordSignIn(userId: string, at: string): Promise<void>;

  /** A server setting changed at runtime (e.g. `signup`), or null when never set. */
  readSetting(key: string): Promise<string | null>;
  /** Sets a server setting; null removes it (the server's configured default applies again). */
  writeSetting(key: string, value: string | null): Promise<void>;

  /** Stores a reset link, replacing every earlier link of the same account (only the newest works); drops expired links. */
  createPasswordReset(input: NewPasswordReset): Promise<void>;
  /** The link with this secret hash, expired or not; null when unknown, used or replaced. */
  findPasswordReset(secretHash: string): Promise<PasswordResetRecord | null>;
  /**
   * Uses a link once: when it exists and has not expired at `at`, deletes it (and every other link
   * of its account) and returns its account's id, atomically; otherwise null and nothing changes.
   * Of two requests racing for one link, exactly one gets the id.
   */
  consumePasswordReset(secretHash: string, at: string): Promise<string | null>;
}

export interface UserSummary {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly isAdmin: boolean;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
  readonly projectCount: number;
}

export interface NewPasswordReset {
  readonly id: string;
  readonly userId: string;
  /** SHA-256 of the link's secret (`hashSecret`); the secret itself is never stored. */
  readonly secretHash: string;
  /** The administrator's account id; null for the administrator token. */
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
}
export type PasswordResetRecord = Omit<NewPasswordReset, 'secretHash'>;
