import { SignupMode } from '../../../../shared/api/index.ts';

/** How the administration page names and explains each sign-up mode, in the order it offers them. */
export const signupModeChoices: readonly { readonly mode: SignupMode; readonly label: string; readonly description: string }[] = [
  { mode: SignupMode.open, label: 'Open', description: 'Anyone who can reach this server can create an account.' },
  { mode: SignupMode.invite, label: 'Invite links only', description: 'New accounts need an invite link from a project owner. The link also adds them to that project.' },
  { mode: SignupMode.closed, label: 'Closed', description: 'No one can create an account, not even with an invite link. Invite links still add people who already have an account.' },
];

export const signupModeLabel = (mode: SignupMode): string => signupModeChoices.find((c) => c.mode === mode)?.label ?? mode;
