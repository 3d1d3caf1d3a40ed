/** Why aggregation, filtering or unrolling rejected its input. A closed set, translated at the boundary. */
export const PathwayGraphErrorReason = {
  /** Two inputs claim the same participant: its counts would be doubled. */
  duplicateParticipant: 'duplicateParticipant',
  /** A sequence or edge names a stage that is not in the stage set. */
  unknownStage: 'unknownStage',
  /** The caller's scope lists other participants than the inputs it passed. */
  scopeMismatch: 'scopeMismatch',
  /** A visibility threshold that is negative, not a number, or a share outside [0, 1]. */
  invalidThreshold: 'invalidThreshold',
  /** `maxSteps` of the by-step unrolling is not a positive integer. */
  invalidMaxSteps: 'invalidMaxSteps',
} as const;
export type PathwayGraphErrorReason = (typeof PathwayGraphErrorReason)[keyof typeof PathwayGraphErrorReason];

/**
 * The one error type of A-3 (aggregate, filters, unrolling): bad input, reported loudly rather
 * than turned into a plausible-looking but wrong diagram.
 *
 * @example
 * throw new PathwayGraphError('duplicateParticipant', 'participant P1 is given twice')
 */
export class PathwayGraphError extends Error {
  readonly reason: PathwayGraphErrorReason;

  constructor(reason: PathwayGraphErrorReason, message: string) {
    super(message);
    this.name = 'PathwayGraphError';
    this.reason = reason;
  }
}
