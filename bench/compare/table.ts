import { metrics, type Figures, type Metric } from './metrics.ts';
import type { Scenario } from './scenarios.ts';
import { serverKinds, type ServerName } from './servers.ts';
import { aggregate, median, ratioToBest } from './stats.ts';

/** One scenario's runs: per server, per round, its figures, or the error that ended the run. */
export interface ScenarioResults {
  readonly scenario: Scenario;
  readonly runs: ReadonlyMap<ServerName, readonly (Figures | Error)[]>;
}

const format = (value: number, digits: number) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');

/**
 * A block per scenario: a row per figure, a column per server (median over rounds; counts summed),
 * and Accord's ratio to the best other server: the median of the per-round ratios, then each
 * round's ratio in brackets.
 */
export function formatTable(results: readonly ScenarioResults[], servers: readonly ServerName[], rounds: number): string {
  const compared = servers.includes('accord') && servers.length > 1;
  const lines: string[] = [];
  for (const { scenario, runs } of results) {
    const figures = (server: ServerName) => (runs.get(server) ?? []).map((r) => (r instanceof Error ? undefined : r));
    const shown = metrics.filter((m) => servers.some((s) => figures(s).some((f) => f?.[m.key] !== undefined)));
    lines.push('', `${scenario.name}: ${scenario.title}`);
    const header = ['', ...servers.map((s) => serverKinds[s].label), ...(compared ? ['Accord ÷ best other'] : [])];
    const rows = shown.map((metric) => [
      `${metric.label} (${metric.unit})`,
      ...servers.map((s) => format(aggregate(metric, figures(s).map((f) => f?.[metric.key] ?? Number.NaN)), metric.digits)),
      ...(compared ? [ratioCell(metric, figures, servers, rounds)] : []),
    ]);
    const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
    for (const row of [header, ...rows]) lines.push(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  '));
    for (const server of servers) {
      const failures = (runs.get(server) ?? []).filter((r): r is Error => r instanceof Error);
      for (const failure of failures) lines.push(`  ${serverKinds[server].label} failed a round: ${failure.message.split('\n')[0]}`);
    }
  }
  return lines.join('\n');
}

function ratioCell(metric: Metric, figures: (server: ServerName) => (Figures | undefined)[], servers: readonly ServerName[], rounds: number): string {
  const others = servers.filter((s) => s !== 'accord');
  const perRound = Array.from({ length: rounds }, (_, round) =>
    ratioToBest(
      metric,
      figures('accord')[round]?.[metric.key],
      others.map((s) => figures(s)[round]?.[metric.key]),
    ),
  );
  if (perRound.every((r) => !Number.isFinite(r))) return '';
  return `${format(median(perRound), 2)}× (${perRound.map((r) => format(r, 2)).join(' ')})`;
}
