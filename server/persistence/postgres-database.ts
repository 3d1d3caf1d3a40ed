import pg from 'pg';
import { StoreError } from './document-store.ts';

/** Where the PostgreSQL stores keep their tables. */
export interface PostgresConnection {
  /** `postgres://user@host:port/database` (DATABASE_URL). */
  readonly url: string;
  /**
   * The schema every table lives in (its `search_path`); default: the server's (`public`). Tests
   * give each file a schema of its own.
   */
  readonly schema?: string | undefined;
  /** Connections this pool may hold open (default 10). */
  readonly maxConnections?: number | undefined;
  /** How its connections are named in `pg_stat_activity` (default `accord`). */
  readonly applicationName?: string | undefined;
  /** A connection failed outside a query (the database restarted or terminated it); the pool drops it and opens another when needed. */
  readonly onConnectionLost?: ((error: Error) => void) | undefined;
}

type Row = Record<string, unknown>;

/** Queries on one connection inside a transaction, or on any pooled connection outside one. */
export interface Sql {
  all(text: string, params?: readonly unknown[]): Promise<Row[]>;
  one(text: string, params?: readonly unknown[]): Promise<Row | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

export interface PostgresDatabase extends Sql {
  /**
   * Runs `work` in one transaction (READ COMMITTED) and commits it: when this resolves, the
   * commit is durable (`synchronous_commit` is forced on for every connection). Any error rolls
   * back and rejects.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Which database and schema, for messages (never the password). */
  readonly name: string;
  close(): Promise<void>;
}

/** Advisory-lock classes (the first key of `pg_advisory_xact_lock(int, int)`), one per purpose. */
export const LockClass = { history: 0x41434301, migrations: 0x41434302, directory: 0x41434303, compaction: 0x41434304 } as const;

/** Takes a transaction-scoped advisory lock on (`lockClass`, `key`); two keys that hash alike only wait for each other. */
export async function lockKey(tx: Sql, lockClass: number, key: string): Promise<void> {
  await tx.all('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [lockClass, key]);
}

/** int8 (counts, sequence numbers) as JavaScript numbers: exact below 2^53, which no count here reaches. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format))) as pg.CustomTypesConfig['getTypeParser'],
};

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A pool of connections to one database and schema, with PostgreSQL's errors turned into
 * `StoreError`s: a constraint (SQLSTATE class 23) is a `conflict`, anything else — refused or
 * lost connections, a shut-down server, timeouts — is `unavailable` (the sync layer closes
 * writers with 4503 and retries); calls after `close` are `closed`.
 */
export function openPostgresDatabase(connection: PostgresConnection): PostgresDatabase {
  const { url, schema } = connection;
  if (schema !== undefined && !schemaName.test(schema)) throw new RangeError(`not a plain schema name: ${schema}`);
  const settings = ['-c synchronous_commit=on', ...(schema !== undefined ? [`-c search_path=${schema}`] : [])];
  const fromUrl = safeUrl(url)?.searchParams.get('options');
  const pool = new pg.Pool({
    connectionString: url,
    max: connection.maxConnections ?? 10,
    // A server that does not answer must not hold a request for ever: /readyz and writers learn it.
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    options: [fromUrl, ...settings].filter(Boolean).join(' '),
    types,
    application_name: connection.applicationName ?? 'accord',
  });
  // Without a listener, an idle connection's error (the database restarted) would crash the process.
  pool.on('error', (error) => connection.onConnectionLost?.(error));
  // And every connection keeps a listener of its own for its whole life: the pool attaches and
  // detaches its own as it hands a connection out, and a connection ended by the server
  // (terminated, restarted) may still report that end in between — unheard, that crashes the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  let closed = false;
  const name = `PostgreSQL ${describe(url)}${schema ? ` (schema ${schema})` : ''}`;

  const fail = (error: unknown): StoreError => toStoreError(error, name);
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('closed', `the ${name} store is closed`);
    try {
      return await work();
    } catch (error) {
      throw fail(error);
    }
  };
  const sqlOf = (client: pg.Pool | pg.PoolClient): Sql => ({
    all: async (text, params = []) => (await client.query(text, params as unknown[])).rows as Row[],
    one: async (text, params = []) => (await client.query(text, params as unknown[])).rows[0] as Row | undefined,
    run: async (text, params = []) => (await client.query(text, params as unknown[])).rowCount ?? 0,
  });
  const direct = sqlOf(pool);

  return {
    name,
    all: (text, params) => guard(() => direct.all(text, params)),
    one: (text, params) => guard(() => direct.one(text, params)),
    run: (text, params) => guard(() => direct.run(text, params)),
    transaction: (work) =>
      guard(async () => {
        const client = await pool.connect();
        // The pool listens for errors only on idle connections: one that dies while checked out
        // (the server terminated it) would otherwise be an uncaught 'error' event. Its failure
        // reaches us anyway, through the query it fails.
        const onLost = (error: Error) => connection.onConnectionLost?.(error);
        client.on('error', onLost);
        try {
          await client.query('BEGIN');
          const result = await work(sqlOf(client));
          await client.query('COMMIT');
          client.off('error', onLost);
          client.release();
          return result;
        } catch (error) {
          // Roll back on a healthy connection; a connection that cannot even do that is destroyed
          // (release with an error) rather than handed to the next caller mid-transaction.
          try {
            await client.query('ROLLBACK');
            client.off('error', onLost);
            client.release();
          } catch (rollbackError) {
            // The listener stays: the dead connection may still report its end (FATAL 57P01) after
            // it is released, and an 'error' event nobody listens to would crash the process.
            client.release(rollbackError as Error);
          }
          throw error;
        }
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** PostgreSQL's error in our terms (a StoreError of ours passes through unchanged). */
export function toStoreError(error: unknown, where: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const reason = code.startsWith('23') ? 'conflict' : 'unavailable';
  return new StoreError(reason, `${where}: ${(error as Error).message || code || 'failed'}`, { cause: error });
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // Not a URL (e.g. a key=value string): pg parses it; there is simply no `options` to keep.
    return null;
  }
}

/** host:port/database, never the password, for messages and logs. */
function describe(url: string): string {
  const parsed = safeUrl(url);
  return parsed ? `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}` : 'database';
}
