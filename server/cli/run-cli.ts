import { agreementHelp, runAgreementCommand } from './agreement-command.ts';
import { exportHelp, runExportCommand } from './export-command.ts';
import { importHelp, runImportCommand } from './import-command.ts';
import { historyHelp, runHistoryCommand } from './history-command.ts';
import { pathwaysHelp, runPathwaysCommand } from './pathways-command.ts';
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
  accord <command> --help               one command's help
  accord --help                         this text

export and import talk to a running server: --url and --token, or ACCORD_URL and ACCORD_TOKEN.

Exit codes: 0 success, 1 unreadable or invalid input, an unwritable output file, or a server that
refused the request or could not be reached, 2 bad command line.

${agreementHelp}

${exportHelp}

${importHelp}

${historyHelp}

${pathwaysHelp}`;

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
    if (command === 'agreement') return await runAgreementCommand(rest, io);
    if (command === 'export') return await runExportCommand(rest, io);
    if (command === 'import') return await runImportCommand(rest, io);
    if (command === 'history') return await runHistoryCommand(rest, io);
    if (command === 'pathways') return await runPathwaysCommand(rest, io);
    throw new CliError('usage', `unknown command "${command}" (try accord --help)`);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`accord: ${error.message}`);
      return exitCodes[error.reason];
    }
    throw error;
  }
}
