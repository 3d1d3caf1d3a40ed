import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { serverEntry, spawnServerProcess, type ServerProcess } from '../support/server-process.ts';
import { makeTempDir } from '../support/test-server.ts';
import { execFileSync, spawn } from 'node:child_process';
import { requireOrSkip } from '../support/requirements.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const running: ServerProcess[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});

/** Runs the server on `dataDir` expecting it to refuse to start; returns its exit code and stderr. */
function startExpectingRefusal(dataDir: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, serverEntry, {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', CLIENT_DIR: path.join(dataDir, 'no-client') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // A server that starts after all is stopped, so a failing test leaves no process behind.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/** What the server's start-up log says it did about the database's integrity. */
const integrityLogged = (server: ServerProcess) => server.logs.find((entry) => entry.msg === 'database opened')?.integrity;

describe('starting on a data directory', () => {
  it('refuses a second process on a data directory another process is using, with a clear message', async () => {
    const dataDir = makeTempDir();
    running.push(await spawnServerProcess(dataDir));
    const second = await startExpectingRefusal(dataDir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('Another Accord process is already using the data directory');
    expect(second.stdout).not.toContain('"listening"');
  });

  it('starts again on the same directory after the first process was killed with SIGKILL, checking the database first', async () => {
    const dataDir = makeTempDir();
    const first = await spawnServerProcess(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await spawnServerProcess(dataDir);
    running.push(second);
    expect(integrityLogged(second)).toMatchObject({ checked: true });
  });

  it('skips reading the whole database again after a clean shutdown left it unchanged', async () => {
    const dataDir = makeTempDir();
    const first = await spawnServerProcess(dataDir);
    expect(integrityLogged(first)).toEqual({ checked: false, reason: 'new database' });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = await spawnServerProcess(dataDir);
    running.push(second);
    expect(integrityLogged(second)).toEqual({ checked: false, reason: 'unchanged since a clean shutdown' });
  });

  it('refuses a file that is not a database, saying so without a stack trace', async () => {
    const dataDir = makeTempDir();
    fs.writeFileSync(path.join(dataDir, 'accord.sqlite'), Buffer.alloc(64 * 1024, 0x5a));
    const result = await startExpectingRefusal(dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/accord\.sqlite is damaged/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a database with damaged pages at start instead of answering with errors later', async () => {
    const dataDir = makeTempDir();
    const file = path.join(dataDir, 'accord.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX filler_body ON filler (body);');
    const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
    db.close();
    // Overwrite a run of pages in the middle of the file; the header (page 1) stays valid.
    const handle = fs.openSync(file, 'r+');
    fs.writeSync(handle, Buffer.alloc(8 * 4096, 0xa5), 0, 8 * 4096, 40 * 4096);
    fs.closeSync(handle);
    const result = await startExpectingRefusal(dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/accord\.sqlite is damaged/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a database on a read-only disk, saying what to check, without a stack trace', async (context) => {
    // A tmpfs of our own, remounted read-only (root, as on the CI machine; as root, file modes
    // alone would not stop a write).
    const disk = makeTempDir('accord-ro-disk-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk], { stdio: 'ignore' });
    } catch {
      if (!requireOrSkip(false, 'mounting a tmpfs (root) for a read-only disk')) return context.skip();
    }
    try {
      const dataDir = path.join(disk, 'data');
      const first = await spawnServerProcess(dataDir);
      first.child.kill('SIGTERM');
      await first.exited;
      execFileSync('mount', ['-o', 'remount,ro', disk]);
      const result = await startExpectingRefusal(dataDir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot be opened for writing|read-only/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      execFileSync('umount', [disk]);
    }
  });
});
