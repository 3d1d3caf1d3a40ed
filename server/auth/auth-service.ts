import type { AuthOptionsResponse, SignupMode, UserView } from '../../shared/api/index.ts';
import { ApiErrorCode, passwordResetTtlHours } from '../../shared/api/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { DirectoryStore, UserRecord } from '../persistence/directory-store.ts';
import { StoreError } from '../persistence/document-store.ts';
import { findUsableInvite } from './invite-acceptance.ts';
import { hashPassword, verifyPassword, type ScryptParams, defaultScryptParams } from './password-hash.ts';
import type { Principal } from './principal.ts';
import { readSignupSetting, writeSignupSetting, type SignupSetting } from './signup-setting.ts';
import { createId, createSecret, hashSecret, secretsEqual } from './secret-token.ts';

export interface AuthOptions {
  readonly adminToken: string | null;
  readonly sessionTtlMs: number;
  /**
   * Failed logins allowed per window for one email from one client address, and for one client
   * address whatever the email. Never per email alone: a guesser elsewhere must not be able to lock
   * the account's owner out.
   */
  readonly maxFailuresPerEmail: number;
  readonly maxFailuresPerAddress: number;
  readonly failureWindowMs: number;
  /**
   * Who may sign up (the first account on an empty server always may), and how often per address.
   * `signupMode` is `SIGNUP`, the default: the administrator's choice, once made, wins (`signup-setting.ts`).
   */
  readonly signupMode: SignupMode;
  readonly signupMaxPerAddress: number;
  readonly signupWindowMs: number;
  readonly scrypt?: ScryptParams;
}

export interface SignupInput {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  /** Checked here (it must be usable); joining its project is `acceptInvite`, once the account exists. */
  readonly inviteCode?: string | undefined;
}

export interface PasswordChange {
  /** Sessions signed out (all but the one that made the change). */
  readonly endedSessionIds: string[];
  readonly revokedTokenIds: string[];
  readonly remainingTokens: number;
}

export const toUserView = (user: UserRecord): UserView => ({ id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin });

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sign-up refused by the mode in force: closed, or (`invite`) without an invite link. */
const signupRefused = (mode: SignupMode) =>
  mode === 'invite'
    ? new ApiError(ApiErrorCode.forbidden, 'New accounts on this server need an invite link. Ask a project owner to send you one.', 'inviteCode')
    : new ApiError(ApiErrorCode.forbidden, 'Sign-up is closed on this server. Ask its administrator for an account.');
export const minPasswordLength = 10;

/**
 * Accounts and credentials: sign-up, login with throttling, sessions, API tokens, and turning a
 * presented secret into a Principal. Knows nothing about HTTP beyond throwing ApiError.
 */
