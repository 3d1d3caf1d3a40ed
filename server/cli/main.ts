// Entry point of the `accord` CLI (bin/accord.mjs imports this): the only place that runs it on the
// real process — argv, files, environment, network, stdout/stderr, exit code.
import { nodeIo } from './node-io.ts';
import { runCli } from './run-cli.ts';

// `accord … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
