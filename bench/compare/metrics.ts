/**
 * The figures each run reports, with how the table shows and compares them. `better` says which
 * direction wins (the ratio divides Accord by the best other server in that direction); counts
 * add up over rounds instead of taking the median, and get no ratio (0 ÷ 0 says nothing).
 * Initial sync runs from creating the provider until it is synced and holds the whole document
 * (a client synced short of it counts when the rest has arrived).
 */
export const metrics = [
  { key: 'deliveryP50', label: 'per delivery p50', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'deliveryP95', label: 'per delivery p95', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'deliveryP99', label: 'per delivery p99', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'allPeersP50', label: 'to all peers p50', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'allPeersP95', label: 'to all peers p95', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'allPeersP99', label: 'to all peers p99', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'updatesPerSecond', label: 'updates relayed', unit: '/s', better: 'higher', digits: 0 },
  { key: 'undelivered', label: 'edits not at all peers', unit: 'count', better: 'count', digits: 0 },
  { key: 'syncP50', label: 'initial sync p50', unit: 'ms', better: 'lower', digits: 0 },
  { key: 'syncP95', label: 'initial sync p95', unit: 'ms', better: 'lower', digits: 0 },
  { key: 'cpuPerDeliveryUs', label: 'server CPU per delivery', unit: 'µs', better: 'lower', digits: 1 },
  { key: 'cpuPerSyncMs', label: 'server CPU per initial sync', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'peakRssMb', label: 'server peak RSS', unit: 'MB', better: 'lower', digits: 0 },
  { key: 'startToListenMs', label: 'start → listening', unit: 'ms', better: 'lower', digits: 0 },
  { key: 'restartToListenMs', label: 'restart → listening', unit: 'ms', better: 'lower', digits: 0 },
  { key: 'incompleteSyncs', label: 'synced incomplete', unit: 'count', better: 'count', digits: 0 },
  { key: 'acknowledged', label: 'acknowledged updates', unit: 'count', better: 'count', digits: 0 },
  { key: 'lostUpdates', label: 'lost acknowledged', unit: 'count', better: 'count', digits: 0 },
  { key: 'quietWaitMs', label: 'waited for a quiet server', unit: 'ms', better: 'neither', digits: 0 },
  { key: 'clientCpuCores', label: 'client workers CPU', unit: 'cores', better: 'neither', digits: 2 },
] as const;

export type Metric = (typeof metrics)[number];
export type MetricKey = Metric['key'];
/** One run's figures; a scenario fills only the ones it measures. */
export type Figures = Partial<Record<MetricKey, number>>;
