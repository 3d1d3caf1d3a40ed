import { CliError } from './cli-error.ts';

/** A parsed command line: positional arguments and `--name value` / `--flag` options. */
export type ParsedArgs = {
  readonly positional: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
};

/**
 * Parses `--name value`, `--name=value` and bare flags; only names in `valued` take a value, only
 * names in `flags` stand alone, anything else is a usage error. `aliases` maps one-letter options
 * to long names (`{ o: 'output' }` reads `-o FILE` as `--output FILE`).
 *
 * @example
 * parseArgs(['data.csv', '--measure', 'cohen_kappa', '--json'], ['measure'], ['json'])
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[], aliases: Readonly<Record<string, string>> = {}): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const short = /^-([a-zA-Z])$/.exec(argv[i] as string);
    const arg = short && aliases[short[1]!] !== undefined ? `--${aliases[short[1]!]}` : (argv[i] as string);
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      // Options are `-x` or `--name`; a longer word after one dash is an argument (ids made
      // before they stopped starting with `-`).
      if (/^-[^-]$/.test(arg) && arg !== '-h') throw new CliError('usage', `unknown option ${arg}`);
      if (arg === '-h') options.set('help', true);
      else positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (valued.includes(name)) {
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new CliError('usage', `option --${name} needs a value`);
      options.set(name, value);
    } else if (flags.includes(name)) {
      if (eq >= 0) throw new CliError('usage', `option --${name} takes no value`);
      options.set(name, true);
    } else {
      throw new CliError('usage', `unknown option --${name}`);
    }
  }
  return { positional, options };
}
