import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createSqliteDirectoryStore } from './persistence/sqlite-directory-store.ts';
import { createSqliteDocumentStore } from './persistence/sqlite-document-store.ts';
import { startServer } from './server.ts';

// The only composition root: config → logger → store → server → signals.
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
  const file = path.join(config.dataDir, 'accord.sqlite');
  const server = await startServer(config, { documents: createSqliteDocumentStore(file), directory: createSqliteDirectoryStore(file) }, logger);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
