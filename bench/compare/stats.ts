import { percentile } from '../bench-stats.ts';
import type { Metric } from './metrics.ts';

/** Median of the finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentiles(samples: readonly number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** The rounds folded into one figure: counts add up, everything else takes the median. */
export function aggregate(metric: Metric, perRound: readonly number[]): number {
  if (metric.better !== 'count') return median(perRound);
  const present = perRound.filter(Number.isFinite);
  return present.length === 0 ? Number.NaN : present.reduce((sum, v) => sum + v, 0);
}

/**
 * Accord's figure divided by the best other server's figure of the same round (the lowest, or the
 * highest where higher is better). Below 1 means Accord is ahead for "lower", behind for
 * "higher". NaN when the metric is not compared or a figure is missing.
 */
export function ratioToBest(metric: Metric, accord: number | undefined, others: readonly (number | undefined)[]): number {
  if (metric.better !== 'lower' && metric.better !== 'higher') return Number.NaN;
  const present = others.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (accord === undefined || !Number.isFinite(accord) || present.length === 0) return Number.NaN;
  const best = metric.better === 'lower' ? Math.min(...present) : Math.max(...present);
  return best === 0 ? Number.NaN : accord / best;
}
