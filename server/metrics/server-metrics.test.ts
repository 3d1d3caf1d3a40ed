import { afterEach, describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../tests/support/prometheus-text.ts';
import { ServerMetrics } from './server-metrics.ts';

const metricsToClose: ServerMetrics[] = [];
afterEach(() => {
  for (const metrics of metricsToClose.splice(0)) metrics.close();
});

function createMetrics(sources: Partial<ConstructorParameters<typeof ServerMetrics>[0]> = {}): ServerMetrics {
  const metrics = new ServerMetrics({ roomsLoaded: () => 0, roomsFailing: () => 0, socketsOpen: () => 0, workerJobsWaiting: () => 0, ...sources });
  metricsToClose.push(metrics);
  return metrics;
}

describe('ServerMetrics', () => {
  it('renders every figure an operator needs, as valid exposition text', () => {
    const text = createMetrics({ roomsLoaded: () => 3, roomsFailing: () => 1, socketsOpen: () => 7, workerJobsWaiting: () => 2 }).render();
    const parsed = parsePrometheusText(text);
    expect([...parsed.families.keys()].sort()).toEqual([
      'accord_fanout_lag_seconds',
      'accord_http_request_duration_seconds',
      'accord_http_requests_total',
      'accord_rooms_failing',
      'accord_rooms_loaded',
      'accord_store_append_failures_total',
      'accord_store_append_seconds',
      'accord_stored_bytes_total',
      'accord_updates_accepted_total',
      'accord_websocket_connections',
      'accord_worker_jobs_waiting',
      'nodejs_eventloop_lag_max_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_external_memory_bytes',
      'nodejs_heap_size_total_bytes',
      'nodejs_heap_size_used_bytes',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
    ]);
    expect([parsed.value('accord_rooms_loaded'), parsed.value('accord_rooms_failing'), parsed.value('accord_websocket_connections'), parsed.value('accord_worker_jobs_waiting')]).toEqual([3, 1, 7, 2]);
    expect(parsed.value('accord_fanout_lag_seconds')).toBe(0);
    expect(parsed.families.get('accord_fanout_lag_seconds')!.help).toMatch(/Redis/);
    expect(parsed.value('process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts stored updates and their bytes, and times every append, failed ones too', () => {
    const metrics = createMetrics();
    metrics.observeAppend(3, 120, 0.002);
    metrics.observeAppend(1, 30, 0.2);
    metrics.observeAppendFailure(0.0004);
    const parsed = parsePrometheusText(metrics.render());
    expect(parsed.value('accord_updates_accepted_total')).toBe(4);
    expect(parsed.value('accord_stored_bytes_total')).toBe(150);
    expect(parsed.value('accord_store_append_failures_total')).toBe(1);
    expect(parsed.value('accord_store_append_seconds_count')).toBe(3);
    expect(parsed.value('accord_store_append_seconds_bucket', { le: '0.0005' })).toBe(1);
    expect(parsed.value('accord_store_append_seconds_bucket', { le: '0.0025' })).toBe(2);
  });

  it('counts requests by status class', () => {
    const metrics = createMetrics();
    for (const status of [200, 201, 304, 401, 404, 404, 503]) metrics.observeRequest(status, 0.001);
    const parsed = parsePrometheusText(metrics.render());
    const byClass = Object.fromEntries(['1xx', '2xx', '3xx', '4xx', '5xx'].map((c) => [c, parsed.value('accord_http_requests_total', { status_class: c })]));
    expect(byClass).toEqual({ '1xx': 0, '2xx': 2, '3xx': 1, '4xx': 3, '5xx': 1 });
    expect(parsed.value('accord_http_request_duration_seconds_count')).toBe(7);
  });

  it('reports the fan-out lag it is given', () => {
    const metrics = createMetrics();
    metrics.setFanoutLag(0.125);
    expect(parsePrometheusText(metrics.render()).value('accord_fanout_lag_seconds')).toBe(0.125);
  });
});
