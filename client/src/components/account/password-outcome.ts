import type { ChangePasswordResponse } from '../../../../shared/api/index.ts';

const tokens = (n: number) => (n === 1 ? '1 API token' : `${n} API tokens`);

/**
 * What the password form says once the password is changed: other browsers are signed out, and
 * what became of the API tokens.
 *
 * @example
 * passwordOutcome({ revokedTokens: 0, remainingTokens: 2 });
 * // 'Password changed. Other devices … Your 2 API tokens still work; revoke them below if …'
 */
export function passwordOutcome(result: ChangePasswordResponse): string {
  const parts = ['Password changed. Other devices signed in to your account have been signed out.'];
  if (result.revokedTokens > 0) parts.push(`${tokens(result.revokedTokens)} revoked: scripts using ${result.revokedTokens === 1 ? 'it' : 'them'} need a new token.`);
  if (result.remainingTokens > 0) {
    const still = result.remainingTokens === 1 ? 'Your API token still works' : `Your ${tokens(result.remainingTokens)} still work`;
    parts.push(`${still}; revoke ${result.remainingTokens === 1 ? 'it' : 'them'} below if ${result.remainingTokens === 1 ? 'it' : 'they'} may be known to someone else.`);
  }
  return parts.join(' ');
}

/** The checkbox's label: "Also revoke my API token" / "Also revoke my 3 API tokens". */
export function revokeTokensLabel(count: number): string {
  return count === 1 ? 'Also revoke my API token' : `Also revoke my ${count} API tokens`;
}
