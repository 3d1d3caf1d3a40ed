import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/index.ts';
import { seedProject } from '../support/api-client.ts';
import { requireOrSkip } from '../support/requirements.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { canMountTmpfs, fillDisk, mountTinyDisk, unmountTinyDisk } from '../support/tiny-disk.ts';

const ready = requireOrSkip(canMountTmpfs(), 'mounting a tmpfs (root) to fill a disk');
const disk = ready ? mountTinyDisk(8) : '';

describe.runIf(ready)('a full disk (issue 8.9)', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  let filler = '';

  beforeAll(async () => {
    server = await startTestServer({ dataDir: path.join(disk, 'data'), env: { COMPACT_AFTER_UPDATES: '1000000', COMPACT_AFTER_BYTES: String(1024 * 1024 * 1024) } });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    if (filler) fs.rmSync(filler, { force: true });
    await server?.close();
    if (disk) unmountTinyDisk(disk);
  });

  it('is reported by /readyz while writes fail, and the room recovers once there is space', async () => {
    const { textRoom } = await seedProject(server.httpUrl);
    const writer = createSyncClient(server.syncUrl, textRoom);
    clients.push(writer);
    await waitForSynced(writer);
    expect((await fetch(`${server.httpUrl}/readyz`)).status).toBe(200);

    // Fill what is left of the disk, then write until storing fails.
    filler = fillDisk(disk, 64 * 1024);
    const closes: number[] = [];
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    for (let i = 0; i < 200 && !closes.includes(CloseCode.storageUnavailable.code); i++) {
      writer.doc.getText('bulk').insert(0, 'x'.repeat(32 * 1024));
      await waitFor(async () => closes.length > 0 || (await server.store.logSize(textRoom)).rows > i + 1, 5000, 'the edit to be stored or refused');
    }
    expect(closes).toContain(CloseCode.storageUnavailable.code);

    const unready = await fetch(`${server.httpUrl}/readyz`);
    expect(unready.status).toBe(503);
    expect(await unready.json()).toMatchObject({ status: 'unavailable' });

    // Space again: the room writes what it kept in memory and the server is ready.
    fs.rmSync(filler);
    await waitFor(async () => (await fetch(`${server.httpUrl}/readyz`)).status === 200, 10_000, 'storage to recover');
    const reader = createSyncClient(server.syncUrl, textRoom);
    clients.push(reader);
    await waitForSynced(reader);
    expect(reader.doc.getText('bulk').length).toBe(writer.doc.getText('bulk').length);
  });
});
