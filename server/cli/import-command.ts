import type { ProjectImportPlanResponse, ProjectImportResponse } from '../../shared/api/index.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';
import { newProjectImportLines, projectImportPlanLines } from './import-report-output.ts';
import { parseArgs } from './parse-args.ts';
import { readInput } from './read-input.ts';
import { serverHelp, serverOptionNames, ServerClient } from './server-client.ts';

export const importHelp = `Usage:
  accord import <file.qdpx> [--into <projectId> [--preview]] [--json] [--url URL] [--token TOKEN]

Sends a REFI-QDA project (from Accord, MAXQDA, ATLAS.ti, NVivo, QualCoder …) to a running Accord
server. Without --into it becomes a new project that you own: its documents, codebook, one
imported coder layer per user who coded, the consensus, memos and attributes. With --into it is
added to an existing project (owners only): documents matched by their text, codes by GUID, path
or name; --preview shows what would be added, matched and left out, and changes nothing.
Prints the server's report (--json: its JSON as it came).

${serverHelp}`;

/**
 * `accord import FILE [--into ID [--preview]]`: `POST /api/projects/import`, or
 * `POST /api/projects/:id/import[?preview=1]`, with the file as multipart field `file`.
 * Returns the exit code.
 *
 * @example
 * await runImportCommand(['study.qdpx', '--into', 'p1', '--preview'], io)
 */
export async function runImportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['into', ...serverOptionNames], ['preview', 'json', 'help']);
  if (args.options.get('help') === true) {
    io.stdout(importHelp);
    return 0;
  }
  const [path, ...extra] = args.positional;
  if (path === undefined) throw new CliError('usage', 'accord import needs a .qdpx file (see accord import --help)');
  if (extra.length > 0) throw new CliError('usage', `unexpected argument ${extra[0]}`);
  const into = args.options.get('into');
  const preview = args.options.get('preview') === true;
  if (preview && typeof into !== 'string') throw new CliError('usage', '--preview needs --into <projectId>: a new project has nothing to preview against');
  const server = ServerClient.fromArgs(args, io);
  const bytes = await readInput(path, io, 'bytes');
  const fileName = path.replace(/^.*[\\/]/, '');
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart], { type: 'application/zip' }), fileName);

  if (typeof into !== 'string') {
    const response = await server.requestJson<ProjectImportResponse>('POST', '/api/projects/import', form);
    if (args.options.get('json') === true) io.stdout(JSON.stringify(response, null, 2));
    else for (const line of newProjectImportLines(fileName, response)) io.stdout(line);
    return 0;
  }
  const response = await server.requestJson<ProjectImportPlanResponse>('POST', `/api/projects/${encodeURIComponent(into)}/import${preview ? '?preview=1' : ''}`, form);
  if (args.options.get('json') === true) io.stdout(JSON.stringify(response, null, 2));
  else for (const line of projectImportPlanLines(fileName, response)) io.stdout(line);
  return 0;
}
