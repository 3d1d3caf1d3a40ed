/**
 * What authenticating an API request costs, by credential (issue 14): the compiled server, started
 * as `npm start` starts it, answers `GET /api/projects` for a person signed in with a session
 * cookie, for the same person's API token (what the CLI and scripts use) and for the admin token.
 * Each credential gets `--requests` requests from `--clients` clients at once; the bench prints
 * p50/p99 of the request's time, requests per second and the server's CPU per request (what
 * stops the event loop for everyone else: bench/event-loop.ts).
 *
 * Usage: node --import tsx bench/api-requests.ts [--requests 2000] [--clients 8]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ApiClient } from '../tests/support/api-client.ts';
import { serverEntry, spawnServerProcess } from '../tests/support/server-process.ts';
import { npmStartCommand } from '../tests/support/start-command.ts';
import { makeTempDir, testAdminToken } from '../tests/support/test-server.ts';
import { cpuMs } from './compare/process-meter.ts';
import { percentile } from './bench-stats.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' }, clients: { type: 'string', default: '8' } } });
const requests = Number(values.requests);
const clients = Number(values.clients);
if (!(Number.isInteger(requests) && requests >= 100 && requests <= 100_000)) throw new Error('--requests must be a whole number from 100 to 100000');
if (!(Number.isInteger(clients) && clients >= 1 && clients <= 64)) throw new Error('--clients must be a whole number from 1 to 64');
if (serverEntry.includes('--import')) throw new Error('dist/server is missing or older than the sources: run `npm run build` first');

const start = npmStartCommand();
const server = await spawnServerProcess(makeTempDir('accord-api-bench-'), start.env, start.command.slice(1, -1));
try {
  const person = new ApiClient(server.httpUrl);
  await person.signIn('coder@example.org', 'Coder');
  const token = (await person.post('/api/tokens', { name: 'bench' })).body.token as string;
  // Something to list: the person's own projects.
  for (let i = 0; i < 5; i++) await person.post('/api/projects', { name: `Study ${i + 1}` });

  const credentials: [string, ApiClient][] = [
    ['session cookie', person],
    ['API token', person.withToken(token)],
    ['admin token', new ApiClient(server.httpUrl, testAdminToken)],
  ];
  console.log(`api-requests — ${requests} × GET /api/projects per credential, ${clients} clients at once; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  // Warm-up: the first thousands of requests compile the routes' code (whichever credential came
  // first measured twice as slow without this).
  for (const [, client] of credentials) await run(client, 1000);
  for (const [label, client] of credentials) {
    const cpuBefore = cpuMs(server.pid);
    const started = performance.now();
    const times = await run(client, requests);
    const seconds = (performance.now() - started) / 1000;
    const cpuPerRequestUs = ((cpuMs(server.pid) - cpuBefore) * 1000) / requests;
    console.log(
      `${label.padEnd(15)} p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, ${Math.round(requests / seconds)} requests/s, ` +
        `server CPU ${Math.round(cpuPerRequestUs)} µs per request`,
    );
  }
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
}

/** `count` requests from `clients` clients at once; each request's time in ms. */
async function run(client: ApiClient, count: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        next++;
        const sent = performance.now();
        const response = await client.get('/api/projects');
        if (response.status !== 200) throw new Error(`GET /api/projects: ${response.status} ${JSON.stringify(response.body)}`);
        times.push(performance.now() - sent);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}
