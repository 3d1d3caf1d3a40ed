import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { CliIo } from './cli-io.ts';

/**
 * The real process as the CLI sees it: files, the environment, the network, stdout and stderr.
 * `main.ts` runs the CLI on it; tests take its file and network parts and collect the output.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo());
 */
export function nodeIo(): Required<CliIo> {
  return {
    readFile: (path) => readFile(path, 'utf8'),
    readBytes: async (path) => new Uint8Array(await readFile(path)),
    writeFile: (path, bytes) => writeFile(path, bytes),
    rename: (from, to) => rename(from, to),
    removeFile: (path) => rm(path, { force: true }),
    env: process.env,
    fetch: globalThis.fetch,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  };
}
