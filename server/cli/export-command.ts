import { exportSkippedHeader } from '../../shared/api/index.ts';
import { CliError } from './cli-error.ts';
import { requireIo, type CliIo } from './cli-io.ts';
import { parseArgs } from './parse-args.ts';
import { serverHelp, serverOptionNames, ServerClient } from './server-client.ts';

export const exportHelp = `Usage:
  accord export <projectId> -o FILE [--format qdpx|qdc|csv|xlsx|codebook-csv|codebook-md|decisions-csv]
                [--url URL] [--token TOKEN]

Downloads a project from a running Accord server: qdpx the whole project as a REFI-QDA file
(documents, codebook, every coder's layer and the consensus, memos, attributes), qdc its codebook,
csv/xlsx its codings as a table, decisions-csv the reconciliation log (these owners only);
codebook-csv/codebook-md the codebook as a table or Markdown (any member). --format defaults to
FILE's extension, else qdpx.
The file is written to FILE.part, then renamed, so FILE is never half-written.

${serverHelp}`;

/** Formats inferred from the output file's extension (any other --format goes to the server as given). */
const knownFormats = ['qdpx', 'qdc', 'csv', 'xlsx'] as const;

/**
 * `accord export <projectId> -o FILE`: `GET /api/projects/:id/export?format=…`, written whole.
 * Returns the exit code.
 *
 * @example
 * await runExportCommand(['p1', '--format', 'qdpx', '-o', 'study.qdpx'], io)
 */
export async function runExportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['format', 'output', ...serverOptionNames], ['help'], { o: 'output' });
  if (args.options.get('help') === true) {
    io.stdout(exportHelp);
    return 0;
  }
  const [projectId, ...extra] = args.positional;
  if (projectId === undefined) throw new CliError('usage', 'accord export needs a project id (see accord export --help)');
  if (extra.length > 0) throw new CliError('usage', `unexpected argument ${extra[0]}`);
  const output = args.options.get('output');
  if (typeof output !== 'string' || output === '') throw new CliError('usage', 'accord export needs -o FILE (where to write the export)');
  const given = args.options.get('format');
  const extension = /\.([a-z0-9]+)$/i.exec(output)?.[1]?.toLowerCase();
  const format = typeof given === 'string' ? given : (knownFormats as readonly string[]).includes(extension ?? '') ? extension! : 'qdpx';

  const server = ServerClient.fromArgs(args, io);
  const response = await server.request('GET', `/api/projects/${encodeURIComponent(projectId)}/export?format=${encodeURIComponent(format)}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  await writeWhole(output, bytes, io);
  io.stdout(`Wrote ${output}: ${bytes.length.toLocaleString('en')} bytes (${format} export of project ${projectId}).`);
  const skipped = Number(response.headers.get(exportSkippedHeader) ?? '0');
  if (skipped > 0) {
    io.stdout(
      `The server left ${skipped === 1 ? '1 coding' : `${skipped} codings`} out of the file (${exportSkippedHeader}: text deleted since it was coded, or a position inside a character)` +
        (format === 'qdpx' ? '; the file\'s project description lists each.' : '.'),
    );
  }
  return 0;
}

/** Writes FILE.part and renames it over FILE: a failed or interrupted write never leaves a partial FILE. */
async function writeWhole(path: string, bytes: Uint8Array, io: CliIo): Promise<void> {
  const part = `${path}.part`;
  try {
    await requireIo(io, 'writeFile')(part, bytes);
    await requireIo(io, 'rename')(part, path);
  } catch (error) {
    await requireIo(io, 'removeFile')(part);
    throw new CliError('output', `cannot write ${path}: ${(error as Error).message}`);
  }
}
