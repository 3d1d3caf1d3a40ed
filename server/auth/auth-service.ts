import type { UserView } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { DirectoryStore, UserRecord } from '../persistence/directory-store.ts';
import { StoreError } from '../persistence/document-store.ts';
import { hashPassword, verifyPassword, type ScryptParams, defaultScryptParams } from './password-hash.ts';
import type { Principal } from './principal.ts';
import { createId, createSecret, hashSecret, secretsEqual } from './secret-token.ts';

export interface AuthOptions {
  readonly adminToken: string | null;
  readonly sessionTtlMs: number;
  /** Failed logins allowed per window for one email, and for one client address. */
  readonly maxFailuresPerEmail: number;
  readonly maxFailuresPerAddress: number;
  readonly failureWindowMs: number;
  readonly scrypt?: ScryptParams;
}

export const toUserView = (user: UserRecord): UserView => ({ id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin });

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
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

  async signup(input: { email: string; password: string; name: string }): Promise<UserRecord> {
    const email = input.email.trim().toLowerCase();
    if (!emailPattern.test(email)) throw new ApiError(ApiErrorCode.validation, 'Enter a valid email address', 'email');
    if (input.password.length < minPasswordLength) throw new ApiError(ApiErrorCode.validation, `Passwords need at least ${minPasswordLength} characters`, 'password');
    const passwordHash = await hashPassword(input.password, this.options.scrypt ?? defaultScryptParams);
    // The first account on an empty server administers it.
    const isAdmin = (await this.directory.countUsers()) === 0;
    try {
      return await this.directory.createUser({ id: createId(), email, name: input.name, passwordHash, isAdmin });
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict') throw new ApiError(ApiErrorCode.conflict, 'An account with this email already exists', 'email');
      throw error;
    }
  }

  /** Checks the throttle before the password, so a locked-out guesser learns nothing. */
  async login(emailInput: string, password: string, clientAddress: string): Promise<UserRecord> {
    const email = emailInput.trim().toLowerCase();
    const since = new Date(this.now().getTime() - this.options.failureWindowMs).toISOString();
    const emailKey = `email:${email}`;
    const addressKey = `address:${clientAddress}`;
    const [byEmail, byAddress] = await Promise.all([this.directory.countLoginFailures(emailKey, since), this.directory.countLoginFailures(addressKey, since)]);
    if (byEmail >= this.options.maxFailuresPerEmail || byAddress >= this.options.maxFailuresPerAddress) {
      throw new ApiError(ApiErrorCode.rateLimited, 'Too many failed sign-in attempts. Wait a few minutes and try again.');
    }
    const user = await this.directory.findUserByEmail(email);
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, dummyHash);
    if (!user || !ok) {
      const at = this.now().toISOString();
      await Promise.all([this.directory.recordLoginFailure(emailKey, at), this.directory.recordLoginFailure(addressKey, at)]);
      throw new ApiError(ApiErrorCode.unauthorized, 'Email or password is incorrect');
    }
    await this.directory.clearLoginFailures(emailKey);
    return user;
  }

  async createSession(userId: string): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
    const cookieValue = createSecret('ses');
    const csrfToken = createSecret('csrf', 24);
    const expiresAt = new Date(this.now().getTime() + this.options.sessionTtlMs);
    await this.directory.createSession({ id: createId(), tokenHash: hashSecret(cookieValue), userId, csrfToken, expiresAt: expiresAt.toISOString() });
    return { cookieValue, csrfToken, expiresAt };
  }

  async changePassword(user: UserRecord, currentPassword: string, newPassword: string, keepSessionId?: string): Promise<string[]> {
    if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new ApiError(ApiErrorCode.validation, 'The current password is incorrect', 'currentPassword');
    if (newPassword.length < minPasswordLength) throw new ApiError(ApiErrorCode.validation, `Passwords need at least ${minPasswordLength} characters`, 'newPassword');
    await this.directory.setPasswordHash(user.id, await hashPassword(newPassword, this.options.scrypt ?? defaultScryptParams));
    // Other browsers signed in with the old password are signed out.
    return this.directory.deleteSessionsOfUser(user.id, keepSessionId);
  }

  async createApiToken(userId: string, name: string) {
    const token = createSecret('acc');
    const record = await this.directory.createApiToken({ id: createId(), userId, name, tokenHash: hashSecret(token) });
    return { record, token };
  }

  /** Resolves a bearer secret: the admin token, or an API token (whose last use is recorded). */
  async resolveBearer(secret: string): Promise<Principal | null> {
    if (this.options.adminToken && secretsEqual(secret, this.options.adminToken)) return { kind: 'admin' };
    const token = await this.directory.findApiToken(hashSecret(secret));
    if (!token) return null;
    const user = await this.directory.findUserById(token.userId);
    if (!user) return null;
    await this.directory.touchApiToken(token.id, this.now().toISOString());
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

// Verifying against a fixed hash when the email is unknown keeps both paths equally slow, so
// response time does not reveal which emails have accounts.
const dummyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
