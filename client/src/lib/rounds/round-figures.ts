import type { MeasureResult } from '../../../../shared/agreement/index.ts';
import { undefinedReasonText } from '../../../../shared/agreement/index.ts';
import type { AgreementSnapshot } from '../../../../shared/agreement-export/index.ts';
import type { RoundView } from '../../../../shared/api/index.ts';
import { isRevealed } from '../../../../shared/model/round.ts';
import { phaseLabels } from './round-phases.ts';

/** What is known of one round's agreement: a figure, or why there is none (yet). */
export type RoundFigureState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'answered'; readonly snapshot: AgreementSnapshot }
  | { readonly kind: 'failed'; readonly message: string };

/** One line of the dashboard's "By round" list. */
export interface RoundFigure {
  readonly roundId: string;
  readonly name: string;
  /** Overall Krippendorff's α of the round's submissions, when defined. */
  readonly value: number | null;
  /** Why there is no value, in words ("not revealed yet (blind coding)"); null when there is one. */
  readonly none: string | null;
  /** What the value is computed on: "2 coders · 3 documents · as submitted". */
  readonly basis: string | null;
}

function overallAlpha(snapshot: AgreementSnapshot): MeasureResult | undefined {
  return snapshot.report.overall.find((r) => r.measure === 'krippendorff_alpha');
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The "By round" list of the agreement trend: every round in the order they were created, with
 * its overall α once revealed (computed on the submissions, with the dashboard's settings), and
 * for the others why there is no figure yet.
 *
 * @example
 * roundFigures([{ name: 'Pilot', phase: 'blind', … }], new Map())[0].none // 'not revealed yet (blind coding)'
 */
export function roundFigures(rounds: readonly RoundView[], states: ReadonlyMap<string, RoundFigureState>): readonly RoundFigure[] {
  return rounds.map((round) => {
    const base = { roundId: round.id, name: round.name };
    if (!isRevealed(round.phase)) return { ...base, value: null, none: `not revealed yet (${phaseLabels[round.phase].toLowerCase()})`, basis: null };
    const state = states.get(round.id);
    if (!state || state.kind === 'loading') return { ...base, value: null, none: 'computing…', basis: null };
    if (state.kind === 'failed') return { ...base, value: null, none: `could not be computed: ${state.message}`, basis: null };
    const report = state.snapshot.report;
    const basis = `${plural(report.coderIds.length, 'coder')} · ${plural(report.documentIds.length, 'document')} · as submitted`;
    const alpha = overallAlpha(state.snapshot);
    if (!alpha) return { ...base, value: null, none: 'α is not among the measures shown', basis };
    if (alpha.undefined) return { ...base, value: null, none: `undefined: ${undefinedReasonText[alpha.reason]}`, basis };
    return { ...base, value: alpha.value, none: null, basis };
  });
}
