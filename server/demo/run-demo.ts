import path from 'node:path';
import { hashPassword } from '../auth/password-hash.ts';
import { createId, createSecret } from '../auth/secret-token.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { DirectoryStore, UserRecord } from '../persistence/directory-store.ts';
import { DataDirLockedError } from '../persistence/data-dir-lock.ts';
import { openSqliteStorage, type SqliteStorage } from '../persistence/sqlite-storage.ts';
import { DocumentRegistry } from '../sync/document-registry.ts';
import { createDemoProject } from './create-demo-project.ts';
import { demoAddress, signInLine } from './demo-address.ts';

/**
 * `npm run demo`: adds a demo project to the server's data directory (DATA_DIR) and prints how to
 * open it. The owner is the account named by DEMO_OWNER_EMAIL, else the first admin, else a new
 * `demo@accord.invalid` account whose password is printed once.
 *
 * Runs while the server is stopped: one process at a time holds a data directory's lock, so this
 * command cannot ask the running server its address and prints the one the shared configuration
 * gives (`demo-address.ts`). While the server runs, the app (“Open the demo project”) or
 * `POST /api/demo` adds a demo instead. A second demo of the same owner is numbered ("… (2)").
 */
const demoOwnerEmail = 'demo@accord.invalid';

class DemoSetupError extends Error {
  readonly reason = 'ownerNotFound';
}

/** What this command reads besides the server's own configuration (only here, once). */
function readDemoOptions(env: Readonly<Record<string, string | undefined>>): { ownerEmail: string | null } {
  const raw = env.DEMO_OWNER_EMAIL?.trim();
  return { ownerEmail: raw ? raw.toLowerCase() : null };
}

async function findOrCreateOwner(directory: DirectoryStore, file: string, ownerEmail: string | null): Promise<{ owner: UserRecord; password: string | null }> {
  if (ownerEmail) {
    const owner = await directory.findUserByEmail(ownerEmail);
    if (!owner) throw new DemoSetupError(`DEMO_OWNER_EMAIL: no account with the email ${ownerEmail}; sign up first or leave it unset`);
    return { owner, password: null };
  }
  const admin = await directory.findFirstAdmin();
  if (admin) return { owner: admin, password: null };
  const existing = await directory.findUserByEmail(demoOwnerEmail);
  if (existing) return { owner: existing, password: null };
  const password = createSecret('demo', 12);
  // As with sign-up, the first account on an empty server administers it.
  const isAdmin = (await directory.countUsers()) === 0;
  const owner = await directory.createUser({ id: createId(), email: demoOwnerEmail, name: 'Demo owner', passwordHash: await hashPassword(password), isAdmin });
  return { owner, password };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const options = readDemoOptions(process.env);
  const logger = createLogger(config.logLevel, (line) => process.stderr.write(`${line}\n`));
  const file = path.join(config.dataDir, 'accord.sqlite');
  let storage: SqliteStorage;
  try {
    storage = openSqliteStorage(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    process.stderr.write(`${error.message}\nWhile the server runs, add the demo from the app (“Open the demo project”) or with POST /api/demo.\n`);
    process.exit(1);
  }
  const { documents, directory } = storage;
  const registry = new DocumentRegistry(documents, config, logger.child('sync'));
  try {
    const { owner, password } = await findOrCreateOwner(directory, file, options.ownerEmail);
    const { projectId, name } = await createDemoProject({ directory, registry }, { ownerId: owner.id });
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`Created "${name}" (id ${projectId}) in ${config.dataDir}`);
    out(`Owner: ${owner.name} <${owner.email}>`);
    if (password) out(`A new account was created for it. Password (shown once): ${password}`);
    out(signInLine(demoAddress(process.env, config), owner.email));
  } catch (error) {
    if (!(error instanceof DemoSetupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    // Writes and compacts every room this command opened, then frees the database handles.
    await registry.shutdown();
    await storage.close();
  }
}

await main();