export class AuthService {
  constructor(
    private readonly directory: DirectoryStore,
    private readonly options: AuthOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** What the sign-up page says before anyone signs in. */
  async signupOptions(): Promise<AuthOptionsResponse> {
    return { signup: (await this.signupSetting()).mode, firstAccount: (await this.directory.countUsers()) === 0 };
  }

  /** The sign-up mode in force and where it comes from (the administrator's choice, else `SIGNUP`). */
  signupSetting(): Promise<SignupSetting> {
    return readSignupSetting(this.directory, this.options.signupMode);
  }

  /** The administrator's choice of sign-up mode, in force at once; null goes back to `SIGNUP`. */
  async setSignupMode(mode: SignupMode | null): Promise<SignupSetting> {
    await writeSignupSetting(this.directory, mode);
    return this.signupSetting();
  }

  /** Throttled per client address; allowed by the sign-up mode; an invite code must be usable. */
  async signup(input: SignupInput, clientAddress: string): Promise<UserRecord> {
    const email = input.email.trim().toLowerCase();
    if (!emailPattern.test(email)) throw new ApiError(ApiErrorCode.validation, 'Enter a valid email address', 'email');
    if (input.password.length < minPasswordLength) throw new ApiError(ApiErrorCode.validation, `Passwords need at least ${minPasswordLength} characters`, 'password');
    await this.throttleSignup(clientAddress);
    const { onlyIfFirst } = await this.ensureSignupAllowed(input.inviteCode);
    const passwordHash = await hashPassword(input.password, this.options.scrypt ?? defaultScryptParams);
    try {
      // The first account on an empty server administers it: decided by the store in the insert's
      // transaction, so two sign-ups racing on an empty server make one administrator, and where
      // only the first account may sign up without an invite, only one gets in.
      const user = await this.directory.createUserAdminIfFirst({ id: createId(), email, name: input.name, passwordHash }, { onlyIfFirst });
      if (!user) throw signupRefused((await this.signupSetting()).mode);
      return user;
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict') throw new ApiError(ApiErrorCode.conflict, 'An account with this email already exists', 'email');
      throw error;
    }
  }

  private async throttleSignup(clientAddress: string): Promise<void> {
    const key = `signup:${clientAddress}`;
    const since = new Date(this.now().getTime() - this.options.signupWindowMs).toISOString();
    if ((await this.directory.countLoginFailures(key, since)) >= this.options.signupMaxPerAddress) {
      throw new ApiError(ApiErrorCode.rateLimited, 'Too many accounts were created from your network recently. Try again in an hour.');
    }
    await this.directory.recordLoginFailure(key, this.now().toISOString());
  }

  /** Refuses a sign-up the mode does not allow; `onlyIfFirst` when it is allowed only as the server's first account. */
  private async ensureSignupAllowed(inviteCode: string | undefined): Promise<{ onlyIfFirst: boolean }> {
    const { mode } = await this.signupSetting();
    if (mode === 'open' && inviteCode === undefined) return { onlyIfFirst: false };
    const firstAccount = (await this.directory.countUsers()) === 0;
    if (mode === 'closed' && !firstAccount) throw signupRefused(mode);
    if (mode === 'invite' && !firstAccount && inviteCode === undefined) throw signupRefused(mode);
    if (inviteCode !== undefined) await findUsableInvite(this.directory, inviteCode, this.now());
    // Let in as the first account: someone else may become it meanwhile.
    return { onlyIfFirst: mode === 'closed' || (mode === 'invite' && inviteCode === undefined) };
  }

  /**
   * Checks the throttle before the password, so a throttled guesser learns nothing. Failures count
   * per (email, client address) and per address, never per email alone: guessing from one address
   * cannot lock the account's owner out from theirs.
   */
  async login(emailInput: string, password: string, clientAddress: string): Promise<UserRecord> {
    const email = emailInput.trim().toLowerCase();
    await this.refuseIfThrottled(email, clientAddress, 'Too many failed sign-in attempts. Wait a few minutes and try again.');
    const user = await this.directory.findUserByEmail(email);
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, dummyHash);
    if (!user || !ok) {
      await this.recordFailure(email, clientAddress);
      throw new ApiError(ApiErrorCode.unauthorized, 'Email or password is incorrect');
    }
    // Only the pair is cleared: the address's count keeps limiting guesses across accounts.
    await this.directory.clearLoginFailures(pairKey(email, clientAddress));
    return user;
  }

  /**
   * The signed-in person's password, asked again before something that cannot be undone (a new
   * password, deleting the account). Throttled like sign-in, so a stolen session cannot be used to
   * guess it. A wrong password is a 422 on `field`, not a 401: the session itself is still valid.
   */
  async confirmPassword(user: UserRecord, password: string, clientAddress: string, field: string): Promise<void> {
    await this.refuseIfThrottled(user.email, clientAddress, 'Too many wrong passwords. Wait a few minutes and try again.');
    if (await verifyPassword(password, user.passwordHash)) return;
    await this.recordFailure(user.email, clientAddress);
    throw new ApiError(ApiErrorCode.validation, 'The password is incorrect', field);
  }

  private async refuseIfThrottled(email: string, clientAddress: string, message: string): Promise<void> {
    const since = new Date(this.now().getTime() - this.options.failureWindowMs).toISOString();
    const [byPair, byAddress] = await Promise.all([this.directory.countLoginFailures(pairKey(email, clientAddress), since), this.directory.countLoginFailures(addressKey(clientAddress), since)]);
    if (byPair >= this.options.maxFailuresPerEmail || byAddress >= this.options.maxFailuresPerAddress) throw new ApiError(ApiErrorCode.rateLimited, message);
  }

  private async recordFailure(email: string, clientAddress: string): Promise<void> {
    const at = this.now().toISOString();
    await Promise.all([this.directory.recordLoginFailure(pairKey(email, clientAddress), at), this.directory.recordLoginFailure(addressKey(clientAddress), at)]);
  }

