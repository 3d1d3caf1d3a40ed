import { describe, expect, it } from 'vitest';
import { inviteCodeIn } from './signup-rules.svelte.ts';

describe('inviteCodeIn', () => {
  it('finds the code of an invite page to return to', () => {
    expect(inviteCodeIn('/invite/inv_abc-123')).toBe('inv_abc-123');
    expect(inviteCodeIn('/invite/inv_abc?from=mail')).toBe('inv_abc');
  });

  it('finds none elsewhere', () => {
    expect(inviteCodeIn('/')).toBeNull();
    expect(inviteCodeIn('/projects/p1')).toBeNull();
  });
});
