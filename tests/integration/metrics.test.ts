import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, seedProject } from '../support/api-client.ts';
import { parsePrometheusText, type PrometheusText } from '../support/prometheus-text.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

const metricsToken = 'prometheus-scrape-token-0123456789abcdef';
const metricNames = [
  'accord_rooms_loaded',
  'accord_websocket_connections',
  'accord_updates_accepted_total',
  'accord_stored_bytes_total',
  'accord_store_append_seconds',
  'accord_http_requests_total',
  'nodejs_eventloop_lag_p99_seconds',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'accord_worker_jobs_waiting',
  'accord_fanout_lag_seconds',
];

const scrapeWith = (server: TestServer, token: string | null, headers: Record<string, string> = {}) =>
  fetch(`${server.httpUrl}/metrics`, { headers: { ...headers, ...(token && { authorization: `Bearer ${token}` }) } });

async function scrape(server: TestServer): Promise<PrometheusText> {
  const response = await scrapeWith(server, metricsToken);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

describe('GET /metrics', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN: metricsToken } });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  it('refuses a request without a bearer token (401) and any token but the metrics and administrator tokens (403)', async () => {
    const anonymous = await scrapeWith(server, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.text()).not.toContain('accord_');
    expect((await scrapeWith(server, 'not-the-metrics-token-0123456789')).status).toBe(403);

    // A signed-in person's API token and session cookie read the API, not the metrics.
    const ana = new ApiClient(server.httpUrl);
    await ana.signIn('ana.metrics@example.org');
    const apiToken = (await ana.post('/api/tokens', { name: 'script' })).body.token as string;
    expect((await scrapeWith(server, apiToken)).status).toBe(403);
    expect((await scrapeWith(server, null, { cookie: ana.sessionCookie! })).status).toBe(401);
  });

  it('serves Prometheus text to the metrics token and to the administrator token', async () => {
    for (const token of [metricsToken, testAdminToken]) {
      const response = await scrapeWith(server, token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const parsed = parsePrometheusText(await response.text());
      for (const name of metricNames) expect(parsed.families.has(name), name).toBe(true);
    }
  });

  it("moves its counters when a stock y-websocket client's update is stored", async () => {
    const { textRoom } = await seedProject(server.httpUrl);
    const writer = createSyncClient(server.syncUrl, textRoom);
    const witness = createSyncClient(server.syncUrl, textRoom);
    clients.push(writer, witness);
    await Promise.all([waitForSynced(writer), waitForSynced(witness)]);
    const before = await scrape(server);
    expect(before.value('accord_websocket_connections')).toBeGreaterThanOrEqual(2);
    expect(before.value('accord_rooms_loaded')).toBeGreaterThanOrEqual(1);

    writer.doc.getText('notes').insert(0, 'a coded passage, stored before it is seen');
    // The witness sees it only after the store acknowledged it (stored before seen).
    await waitFor(() => witness.doc.getText('notes').length > 0, 5000, 'the witness to receive the update');
    const after = await scrape(server);
    expect(after.value('accord_updates_accepted_total')).toBeGreaterThan(before.value('accord_updates_accepted_total'));
    expect(after.value('accord_stored_bytes_total') - before.value('accord_stored_bytes_total')).toBeGreaterThanOrEqual('a coded passage, stored before it is seen'.length);
    expect(after.value('accord_store_append_seconds_count')).toBeGreaterThan(before.value('accord_store_append_seconds_count'));
    // The scrape before this one is a 2xx request counted by now.
    expect(after.value('accord_http_requests_total', { status_class: '2xx' })).toBeGreaterThan(before.value('accord_http_requests_total', { status_class: '2xx' }));
  });
});

describe('GET /metrics with no token configured', () => {
  it('is refused to everyone, saying which variable turns it on', async () => {
    const server = await startTestServer({ env: { ACCORD_ADMIN_TOKEN: '' } });
    try {
      const response = await scrapeWith(server, 'any-token-at-all-0123456789abcdef');
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('METRICS_TOKEN');
    } finally {
      await server.close();
    }
  });
});
