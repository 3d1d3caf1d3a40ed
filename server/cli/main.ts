// Entry point of the `accord` CLI (bin/accord.mjs imports this): the only place that touches the
// real process — argv, files, stdout/stderr, exit code.
import { readFile } from 'node:fs/promises';
import { runCli } from './run-cli.ts';

// `accord … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
