import { CliError, exitCodes } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';

export const mainHelp = `accord — collaborative qualitative coding

Usage:
  accord agreement <file> [options]     inter-coder agreement of a REFI-QDA project (.qdpx from any tool),
                                        or of a units × coders, continuum or study file (offline)
  accord agreement --vectors <file>     compute every vector of a vectors.json file (one JSON line each)
  accord export <projectId> -o FILE     download a project from a server as .qdpx, .qdc, .csv or .xlsx
  accord import <file.qdpx>             import a REFI-QDA project into a server: a new project, or
                                        --into an existing one (--preview first)
  accord history verify --data-dir DIR  check the coding history's hash chain (exit 1 at the first broken seq)
  accord pathways <input.json>          merged pathway graph of stage codings, or its Mermaid/DOT/CSV export
  accord migrate [--status] --data-dir DIR | --database-url URL   the database schema's version; apply what is pending
  accord <command> --help               one command's help
  accord --help                         this text

export and import talk to a running server: --url and --token, or ACCORD_URL and ACCORD_TOKEN.

Exit codes: 0 success, 1 unreadable or invalid input, an unwritable output file, or a server that
refused the request or could not be reached, 2 bad command line.`;

interface Command {
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
  readonly help: string;
}

/**
 * Each command is loaded when it runs, not before: `accord --help` or `accord agreement` then
 * never load PostgreSQL's driver, SQLite or the zip and XML readers they do not use (the
 * compiled CLI is split per command for the same reason).
 */
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  agreement: async () => {
    const m = await import('./agreement-command.ts');
    return { run: m.runAgreementCommand, help: m.agreementHelp };
  },
  export: async () => {
    const m = await import('./export-command.ts');
    return { run: m.runExportCommand, help: m.exportHelp };
  },
  import: async () => {
    const m = await import('./import-command.ts');
    return { run: m.runImportCommand, help: m.importHelp };
  },
  history: async () => {
    const m = await import('./history-command.ts');
    return { run: m.runHistoryCommand, help: m.historyHelp };
  },
  pathways: async () => {
    const m = await import('./pathways-command.ts');
    return { run: m.runPathwaysCommand, help: m.pathwaysHelp };
  },
  migrate: async () => {
    const m = await import('./migrate-command.ts');
    return { run: m.runMigrateCommand, help: m.migrateHelp };
  },
};

/**
 * Runs the accord CLI with the given arguments (without `node` and the script) and returns the
 * exit code; errors become one "accord: …" line on stderr.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), io)
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(mainHelp);
      return command === undefined ? exitCodes.usage : 0;
    }
    const load = commands[command];
    if (load) {
      const { run, help } = await load();
      if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
        io.stdout(help);
        return 0;
      }
      return await run(rest, io);
    }
    throw new CliError('usage', `unknown command "${command}" (try accord --help)`);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`accord: ${error.message}`);
      return exitCodes[error.reason];
    }
    throw error;
  }
}
