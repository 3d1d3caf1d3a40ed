import { describe, expect, it } from 'vitest';
import { profileChanges } from './profile-changes.ts';

const ana = { name: 'Ana Alves', email: 'ana@example.org' };

describe('profileChanges', () => {
  it('sends nothing when only spaces or the email’s case changed', () => {
    expect(profileChanges(ana, { name: ' Ana Alves ', email: 'ANA@example.org ' })).toBeNull();
  });

  it('sends only what changed, as typed (the server trims and checks it)', () => {
    expect(profileChanges(ana, { name: 'Ana Silva', email: 'ana@example.org' })).toEqual({ name: 'Ana Silva' });
    expect(profileChanges(ana, { name: 'Ana Alves', email: 'ana.silva@example.org' })).toEqual({ email: 'ana.silva@example.org' });
    expect(profileChanges(ana, { name: '', email: 'x' })).toEqual({ name: '', email: 'x' });
  });
});
