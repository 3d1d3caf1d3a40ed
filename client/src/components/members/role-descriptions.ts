import type { Role } from '../../../../shared/api/index.ts';

/** What each role may do, in one line: for the invite form and the invite page. */
export const roleDescriptions: Readonly<Record<Role, string>> = {
  coder: 'Codes transcripts in their own layer.',
  viewer: 'Reads documents and codings; changes nothing.',
  owner: 'Everything, including members, invites and settings.',
};
