import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.ts';
import { silentLogger, createLogger } from '../../server/logger.ts';
import { createSqliteDocumentStore } from '../../server/persistence/sqlite-document-store.ts';
import type { DocumentStore } from '../../server/persistence/document-store.ts';
import { startServer, type RunningServer } from '../../server/server.ts';

export interface TestServer {
  readonly server: RunningServer;
  readonly httpUrl: string;
  /** Base URL for WebsocketProvider: rooms are appended as `/<room>`. */
  readonly syncUrl: string;
  readonly dataDir: string;
  readonly store: DocumentStore;
  close(): Promise<void>;
}

export function makeTempDir(prefix = 'accord-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real server on port 0 with a real SQLite file, in this process. Pass `env` to override
 * configuration exactly as the environment would; `store` to wrap the real store.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; dataDir?: string; wrapStore?: (store: DocumentStore) => DocumentStore } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeTempDir();
  const config: Config = loadConfig(
    { PORT: '0', DATA_DIR: dataDir, CLIENT_DIR: path.join(dataDir, 'no-client'), ...options.env },
    process.cwd(),
  );
  const baseStore = createSqliteDocumentStore(path.join(dataDir, 'accord.sqlite'));
  const store = options.wrapStore ? options.wrapStore(baseStore) : baseStore;
  const logger = process.env.ACCORD_TEST_LOGS ? createLogger('debug', (l) => process.stderr.write(`${l}\n`)) : silentLogger;
  const server = await startServer(config, store, logger);
  return {
    server,
    httpUrl: server.url,
    syncUrl: `${server.url.replace('http', 'ws')}/sync`,
    dataDir,
    store,
    close: () => server.close(),
  };
}
