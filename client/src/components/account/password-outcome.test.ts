import { describe, expect, it } from 'vitest';
import { passwordOutcome, revokeTokensLabel } from './password-outcome.ts';

describe('passwordOutcome', () => {
  it('says how many tokens were revoked', () => {
    expect(passwordOutcome({ revokedTokens: 2, remainingTokens: 0 })).toBe(
      'Password changed. Other devices signed in to your account have been signed out. 2 API tokens revoked: scripts using them need a new token.',
    );
  });

  it('says how many tokens still work when they were kept', () => {
    expect(passwordOutcome({ revokedTokens: 0, remainingTokens: 2 })).toBe(
      'Password changed. Other devices signed in to your account have been signed out. Your 2 API tokens still work; revoke them below if they may be known to someone else.',
    );
    expect(passwordOutcome({ revokedTokens: 0, remainingTokens: 1 })).toContain('Your API token still works; revoke it below if it may be known');
  });

  it('says nothing about tokens when there are none', () => {
    expect(passwordOutcome({ revokedTokens: 0, remainingTokens: 0 })).toBe('Password changed. Other devices signed in to your account have been signed out.');
  });

  it('counts tokens in the checkbox label', () => {
    expect(revokeTokensLabel(1)).toBe('Also revoke my API token');
    expect(revokeTokensLabel(3)).toBe('Also revoke my 3 API tokens');
  });
});
