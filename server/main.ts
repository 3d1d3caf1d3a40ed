import { codeCacheState } from './code-cache.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { DataDirLockedError } from './persistence/data-dir-lock.ts';
import { openSqliteStorage, StorageOpenError } from './persistence/sqlite-storage.ts';
import { MigrationError } from './persistence/migrations.ts';
import { StoreError } from './persistence/document-store.ts';
import { startServer } from './server.ts';
import { shutDownWithin } from './shutdown.ts';

// The only composition root: config → logger → store → fan-out → server → signals.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, (line) => process.stdout.write(`${line}\n`));
  let storage;
  try {
    const storageLog = logger.child('storage');
    if (config.databaseUrl) {
      storage = await (await import('./persistence/postgres-storage.ts')).openPostgresStorage({ url: config.databaseUrl, onConnectionLost: (error) => storageLog.warn('database connection lost; the pool opens another', { error }) });
    } else {
      storage = openSqliteStorage(config.dataDir);
      storageLog.info('database opened', { integrity: storage.integrity });
    }
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof StorageOpenError || error instanceof MigrationError || error instanceof StoreError) {
      logger.error('cannot start', { reason: error.reason, message: error.message });
      process.stderr.write(`Accord cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Several instances (REDIS_URL, with DATABASE_URL: config.ts refuses it without): the server
  // joins its rooms, caches and access events to the others, and closes the fan-out when it closes.
  // Imported only then, so a single instance never loads the Redis client.
  const fanout = config.redisUrl
    ? new (await import('./scale-out/redis-fanout.ts')).RedisFanout({ url: config.redisUrl, prefix: config.redisPrefix, log: logger.child('fanout') })
    : undefined;
  const codeCache = codeCacheState();
  const started = startServer(config, storage, logger, { ...(fanout && { fanout }), ...(codeCache && { codeCache }) });

  // Listened for before the server listens: a signal that came between its "listening" line and
  // these handlers would take the default action, ending the process without a shutdown. One that
  // comes while it starts is answered once it has.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, timeoutMs: config.shutdownTimeoutMs });
    void started.then((server) => shutDownWithin(server, config.shutdownTimeoutMs, logger)).then((code) => process.exit(code));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await started;
}

// Not a top-level await: the compiled server is this module as CommonJS (compiled-main.ts).
void main();
