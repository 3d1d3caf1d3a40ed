import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Clock ticks per second of /proc/<pid>/stat's CPU fields (100 on Linux almost everywhere). */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system, all threads) a live process has used so far, in ms; from /proc (Linux). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/** The process's peak resident set size so far (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** CPU time of every thread of a live process so far, in ms, from the scheduler's own count (ns; Linux). */
function threadsCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read: its time is no longer counted anywhere.
    }
  }
  return ns / 1e6;
}

/** A server counts as quiet once a window this long passes… */
const quietWindowMs = 500;
/** …with less than this share of one core used in it. */
const quietCpuShare = 0.05;
const profiledWaitMs = 3_000;

/**
 * Waits until the server has finished what the set-up set off in the background (Accord indexes a
 * pasted transcript for search, a one-off at import), so a run measures the steady state of
 * syncing and editing, the same for every server. Resolves with the time waited; gives up after
 * `timeoutMs` (the run then goes on, and the wait shows in the table).
 */
export async function waitUntilQuiet(pid: number, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  // A CPU profiler samples every thread a thousand times a second, so a profiled server is never
  // quiet by this measure: it gets a fixed wait instead, long enough for the indexing to end.
  if (process.env.BENCH_COMPARE_CPU_PROF) {
    await sleep(profiledWaitMs);
    return performance.now() - started;
  }
  let before = threadsCpuMs(pid);
  while (performance.now() - started < timeoutMs) {
    await sleep(quietWindowMs);
    const now = threadsCpuMs(pid);
    if (now - before < quietWindowMs * quietCpuShare) break;
    before = now;
  }
  return performance.now() - started;
}
