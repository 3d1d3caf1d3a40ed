// `npm start` runs this before `node dist/server/main.cjs`: compiles the server and builds the client
// when either is missing or older than its sources, so `npm install && npm start` works on a fresh
// clone and never runs code older than what is checked out.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { clientBuildState, serverBuildState } from './build-freshness.mjs';

const root = path.resolve(import.meta.dirname, '..');
const why = { missing: 'first start', stale: 'sources changed' };

const server = serverBuildState(root);
if (server !== 'fresh') {
  console.log(`Compiling the server (${why[server]})…`);
  const { buildServer } = await import('./build-server.mjs');
  await buildServer(root);
}

const client = clientBuildState(root);
if (client !== 'fresh') {
  console.log(`Building the client (${why[client]})…`);
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
