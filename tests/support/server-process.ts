import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { serverBuildState } from '../../scripts/build-freshness.mjs';
import { testAdminToken } from './test-server.ts';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly httpUrl: string;
  readonly syncUrl: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  /** Every JSON log line the process has printed so far, parsed. */
  readonly logs: readonly Record<string, unknown>[];
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * How a server process starts: the compiled server when its build is current (`npm test` builds
 * first), as production runs it and ~5× faster to start than the sources through tsx, which serve
 * a test run right after an edit without a build.
 */
export const serverEntry = serverBuildState(repoRoot) === 'fresh' ? [path.join(repoRoot, 'dist/server/main.cjs')] : ['--import', 'tsx', path.join(repoRoot, 'server/main.ts')];

/**
 * Starts the server as a real child process on port 0 and waits for its "listening" log
 * line. Used where the test must kill the process, e.g. `kill -9` durability checks.
 */
export async function spawnServerProcess(dataDir: string, env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, ...serverEntry], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', CLIENT_DIR: path.join(dataDir, 'no-client'), ACCORD_ADMIN_TOKEN: testAdminToken, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  const logs: Record<string, unknown>[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const httpUrl = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s\n${stderr}`)), 20_000);
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        logs.push(entry);
        if (entry.msg === 'listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // Not a log line (e.g. a warning printed by Node); the server's own lines are JSON.
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\n${stderr}`));
    });
  });
  return { child, pid: child.pid!, httpUrl, syncUrl: `${httpUrl.replace('http', 'ws')}/sync`, exited, logs };
}
