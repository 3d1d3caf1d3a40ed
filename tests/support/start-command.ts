import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** How `npm start` starts the compiled server once it is built: its environment and its command. */
export interface StartCommand {
  /** `NAME=value` assignments before the command (malloc tuning), as an environment. */
  readonly env: Readonly<Record<string, string>>;
  /** `node [options] dist/server/main.cjs`, split on spaces. */
  readonly command: readonly string[];
}

/**
 * The last step of `npm start` (`NAME=value … node dist/server/main.cjs`), read from package.json, so
 * that the image's test and bench/compare run the server the way users run it.
 */
export function npmStartCommand(): StartCommand {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = manifest.scripts.start.split(' && ').at(-1)!.split(' ');
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const [name, value] = splitAssignment(words.shift()!);
    env[name] = value;
  }
  return { env, command: words };
}

/** `NAME=value` (the value may hold `=` itself) as its name and value, as a shell or a Dockerfile's `ENV` reads it. */
export function splitAssignment(assignment: string): [name: string, value: string] {
  const at = assignment.indexOf('=');
  return [assignment.slice(0, at), assignment.slice(at + 1)];
}
