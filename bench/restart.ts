/**
 * Restart → listening as the database grows (issue 14): a database of `--mb` megabytes of stored
 * updates, then the compiled server, started as `npm start` starts it, restarted `--rounds` times
 * after a clean shutdown (SIGTERM: the integrity check is skipped) and after a `kill -9` (the
 * whole file is read before listening). Prints the median of each, and what each start logged.
 *
 * Usage: node --import tsx bench/restart.ts [--mb 200] [--rounds 5]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStorage } from '../server/persistence/sqlite-storage.ts';
import { serverEntry, spawnServerProcess } from '../tests/support/server-process.ts';
import { npmStartCommand } from '../tests/support/start-command.ts';
import { makeTempDir } from '../tests/support/test-server.ts';
import { median } from './compare/stats.ts';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' } } });
const megabytesWanted = Number(values.mb);
const rounds = Number(values.rounds);
if (serverEntry.includes('--import')) throw new Error('dist/server is missing or older than the sources: run `npm run build` first');

const dataDir = makeTempDir('accord-restart-');
const file = path.join(dataDir, 'accord.sqlite');
// Rooms of 1 MB logs in 16 kB updates: pages of blobs and of the log's index, as a long study has.
const storage = openSqliteStorage(dataDir);
const update = new Uint8Array(16 * 1024).map((_, i) => (i * 31) % 251);
for (let room = 0; fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0) < megabytesWanted * 2 ** 20; room++) {
  await storage.documents.appendUpdates(`text:bench:${room}`, Array.from({ length: 64 }, () => update));
}
await storage.close();
console.log(`database ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB; load average ${os.loadavg()[0]!.toFixed(1)}`);

const start = npmStartCommand();
const timesAfter: Record<'SIGTERM' | 'SIGKILL', number[]> = { SIGTERM: [], SIGKILL: [] };
try {
  // One start first, so that every measured start finds the file's pages in the OS cache.
  let previous = await spawnServerProcess(dataDir, start.env, start.command.slice(1, -1));
  for (let round = 0; round < rounds; round++) {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      previous.child.kill(signal);
      await previous.exited;
      const spawnedAt = performance.now();
      previous = await spawnServerProcess(dataDir, start.env, start.command.slice(1, -1));
      timesAfter[signal].push(performance.now() - spawnedAt);
      if (round === 0) console.log(`  after ${signal}: ${JSON.stringify(previous.logs.find((entry) => entry.msg === 'database opened')?.integrity)}`);
    }
  }
  previous.child.kill('SIGTERM');
  await previous.exited;
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
for (const [signal, times] of Object.entries(timesAfter)) {
  console.log(`restart → listening after ${signal}: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
}