  async createSession(userId: string): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
    const cookieValue = createSecret('ses');
    const csrfToken = createSecret('csrf', 24);
    const expiresAt = new Date(this.now().getTime() + this.options.sessionTtlMs);
    await this.directory.createSession({ id: createId(), tokenHash: hashSecret(cookieValue), userId, csrfToken, expiresAt: expiresAt.toISOString() });
    // The administrator's user list shows it ("last sign-in").
    await this.directory.recordSignIn(userId, this.now().toISOString());
    return { cookieValue, csrfToken, expiresAt };
  }

  /**
   * Sets a new password and signs out every other browser. API tokens are separate credentials:
   * they are revoked only when asked, since scripts depend on them.
   */
  async changePassword(user: UserRecord, change: { currentPassword: string; newPassword: string; keepSessionId?: string | undefined; revokeTokens: boolean }, clientAddress: string): Promise<PasswordChange> {
    await this.confirmPassword(user, change.currentPassword, clientAddress, 'currentPassword');
    if (change.newPassword.length < minPasswordLength) throw new ApiError(ApiErrorCode.validation, `Passwords need at least ${minPasswordLength} characters`, 'newPassword');
    await this.directory.setPasswordHash(user.id, await hashPassword(change.newPassword, this.options.scrypt ?? defaultScryptParams));
    const endedSessionIds = await this.directory.deleteSessionsOfUser(user.id, change.keepSessionId);
    const revokedTokenIds: string[] = [];
    if (change.revokeTokens) {
      for (const token of await this.directory.listApiTokens(user.id)) {
        if (await this.directory.deleteApiToken(user.id, token.id)) revokedTokenIds.push(token.id);
      }
    }
    const remainingTokens = (await this.directory.listApiTokens(user.id)).length;
    return { endedSessionIds, revokedTokenIds, remainingTokens };
  }

  /**
   * A person's own name and email (`PATCH /api/me`). The email is checked and kept in lower case,
   * as at sign-up; one another account has answers 409.
   */
  async updateProfile(user: UserRecord, changes: { name?: string | undefined; email?: string | undefined }): Promise<UserRecord> {
    const email = changes.email?.trim().toLowerCase();
    if (email !== undefined && !emailPattern.test(email)) throw new ApiError(ApiErrorCode.validation, 'Enter a valid email address', 'email');
    try {
      const updated = await this.directory.updateUserProfile(user.id, { ...(changes.name !== undefined && { name: changes.name }), ...(email !== undefined && { email }) });
      if (!updated) throw new ApiError(ApiErrorCode.unauthorized, 'This account no longer exists');
      return updated;
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict') throw new ApiError(ApiErrorCode.conflict, 'Another account already uses this email address', 'email');
      throw error;
    }
  }

  /**
   * A one-time password-reset link's secret for `userId`, made by an administrator (`createdBy`;
   * null for the administrator token). Usable once, for `passwordResetTtlMs`, and only until a newer
   * link is made for the same account. Stored as its hash, like API tokens.
   */
  async createPasswordReset(userId: string, createdBy: string | null): Promise<{ secret: string; expiresAt: Date }> {
    const secret = createSecret('rst');
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + passwordResetTtlMs);
    await this.directory.createPasswordReset({ id: createId(), userId, secretHash: hashSecret(secret), createdBy, createdAt: createdAt.toISOString(), expiresAt: expiresAt.toISOString() });
    return { secret, expiresAt };
  }

  /**
   * The account a reset link would set the password of, while the link can be used. Throttled per
   * client address together with sign-in: a link that does not work counts as a failed sign-in.
   */
  async previewPasswordReset(secret: string, clientAddress: string): Promise<{ user: UserRecord; expiresAt: string }> {
    await this.refuseIfAddressThrottled(clientAddress, 'Too many attempts with links that do not work. Wait a few minutes and try again.');
    const record = await this.directory.findPasswordReset(hashSecret(secret));
    const expired = record !== null && record.expiresAt <= this.now().toISOString();
    const user = record && !expired ? await this.directory.findUserById(record.userId) : null;
    if (!record || !user) {
      await this.directory.recordLoginFailure(addressKey(clientAddress), this.now().toISOString());
      throw unusableResetLink(expired);
    }
    return { user, expiresAt: record.expiresAt };
  }

  /**
   * Sets a new password through a reset link, once, and ends every session of the account (open
   * sockets close when the caller emits the ended sessions). API tokens stay, as with a changed
   * password: scripts depend on them, and the account's owner can revoke them after signing in.
   */
  async resetPassword(secret: string, password: string, clientAddress: string): Promise<{ user: UserRecord; endedSessionIds: string[] }> {
    const { user } = await this.previewPasswordReset(secret, clientAddress);
    if (password.length < minPasswordLength) throw new ApiError(ApiErrorCode.validation, `Passwords need at least ${minPasswordLength} characters`, 'password');
    const passwordHash = await hashPassword(password, this.options.scrypt ?? defaultScryptParams);
    // Used once: of two requests racing with one link, only one is given the account's id here.
    if ((await this.directory.consumePasswordReset(hashSecret(secret), this.now().toISOString())) !== user.id) throw unusableResetLink(false);
    await this.directory.setPasswordHash(user.id, passwordHash);
    const endedSessionIds = await this.directory.deleteSessionsOfUser(user.id);
    // Failed sign-ins with the forgotten password no longer hold the person back from here.
    await this.directory.clearLoginFailures(pairKey(user.email, clientAddress));
    return { user, endedSessionIds };
  }

  private async refuseIfAddressThrottled(clientAddress: string, message: string): Promise<void> {
    const since = new Date(this.now().getTime() - this.options.failureWindowMs).toISOString();
    if ((await this.directory.countLoginFailures(addressKey(clientAddress), since)) >= this.options.maxFailuresPerAddress) throw new ApiError(ApiErrorCode.rateLimited, message);
  }

  async createApiToken(userId: string, name: string) {
    const token = createSecret('acc');
    const record = await this.directory.createApiToken({ id: createId(), userId, name, tokenHash: hashSecret(token) });
    return { record, token };
  }

  /** Resolves a bearer secret: the admin token, or an API token (whose last use is recorded, to the minute). */
  async resolveBearer(secret: string): Promise<Principal | null> {
    if (this.options.adminToken && secretsEqual(secret, this.options.adminToken)) return { kind: 'admin' };
    const token = await this.directory.findApiToken(hashSecret(secret));
    if (!token) return null;
    const user = await this.directory.findUserById(token.userId);
    if (!user) return null;
    const now = this.now();
    if (token.lastUsedAt === null || now.getTime() - Date.parse(token.lastUsedAt) >= tokenUseRecordedEveryMs) await this.directory.touchApiToken(token.id, now.toISOString());
    return { kind: 'token', user, tokenId: token.id };
  }

  async resolveSession(cookieValue: string): Promise<Principal | null> {
    const session = await this.directory.findSession(hashSecret(cookieValue));
    if (!session) return null;
    if (session.expiresAt <= this.now().toISOString()) {
      await this.directory.deleteSession(session.id);
      return null;
    }
    const user = await this.directory.findUserById(session.userId);
    return user ? { kind: 'session', user, sessionId: session.id, csrfToken: session.csrfToken } : null;
  }
}

