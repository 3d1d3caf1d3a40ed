import crypto from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests: the server on this machine (or ACCORD_TEST_DATABASE_URL), and a fresh
 * schema per store location, so test files and tests never see each other's rows. Schemas are
 * named `accord_test_<random>_<n>` and dropped by `dropAll`.
 */
export const postgresTestUrl = process.env.ACCORD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when the test database answers within two seconds. */
export async function isPostgresAvailable(url = postgresTestUrl): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    console.warn(`PostgreSQL at ${url} is not reachable: ${(error as Error).message}`);
    return false;
  } finally {
    await client.end().catch((error: unknown) => console.warn(`closing the probe connection failed: ${(error as Error).message}`));
  }
}

export interface TestSchemas {
  /** Creates an empty schema and returns its name. */
  fresh(): Promise<string>;
  /**
   * A schema with the tables and no rows, for one test of a contract suite: the first call gives a
   * fresh schema (the store migrates it when it opens), every later call the same one emptied —
   * migrating a schema per test was most of those suites' time.
   */
  emptied(): Promise<string>;
  /** Drops every schema `fresh` created. */
  dropAll(): Promise<void>;
}

export function createTestSchemas(url = postgresTestUrl): TestSchemas {
  const run = crypto.randomBytes(4).toString('hex');
  const created: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const fresh = async () => {
    const name = `accord_test_${run}_${created.length + 1}`;
    created.push(name);
    await admin((client) => client.query(`CREATE SCHEMA ${name}`));
    return name;
  };
  let reused: string | null = null;
  return {
    fresh,
    emptied: async () => {
      if (reused === null) return (reused = await fresh());
      const schema = reused;
      await admin(async (client) => {
        const tables = (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'", [schema])).rows.map((r: { tablename: string }) => `${schema}.${r.tablename}`);
        // DELETE, not TRUNCATE: on a few rows it is far cheaper than new files for every table;
        // with triggers (the foreign keys) off for this session, in any order.
        await client.query(`SET session_replication_role = replica; ${tables.map((table) => `DELETE FROM ${table};`).join(' ')}`);
      });
      return schema;
    },
    dropAll: async () => {
      const names = created.splice(0);
      // One statement (one transaction) per schema: dropping dozens of schemas at once takes more
      // locks than the server's lock table holds ("out of shared memory").
      if (names.length > 0) await admin(async (client) => {
        for (const name of names) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      });
    },
  };
}
