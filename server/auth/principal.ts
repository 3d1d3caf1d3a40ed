import type { UserRecord } from '../persistence/directory-store.ts';

/**
 * Who made a request. Browser sessions carry a CSRF token; API tokens and the admin token do not
 * need one (they are never sent automatically by a browser).
 */
export type Principal =
  | { readonly kind: 'session'; readonly user: UserRecord; readonly sessionId: string; readonly csrfToken: string }
  | { readonly kind: 'token'; readonly user: UserRecord; readonly tokenId: string }
  | { readonly kind: 'admin' };

export const userIdOf = (principal: Principal): string | null => (principal.kind === 'admin' ? null : principal.user.id);
