import type { AuthOptionsResponse } from '../../../../shared/api/index.ts';
import type { Api } from '../../lib/api.ts';
import { toApiError, type ApiError } from '../../lib/api-error.ts';
import { matchRoute } from '../../lib/routes.ts';

/**
 * What the sign-up page offers: `form` (anyone may sign up, or the visitor holds an invite link, or
 * this is the server's first account), `inviteOnly` or `closed` (explained instead of a form).
 */
export type SignupAvailability = 'loading' | 'form' | 'inviteOnly' | 'closed';

/** The server's sign-up rules (`GET /api/auth/options`), applied to one visitor. */
export class SignupRules {
  options = $state.raw<AuthOptionsResponse | null>(null);
  loadError = $state.raw<ApiError | null>(null);

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    try {
      this.options = await this.api.authOptions();
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /**
   * Only an invite link lets this visitor sign up, so the sign-up carries its code and joins its
   * project at once. (Elsewhere the invite page asks them to join after signing up, as before.)
   */
  get requiresInvite(): boolean {
    return this.options?.signup === 'invite' && !this.options.firstAccount;
  }

  /** When the rules cannot be read, the form is shown: the server decides anyway, and says why. */
  availability(inviteCode: string | null): SignupAvailability {
    if (this.loadError) return 'form';
    const options = this.options;
    if (!options) return 'loading';
    if (options.firstAccount || options.signup === 'open') return 'form';
    if (options.signup === 'invite') return inviteCode ? 'form' : 'inviteOnly';
    return 'closed';
  }
}

/**
 * The invite code in the page a visitor came from and returns to (`?next=/invite/<code>`): the
 * invite page sends people to sign up that way, and the sign-up then joins them to its project.
 */
export function inviteCodeIn(next: string): string | null {
  const route = matchRoute(next.split(/[?#]/)[0]!);
  return route.name === 'invite' ? route.code : null;
}
