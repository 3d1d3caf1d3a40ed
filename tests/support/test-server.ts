import type { RoomFanout } from '../../server/scale-out/redis-fanout.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.ts';
import { silentLogger, createLogger } from '../../server/logger.ts';
import { openSqliteStorage } from '../../server/persistence/sqlite-storage.ts';
import type { DocumentStore } from '../../server/persistence/document-store.ts';
import type { DirectoryStore } from '../../server/persistence/directory-store.ts';
import { startServer, type RunningServer } from '../../server/server.ts';

/** The administrator token every test server is started with (owner rights on every project). */
export const testAdminToken = 'test-admin-token-0123456789abcdef';

/** Cheap scrypt parameters for tests only: hashing stays real, just faster. */
export const testScrypt = { N: 1024, r: 8, p: 1, keyLength: 32 };

export interface TestServer {
  readonly server: RunningServer;
  readonly httpUrl: string;
  /** Base URL for WebsocketProvider: rooms are appended as `/<room>`. */
  readonly syncUrl: string;
  readonly dataDir: string;
  readonly store: DocumentStore;
  readonly directory: DirectoryStore;
  close(): Promise<void>;
}

export function makeTempDir(prefix = 'accord-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real server on port 0 with a real SQLite file, in this process. Pass `env` to override
 * configuration exactly as the environment would; `wrapStore` to wrap the real document store;
 * `fanout` to make it one instance of several (e.g. an `InProcessFanoutHub`'s).
 */
export async function startTestServer(
  options: { env?: Record<string, string>; dataDir?: string; wrapStore?: (store: DocumentStore) => DocumentStore; logSink?: (line: string) => void; fanout?: RoomFanout } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeTempDir();
  const config: Config = loadConfig(
    { PORT: '0', DATA_DIR: dataDir, CLIENT_DIR: path.join(dataDir, 'no-client'), ACCORD_ADMIN_TOKEN: testAdminToken, ...options.env },
    process.cwd(),
  );
  const storage = openSqliteStorage(dataDir);
  const store = options.wrapStore ? options.wrapStore(storage.documents) : storage.documents;
  const directory = storage.directory;
  const logger = options.logSink
    ? createLogger('debug', options.logSink)
    : process.env.ACCORD_TEST_LOGS
      ? createLogger('debug', (l) => process.stderr.write(`${l}\n`))
      : silentLogger;
  const server = await startServer(config, { documents: store, directory, close: () => storage.close() }, logger, { scrypt: testScrypt, ...(options.fanout && { fanout: options.fanout }) });
  return {
    server,
    httpUrl: server.url,
    syncUrl: `${server.url.replace('http', 'ws')}/sync`,
    dataDir,
    store,
    directory,
    close: async () => {
      await server.close();
    },
  };
}
