import type { LoginRequest, SessionResponse, SignupRequest, UserView } from '../../../shared/api/index.ts';
import type { Api } from './api.ts';
import { ApiError } from './api-error.ts';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut' | 'unreachable';

/**
 * Who is signed in. The session itself is an HTTP-only cookie; this class keeps the user and hands
 * the CSRF token to the API client. Both live in memory only and are re-read from `GET /api/me`.
 */
export class Session {
  status = $state<SessionStatus>('loading');
  user = $state.raw<UserView | null>(null);
  /** Set when the session ended by itself (expired, signed out elsewhere), to explain the sign-in page. */
  endedElsewhere = $state(false);

  constructor(private readonly api: Api) {
    api.onSessionLost = () => {
      this.endedElsewhere = true;
      this.#clear();
    };
  }

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      this.#accept(await this.api.me());
    } catch (error) {
      if (error instanceof ApiError && error.reason === 'unauthorized') this.#clear();
      else this.status = 'unreachable';
    }
  }

  async signIn(request: LoginRequest): Promise<void> {
    this.#accept(await this.api.login(request));
  }

  async signUp(request: SignupRequest): Promise<void> {
    this.#accept(await this.api.signup(request));
  }

  async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      // Even if the server could not be told, this tab forgets the session.
      this.endedElsewhere = false;
      this.#clear();
    }
  }

  #accept(response: SessionResponse): void {
    this.api.csrfToken = response.csrfToken;
    this.user = response.user;
    this.endedElsewhere = false;
    this.status = 'signedIn';
  }

  #clear(): void {
    this.api.csrfToken = null;
    this.user = null;
    this.status = 'signedOut';
  }
}
