// Writes the compiled server's start-up code cache (server/code-cache.ts) where the server cannot:
// the image's code is read-only to the user it runs as, so its build stage runs this once.
//   node scripts/warm-code-cache.mjs [node options …]   (the options the server will run with)
// Starts `node [options] dist/server/main.cjs` on a throwaway data directory and a free port,
// waits for it to save the cache (3 s after it started), stops it. Caches already there are
// removed first: a server that finds its cache accepted saves none. V8 accepts the cache only
// under the same options, so pass exactly those of the image's CMD.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cacheDir = path.join(root, 'dist/server/code-cache');
const deadlineMs = 30_000;

/** The cache files saved so far. */
const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((name) => name.endsWith('.v8cache')) : []);

fs.rmSync(cacheDir, { recursive: true, force: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-warm-'));
const server = spawn(process.execPath, [...process.argv.slice(2), path.join(root, 'dist/server/main.cjs')], {
  env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let exitCode = null;
server.once('exit', (code) => (exitCode = code ?? 1));

const startedAt = Date.now();
let written = null;
while (written === null && exitCode === null && Date.now() - startedAt < deadlineMs) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  written = cacheFiles()[0] ?? null;
}
if (exitCode === null) {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}
fs.rmSync(dataDir, { recursive: true, force: true });
if (written === null) {
  console.error(`warm-code-cache: the server ${exitCode === null ? `saved no cache within ${deadlineMs / 1000} s` : `exited with ${exitCode}`}`);
  process.exit(1);
}
console.log(`warm-code-cache: wrote dist/server/code-cache/${written}`);
