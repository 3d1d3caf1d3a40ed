import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage, StorageOpenError, type SqliteStorage } from './sqlite-storage.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-integrity-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
const opened: SqliteStorage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
});
const open = (dir: string) => {
  const storage = openSqliteStorage(dir);
  opened.push(storage);
  return storage;
};
const closeLast = () => opened.pop()!.close();

/**
 * Waits until a file changed now would get a later change time than `file` has: the kernel stamps
 * change times from a clock that moves in ticks of a few ms, and a write in the same tick as the
 * clean shutdown would be indistinguishable from it (no restart is that quick).
 */
async function untilFileClockPasses(file: string): Promise<void> {
  const probe = `${file}.clock-probe`;
  const changed = fs.statSync(file, { bigint: true }).ctimeNs;
  for (;;) {
    fs.writeFileSync(probe, '');
    if (fs.statSync(probe, { bigint: true }).ctimeNs > changed) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  fs.rmSync(probe);
}

/** A data directory whose database a clean shutdown closed, holding enough rows to span many pages. */
async function cleanlyClosedDirectory(): Promise<string> {
  const dir = path.join(root, `data-${++counter}`);
  const storage = open(dir);
  const row = new TextEncoder().encode('x'.repeat(400));
  for (let i = 0; i < 20; i++) await storage.documents.appendUpdates(`text:p:d${i}`, Array.from({ length: 50 }, () => row));
  await closeLast();
  return dir;
}

describe('SQLite storage: the integrity check at start', () => {
  it('checks a database that no clean shutdown recorded, and skips one that a clean shutdown left unchanged', async () => {
    const dir = path.join(root, `data-${++counter}`);
    expect(open(dir).integrity).toEqual({ checked: false, reason: 'new database' });
    await opened[0]!.documents.appendUpdates('text:p:d', [new Uint8Array([1, 2, 3])]);
    await closeLast();
    expect(open(dir).integrity).toEqual({ checked: false, reason: 'unchanged since a clean shutdown' });
    // The record speaks for one start only: a process killed now would leave none behind.
    expect(fs.readdirSync(dir).filter((name) => name.includes('clean-shutdown'))).toEqual([]);
  });

  it('checks, and refuses, a cleanly closed database whose pages were overwritten afterwards, even with its modification time put back', async () => {
    const dir = await cleanlyClosedDirectory();
    const file = path.join(dir, 'accord.sqlite');
    expect(fs.statSync(file).size).toBeGreaterThan(60 * 4096);
    await untilFileClockPasses(file);
    const timesBefore = `${dir}/times-before`;
    execFileSync('touch', ['-r', file, timesBefore]);
    const handle = fs.openSync(file, 'r+');
    fs.writeSync(handle, Buffer.alloc(8 * 4096, 0xa5), 0, 8 * 4096, 40 * 4096);
    fs.closeSync(handle);
    // Same size, same modification time to the nanosecond: only the change time tells.
    execFileSync('touch', ['-r', timesBefore, file]);
    expect(fs.statSync(file, { bigint: true }).mtimeNs).toBe(fs.statSync(timesBefore, { bigint: true }).mtimeNs);
    expect(() => open(dir)).toThrow(StorageOpenError);
    expect(() => open(dir)).toThrow(/accord\.sqlite is damaged/);
  });

  it('checks a cleanly closed database when another file has been put in its place', async () => {
    const dir = await cleanlyClosedDirectory();
    const file = path.join(dir, 'accord.sqlite');
    await untilFileClockPasses(file);
    fs.copyFileSync(file, `${file}.copy`);
    fs.renameSync(`${file}.copy`, file);
    expect(open(dir).integrity).toMatchObject({ checked: true });
  });

  it('checks a cleanly closed database when its write-ahead log holds pages written since', async () => {
    const dir = await cleanlyClosedDirectory();
    // Another connection that writes without checkpointing: its rows are only in accord.sqlite-wal.
    const writer = new Database(path.join(dir, 'accord.sqlite'));
    try {
      writer.pragma('wal_autocheckpoint = 0');
      writer.exec('CREATE TABLE later (id INTEGER PRIMARY KEY)');
      expect(fs.statSync(path.join(dir, 'accord.sqlite-wal')).size).toBeGreaterThan(0);
      expect(open(dir).integrity).toMatchObject({ checked: true });
    } finally {
      await closeLast();
      writer.close();
    }
  });
});
