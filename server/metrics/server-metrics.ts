import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Histogram, writeExposition, type MetricFamily, type Sample } from './prometheus-text.ts';

/** Live figures read at each scrape (nothing is counted twice: these already exist elsewhere). */
export interface MetricsSources {
  /** Rooms in memory, and those among them whose last write failed (kept in memory, retried). */
  roomsLoaded(): number;
  roomsFailing(): number;
  /** Open websockets, whatever their room. */
  socketsOpen(): number;
  /** Jobs sent to the report worker thread and not yet answered. */
  workerJobsWaiting(): number;
}

/** What the HTTP layer reports; `app.ts` sees only this and `render`. */
export interface RequestMetrics {
  observeRequest(status: number, seconds: number): void;
}

/** What the store decorator reports (`measured-store.ts`). */
export interface StoreMetrics {
  observeAppend(updates: number, bytes: number, seconds: number): void;
  observeAppendFailure(seconds: number): void;
}

/** Store appends are one fsync'd SQLite transaction: a millisecond or two, until the disk struggles. */
const appendBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
const nsPerSecond = 1e9;
/** The event-loop monitor's sampling interval: a stall shorter than that is not what an operator is looking for. */
const eventLoopResolutionMs = 10;

/**
 * This process's figures in Prometheus' text format (`GET /metrics`). Counters count from the
 * start of the process; the event-loop delay is measured since the previous scrape.
 */
export class ServerMetrics implements RequestMetrics, StoreMetrics {
  private readonly requests = new Map<string, number>(statusClasses.map((c) => [c, 0]));
  private readonly requestSeconds = new Histogram(requestBuckets);
  private updatesAccepted = 0;
  private bytesStored = 0;
  private appendFailures = 0;
  private readonly appendSeconds = new Histogram(appendBuckets);
  private fanoutLagSeconds = 0;
  private readonly eventLoopDelay: IntervalHistogram;

  constructor(private readonly sources: MetricsSources) {
    this.eventLoopDelay = monitorEventLoopDelay({ resolution: eventLoopResolutionMs });
    this.eventLoopDelay.enable();
  }

  observeRequest(status: number, seconds: number): void {
    const statusClass = `${Math.floor(status / 100)}xx`;
    this.requests.set(statusClass, (this.requests.get(statusClass) ?? 0) + 1);
    this.requestSeconds.observe(seconds);
  }

  observeAppend(updates: number, bytes: number, seconds: number): void {
    this.updatesAccepted += updates;
    this.bytesStored += bytes;
    this.appendSeconds.observe(seconds);
  }

  observeAppendFailure(seconds: number): void {
    this.appendFailures++;
    this.appendSeconds.observe(seconds);
  }

  /** How far behind the fan-out from other instances is (read from the fan-out at each scrape, `server.ts`). */
  setFanoutLag(seconds: number): void {
    this.fanoutLagSeconds = seconds;
  }

  render(): string {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const gauge = (name: string, help: string, value: number): MetricFamily => ({ name, help, type: 'gauge', samples: [{ value }] });
    const counter = (name: string, help: string, value: number): MetricFamily => ({ name, help, type: 'counter', samples: [{ value }] });
    const requestSamples: Sample[] = [...this.requests].map(([statusClass, value]) => ({ labels: { status_class: statusClass }, value }));
    const families: MetricFamily[] = [
      gauge('accord_rooms_loaded', 'Rooms (Yjs documents) in memory.', this.sources.roomsLoaded()),
      gauge('accord_rooms_failing', 'Rooms whose last store write failed; they keep their updates in memory and retry.', this.sources.roomsFailing()),
      gauge('accord_websocket_connections', 'Open sync websockets.', this.sources.socketsOpen()),
      counter('accord_updates_accepted_total', 'Yjs updates accepted and stored (from sockets and server-side changes).', this.updatesAccepted),
      counter('accord_stored_bytes_total', 'Bytes of Yjs updates appended to the store.', this.bytesStored),
      counter('accord_store_append_failures_total', 'Store appends that failed.', this.appendFailures),
      { name: 'accord_store_append_seconds', help: 'Time for one store append (one transaction, one fsync), failed ones included.', type: 'histogram', samples: this.appendSeconds.samples() },
      { name: 'accord_http_requests_total', help: 'HTTP requests answered, by status class (websocket upgrades excluded).', type: 'counter', samples: requestSamples },
      { name: 'accord_http_request_duration_seconds', help: 'Time from request to response headers.', type: 'histogram', samples: this.requestSeconds.samples() },
      gauge('accord_worker_jobs_waiting', 'Jobs queued on or running in the report worker thread.', this.sources.workerJobsWaiting()),
      gauge('accord_fanout_lag_seconds', 'Delay of the last update another instance stored, from its publish to its arrival here (Redis fan-out, REDIS_URL); 0 for a single instance.', this.fanoutLagSeconds),
      ...this.eventLoopFamilies(),
      gauge('process_resident_memory_bytes', 'Resident set size.', memory.rss),
      gauge('nodejs_heap_size_total_bytes', 'V8 heap allocated.', memory.heapTotal),
      gauge('nodejs_heap_size_used_bytes', 'V8 heap used.', memory.heapUsed),
      gauge('nodejs_external_memory_bytes', 'Memory outside the V8 heap (Yjs update buffers among it).', memory.external),
      counter('process_cpu_seconds_total', 'User and system CPU time.', (cpu.user + cpu.system) / 1e6),
      gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch.', Math.round(Date.now() / 1000 - process.uptime())),
    ];
    return writeExposition(families);
  }

  /**
   * p99 and maximum since the previous scrape; the monitor is reset so each scrape sees its own
   * window. The monitor records the whole time between its timer's ticks, so the sampling interval
   * is taken off: what remains is how late the loop was.
   */
  private eventLoopFamilies(): MetricFamily[] {
    const histogram = this.eventLoopDelay;
    const late = (ns: number) => (histogram.count > 0 ? Math.max(0, ns / nsPerSecond - eventLoopResolutionMs / 1000) : 0);
    const p99 = late(histogram.percentile(99));
    const max = late(histogram.max);
    histogram.reset();
    return [
      { name: 'nodejs_eventloop_lag_p99_seconds', help: 'Event-loop delay (how late a 10 ms timer fires), 99th percentile since the previous scrape.', type: 'gauge', samples: [{ value: p99 }] },
      { name: 'nodejs_eventloop_lag_max_seconds', help: 'Event-loop delay (how late a 10 ms timer fires), maximum since the previous scrape.', type: 'gauge', samples: [{ value: max }] },
    ];
  }

  close(): void {
    this.eventLoopDelay.disable();
  }
}
