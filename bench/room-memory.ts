/**
 * What a loaded room costs the server (issue 14): a real server process, `--rooms` documents of a
 * `--chars`-character transcript, made by one server process; a second, started afresh, is
 * measured as one stock client opens each text room in turn, started as `npm start` starts it
 * (the compiled server, its V8 option and malloc setting). Prints the baseline,
 * the total, and the cost per room. Ends with every client gone: the rooms are left to unload.
 *
 * Usage: node --import tsx bench/room-memory.ts [--rooms 10] [--chars 1400000]
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ApiClient } from '../tests/support/api-client.ts';
import { serverEntry, spawnServerProcess } from '../tests/support/server-process.ts';
import { npmStartCommand } from '../tests/support/start-command.ts';
import { createSyncClient, waitForSynced, type SyncClient } from '../tests/support/sync-client.ts';
import { makeTempDir } from '../tests/support/test-server.ts';
import { megabytes } from './bench-stats.ts';

const { values } = parseArgs({ options: { rooms: { type: 'string', default: '10' }, chars: { type: 'string', default: '1400000' } } });
const roomCount = Number(values.rooms);
// From source the server carries tsx and its compiler: ~70 MB that no deployment has.
if (serverEntry.includes('--import')) throw new Error('dist/server is missing or older than the sources: run `npm run build` first');
const chars = Number(values.chars);

/** Resident memory of a process (Linux), in bytes. */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

const words = 'so we started with the pilot and then the team asked what support they needed from us ';
const transcript = words.repeat(Math.ceil(chars / words.length)).slice(0, chars);
const dataDir = makeTempDir('accord-room-memory-');
const clients: SyncClient[] = [];
// Documents are made by one process; a second, started afresh on them, is measured.
const maker = await spawnServerProcess(dataDir);
const rooms: string[] = [];
try {
  const admin = ApiClient.admin(maker.httpUrl);
  const project = (await admin.post('/api/projects', { name: 'Room memory' })).body.id as string;
  for (let i = 0; i < roomCount; i++) {
    const document = await admin.post(`/api/projects/${project}/documents`, { name: `Interview ${i + 1}`, text: transcript });
    if (document.status !== 201) throw new Error(`creating a document: ${document.status} ${JSON.stringify(document.body)}`);
    rooms.push(`text:${project}:${document.body.id as string}`);
  }
} finally {
  maker.child.kill('SIGTERM');
  await maker.exited;
}
// Measured as `npm start` runs it (its V8 option and malloc setting: 10-15% of RSS between them).
const start = npmStartCommand();
const server = await spawnServerProcess(dataDir, { ...start.env, ROOM_IDLE_UNLOAD_MS: '600000' }, start.command.slice(1, -1));
try {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const baseline = rssOf(server.pid);
  console.log(`${roomCount} rooms of ${chars.toLocaleString('en')} characters; load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`server RSS before any room is open: ${megabytes(baseline)}`);
  for (const [i, room] of rooms.entries()) {
    const client = createSyncClient(server.syncUrl, room);
    clients.push(client);
    await waitForSynced(client, 60_000);
    if (i === 0 || i === rooms.length - 1) console.log(`  ${i + 1} room(s) open: RSS ${megabytes(rssOf(server.pid))}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const loaded = rssOf(server.pid);
  console.log(`all ${roomCount} open: RSS ${megabytes(loaded)}; per room ${megabytes((loaded - baseline) / roomCount)}`);
} finally {
  for (const client of clients) client.destroy();
  server.child.kill('SIGTERM');
  await server.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
}
