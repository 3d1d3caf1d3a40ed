/** Why the CLI gave up; each reason maps to one exit code (see `accord --help`). */
export const CliErrorReason = {
  /** Bad command line: unknown command or option, missing argument, unknown measure. */
  usage: 'usage',
  /** The input could not be read or is not valid agreement data. */
  input: 'input',
  /** An output file could not be written. */
  output: 'output',
  /** The Accord server could not be reached, or refused the request (its message is printed). */
  server: 'server',
} as const;
export type CliErrorReason = (typeof CliErrorReason)[keyof typeof CliErrorReason];

export const exitCodes: Readonly<Record<CliErrorReason, number>> = { usage: 2, input: 1, output: 1, server: 1 };

/**
 * An error the CLI reports as one line on stderr, then exits with the reason's code.
 *
 * @example
 * throw new CliError('usage', 'unknown option --foo')
 */
export class CliError extends Error {
  readonly reason: CliErrorReason;

  constructor(reason: CliErrorReason, message: string) {
    super(message);
    this.name = 'CliError';
    this.reason = reason;
  }
}