/**
 * A token's last use is written at most this often. Recorded on every request, it was a write —
 * and, on SQLite, an fsync on the event loop — per request of a script or socket using the token:
 * 30% fewer requests a second than with a session (bench/api-requests.ts). The token list shows
 * the time to the minute ("5 minutes ago"), so nobody sees the difference.
 */
export const tokenUseRecordedEveryMs = 60_000;

/** How long a password-reset link can be used. */
export const passwordResetTtlMs = passwordResetTtlHours * 60 * 60 * 1000;

const unusableResetLink = (expired: boolean) =>
  new ApiError(
    ApiErrorCode.notFound,
    expired
      ? `This password-reset link has expired (links work for ${passwordResetTtlHours} hours). Ask your administrator for a new one.`
      : 'This password-reset link does not work: it was already used, or a newer link replaced it. Ask your administrator for a new one.',
  );

/** Failure counts are kept per (email, address) pair (deleting an account removes its rows by the email at the end). */
const pairKey = (email: string, clientAddress: string) => `pair:${clientAddress}|${email.toLowerCase()}`;
const addressKey = (clientAddress: string) => `address:${clientAddress}`;

// Verifying against a fixed hash when the email is unknown keeps both paths equally slow, so
// response time does not reveal which emails have accounts.
const dummyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
