import type { UpdateMeRequest, UserView } from '../../../../shared/api/index.ts';

/**
 * What the profile form sends: only the fields that differ from the account as it is (emails
 * compared as the server keeps them, trimmed and in lower case); null when nothing changed.
 *
 * @example
 * profileChanges({ name: 'Ana', email: 'ana@example.org', … }, { name: 'Ana ', email: 'ANA@example.org' }) // null
 */
export function profileChanges(current: Pick<UserView, 'name' | 'email'>, edited: { name: string; email: string }): UpdateMeRequest | null {
  const changes: { name?: string; email?: string } = {};
  if (edited.name.trim() !== current.name) changes.name = edited.name;
  if (edited.email.trim().toLowerCase() !== current.email.toLowerCase()) changes.email = edited.email;
  return changes.name === undefined && changes.email === undefined ? null : changes;
}
