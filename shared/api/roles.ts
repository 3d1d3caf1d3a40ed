/**
 * Project roles. `owner`: everything, including members and rounds. `coder`: codes in their own
 * layer; sees other layers only in open coding mode. `viewer`: reads, never writes.
 *
 * @example
 * if (member.role === Role.owner) showMembersPage();
 */
export const Role = { owner: 'owner', coder: 'coder', viewer: 'viewer' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roles: readonly Role[] = [Role.owner, Role.coder, Role.viewer];

/** Open: every layer visible live. Blind: a coder sees only their own layer until the owner reveals. */
export const CodingMode = { open: 'open', blind: 'blind' } as const;
export type CodingMode = (typeof CodingMode)[keyof typeof CodingMode];
