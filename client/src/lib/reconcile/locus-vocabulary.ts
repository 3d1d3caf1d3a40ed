import type { DecisionView, LocusView } from '../../../../shared/api/index.ts';

export type LocusType = LocusView['type'];
export type LocusStatus = LocusView['status'];

/** A word for every type: the badge's colour is never the only cue (ux.md). */
export const locusTypeLabels: Readonly<Record<LocusType, string>> = {
  codeConflict: 'Code conflict',
  omission: 'Omission',
  granularity: 'Granularity',
  boundary: 'Boundary',
  agreed: 'Agreed',
};

/** What each type means, for the badge's title and the item's heading (spec §3.1). */
export const locusTypeHints: Readonly<Record<LocusType, string>> = {
  codeConflict: 'The coders used different codes here',
  omission: 'Some coders coded nothing here',
  granularity: 'One coder split into several codings what another coded as one',
  boundary: 'Same code, but the coders start or end it in different places',
  agreed: 'Same code and nearly the same range',
};

export const locusStatusLabels: Readonly<Record<LocusStatus, string>> = {
  open: 'Open',
  deferred: 'Deferred',
  resolved: 'Decided',
  autoResolved: 'Auto-merged',
  autoResolvedWithDissent: 'Auto-merged, dissent',
};

/** Code conflicts first: they change what a passage is about; boundaries only where it starts or ends. */
export const locusSeverity: Readonly<Record<LocusType, number>> = { codeConflict: 0, omission: 1, granularity: 2, boundary: 3, agreed: 4 };

export const locusTypes: readonly LocusType[] = ['codeConflict', 'omission', 'granularity', 'boundary', 'agreed'];

/** A decision's action in a few words ("Accepted b’s reading"), given names for user ids. */
export function describeAction(decision: Pick<DecisionView, 'action' | 'chosenUserIds'>, nameOf: (userId: string) => string): string {
  switch (decision.action) {
    case 'accept':
      return `Accepted ${decision.chosenUserIds.map((id) => `${nameOf(id)}’s`).join(' and ')} reading`;
    case 'acceptAll':
      return 'Accepted every reading';
    case 'rejectAll':
      return 'Rejected every reading';
    case 'edit':
      return 'Edited the code or range';
    case 'recode':
      return 'Recoded (codebook change proposed)';
    case 'defer':
      return 'Deferred';
    case 'auto':
      return 'Merged by the pre-merge';
  }
}

/** Who decided: a member's name, the server's administrator token, or someone who left. */
export function deciderName(userId: string, names: ReadonlyMap<string, string>): string {
  if (userId === 'admin') return 'The administrator';
  return names.get(userId) ?? 'A former member';
}

/** A sentence-case phrase for the middle of a sentence: only its first letter lowered, so names keep theirs. */
export function lowerFirst(phrase: string): string {
  return phrase.charAt(0).toLocaleLowerCase() + phrase.slice(1);
}
