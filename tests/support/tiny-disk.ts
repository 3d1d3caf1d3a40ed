import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './test-server.ts';

/** A small tmpfs of our own: a disk that really fills up (needs root, as on the CI machine). */
export function mountTinyDisk(megabytes: number, prefix = 'accord-tiny-disk-'): string {
  const dir = makeTempDir(prefix);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch (error) {
    fs.rmdirSync(dir);
    throw error;
  }
  return dir;
}

export function unmountTinyDisk(dir: string): void {
  execFileSync('umount', [dir]);
  fs.rmdirSync(dir);
}

/** Whether this machine lets us mount a tmpfs; the probe is unmounted and removed at once. */
export function canMountTmpfs(): boolean {
  let dir: string;
  try {
    dir = mountTinyDisk(1);
  } catch {
    return false; // not root, or no mount(8): the full-disk cases skip (a failure under CI=true)
  }
  unmountTinyDisk(dir);
  return true;
}

const chunk = Buffer.alloc(16 * 1024);

/**
 * Fills the disk at `dir` with a file named `filler` until at most `leaveBytes` are free, and
 * returns the file's path. A server writing to the same disk meanwhile takes space between our
 * look at what is free and our write, so the fill goes in chunks and a full disk ends it early
 * (one big write of "what was free" failed with ENOSPC on a CI run).
 */
export function fillDisk(dir: string, leaveBytes: number): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'a');
  try {
    for (;;) {
      const stats = fs.statfsSync(dir);
      const free = stats.bavail * stats.bsize;
      if (free <= leaveBytes) break;
      try {
        fs.writeSync(fd, chunk, 0, Math.min(chunk.length, free - leaveBytes));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}
