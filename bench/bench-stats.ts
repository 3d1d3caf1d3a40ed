import fs from 'node:fs';

/** Resident set size of a process in bytes, from /proc (Linux); null elsewhere. */
export function readRss(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null; // not Linux, or the process has exited
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One line of latency percentiles in ms: `label n= p50 p95 p99 max`. */
export function summary(label: string, samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  return `${label.padEnd(26)} n=${String(sorted.length).padStart(7)}  p50${ms(percentile(sorted, 50))}  p95${ms(percentile(sorted, 95))}  p99${ms(percentile(sorted, 99))}  max${ms(sorted.at(-1) ?? Number.NaN)}`;
}

export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
