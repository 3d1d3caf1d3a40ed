import type { RoundView } from '../../../../shared/api/index.ts';
import { nextPhase, roundPhases, type RoundPhase } from '../../../../shared/model/round.ts';
import { formatCount } from '../format.ts';

/** Each phase's name, as the stepper and the banners say it. */
export const phaseLabels: Readonly<Record<RoundPhase, string>> = {
  setup: 'Setup',
  blind: 'Blind coding',
  compare: 'Compare',
  reconcile: 'Reconcile',
  locked: 'Locked',
};

/** The round's state in a sentence's words: "“Pilot” is now revealed." */
export const phaseStatus: Readonly<Record<RoundPhase, string>> = {
  setup: 'in setup',
  blind: 'in blind coding',
  compare: 'revealed',
  reconcile: 'open for reconciliation',
  locked: 'locked',
};

/** What each phase means while the round is in it, in one sentence. */
export const phaseMeanings: Readonly<Record<RoundPhase, string>> = {
  setup: 'Not started: choose its documents, then start blind coding.',
  blind: 'Coders code on their own and submit each document; nobody sees another coder’s layer.',
  compare: 'Revealed: every coder’s layer is visible, and codings stay as submitted. Agreement uses the submissions.',
  reconcile: 'Reconciliation is open: decisions on the round’s documents go into the consensus.',
  locked: 'Final: the consensus and every layer of the round stay as they are.',
};

export type StepState = 'done' | 'current' | 'upcoming';

export interface PhaseStep {
  readonly phase: RoundPhase;
  readonly label: string;
  readonly state: StepState;
}

/** The stepper: every phase in order, those before the current one done. */
export function phaseSteps(current: RoundPhase): readonly PhaseStep[] {
  const at = roundPhases.indexOf(current);
  return roundPhases.map((phase, i) => ({ phase, label: phaseLabels[phase], state: i < at ? 'done' : i === at ? 'current' : 'upcoming' }));
}

/** An owner's move to the next phase: the button, and what the confirmation says will happen. */
export interface PhaseAction {
  readonly to: RoundPhase;
  /** The button: "Start blind coding". */
  readonly label: string;
  /** The confirmation's title: "Start blind coding of “Pilot”?" */
  readonly title: string;
  /** What will happen, in plain words, one consequence a line. */
  readonly consequences: readonly string[];
  /** The confirmation's button. */
  readonly confirmLabel: string;
}

/**
 * The owner's next step for a round, or null once it is locked.
 *
 * @example
 * nextAction({ phase: 'blind', name: 'Pilot', documentIds: ['d1'], … })?.label // 'Reveal'
 */
export function nextAction(round: Pick<RoundView, 'phase' | 'name' | 'documentIds' | 'allowPostHocEdits'>): PhaseAction | null {
  const to = nextPhase(round.phase);
  if (!to) return null;
  const documents = formatCount(round.documentIds.length, 'document');
  switch (to) {
    case 'blind':
      return {
        to,
        label: 'Start blind coding',
        title: `Start blind coding of “${round.name}”?`,
        consequences: [
          `Coders code the round’s ${documents} on their own: other coders’ layers and the consensus of ${round.documentIds.length === 1 ? 'it' : 'them'} are hidden from coders and viewers until you reveal the round.`,
          'Each coder submits each document when they are done with it.',
          'Documents can no longer be added to or taken out of the round.',
        ],
        confirmLabel: 'Start blind coding',
      };
    case 'compare':
      return {
        to,
        label: 'Reveal',
        title: `Reveal “${round.name}”?`,
        consequences: [
          `Every coder’s layer of the ${documents} becomes visible to everyone in the project.`,
          round.allowPostHocEdits
            ? 'Codings stay as submitted for the comparison; coders may still edit afterwards (post-hoc edits are allowed), and a new submission replaces their old one.'
            : 'Codings stay as submitted: coders can no longer change them unless you re-open their document.',
          'Agreement for this round is computed on the submissions. This cannot be undone.',
        ],
        confirmLabel: 'Reveal',
      };
    case 'reconcile':
      return {
        to,
        label: 'Open reconciliation',
        title: `Open reconciliation of “${round.name}”?`,
        consequences: [`Decisions on the ${documents} open in the Reconcile view: each disagreement is settled into the consensus.`],
        confirmLabel: 'Open reconciliation',
      };
    case 'locked':
      return {
        to,
        label: 'Lock',
        title: `Lock “${round.name}”?`,
        consequences: [
          `The consensus of the ${documents} becomes final: no more decisions, and no coder’s layer of them can change.`,
          'The documents can join a new round afterwards. Locking cannot be undone.',
        ],
        confirmLabel: 'Lock the round',
      };
    case 'setup':
      return null;
  }
}

/** The pre-merge offered when opening reconciliation; `none` leaves every passage to be decided. */
export type PreMergeChoice = 'completeAgreement' | 'incompleteAgreement' | 'none';

export const preMergeChoices: readonly { readonly value: PreMergeChoice; readonly label: string; readonly hint: string }[] = [
  { value: 'completeAgreement', label: 'Merge where everyone agrees', hint: 'Passages every coder coded with the same code over nearly the same text go into the consensus as automatic decisions.' },
  { value: 'incompleteAgreement', label: 'Also where everyone who coded agrees', hint: 'As above, and also passages where the coders who coded them agree, even if others coded nothing there.' },
  { value: 'none', label: 'Don’t pre-merge', hint: 'Every passage waits for a decision in the Reconcile view.' },
];
