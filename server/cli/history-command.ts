import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { firstBrokenLink, genesisHash, toHistoryEvent, type HistoryEvent } from '../persistence/history.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';

export const historyHelp = `accord history verify (--data-dir DIR | --database-url URL [--schema NAME]) [--project ID]
  Checks the coding history of every project (or one) in DIR/accord.sqlite or in PostgreSQL
  (--database-url, or DATABASE_URL): sequence numbers without gaps, each event chained to the one
  before, each hash matching its event. Read-only; safe while the server runs. Prints
  "ok: N events" (exit 0) or the first broken seq (exit 1).`;

/** Events read per query: a long history is verified page by page, in constant memory. */
const pageSize = 5000;

/** Where the history is read from: the projects that have one, and a project's events in pages. */
interface HistorySource {
  projects(): Promise<string[]>;
  page(projectId: string, afterSeq: number, limit: number): Promise<HistoryEvent[]>;
  close(): Promise<void>;
}

/** `accord history verify`: the hash chain of every project, or of one. */
export async function runHistoryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw new CliError('usage', sub === undefined ? `accord history needs a subcommand\n${historyHelp}` : `unknown history subcommand "${sub}"`);
  let values;
  try {
    ({ values } = parseArgs({ args: [...rest], options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, schema: { type: 'string' }, project: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new CliError('usage', (error as Error).message);
  }
  const dataDir = values['data-dir'];
  const url = values['database-url'] ?? (dataDir === undefined ? io.env?.DATABASE_URL : undefined);
  if ((dataDir === undefined) === (url === undefined)) throw new CliError('usage', `accord history verify needs --data-dir DIR or --database-url URL (or DATABASE_URL), not both\n${historyHelp}`);
  const source = url !== undefined ? await postgresHistory(url, values.schema) : sqliteHistory(dataDir!);
  try {
    const projects = values.project !== undefined ? [values.project] : await source.projects();
    let total = 0;
    for (const projectId of projects) {
      let lastSeq = 0;
      let lastHash = genesisHash;
      for (;;) {
        const events = await source.page(projectId, lastSeq, pageSize);
        if (events.length === 0) break;
        const broken = firstBrokenLink(events, lastHash, lastSeq);
        if (broken) {
          io.stderr(`accord: project ${projectId}: history broken at seq ${broken.seq}: ${broken.problem}`);
          return 1;
        }
        total += events.length;
        lastSeq = events.at(-1)!.seq;
        lastHash = events.at(-1)!.hash;
      }
    }
    io.stdout(`ok: ${total} events${values.project !== undefined ? ` in project ${values.project}` : ` in ${projects.length} project(s)`}`);
    return 0;
  } finally {
    await source.close();
  }
}

function sqliteHistory(dataDir: string): HistorySource {
  const file = path.join(dataDir, 'accord.sqlite');
  if (!fs.existsSync(file)) throw new CliError('input', `no database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const hasHistory = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history'").get() !== undefined;
  const page = hasHistory ? db.prepare('SELECT * FROM history WHERE project_id = ? AND seq > ? ORDER BY seq LIMIT ?') : null;
  return {
    projects: async () => (hasHistory ? (db.prepare('SELECT DISTINCT project_id AS id FROM history ORDER BY id').all() as { id: string }[]).map((r) => r.id) : []),
    page: async (projectId, afterSeq, limit) => (page ? (page.all(projectId, afterSeq, limit) as Record<string, unknown>[]).map(toHistoryEvent) : []),
    close: async () => void db.close(),
  };
}

async function postgresHistory(url: string, schema: string | undefined): Promise<HistorySource> {
  const { openPostgresDatabase } = await import('../persistence/postgres-database.ts');
  const db = openPostgresDatabase({ url, schema, maxConnections: 1, applicationName: 'accord history verify' });
  const hasHistory = (await db.one("SELECT to_regclass('history') IS NOT NULL AS present"))?.present === true;
  return {
    projects: async () => (hasHistory ? (await db.all('SELECT DISTINCT project_id AS id FROM history ORDER BY id')).map((r) => r.id as string) : []),
    page: async (projectId, afterSeq, limit) => (hasHistory ? (await db.all('SELECT * FROM history WHERE project_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [projectId, afterSeq, limit])).map(toHistoryEvent) : []),
    close: () => db.close(),
  };
}
