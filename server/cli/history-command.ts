import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { firstBrokenLink, genesisHash } from '../persistence/history.ts';
import { toHistoryEvent } from '../persistence/history.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';

export const historyHelp = `accord history verify --data-dir DIR [--project ID]
  Checks the coding history of every project (or one) in DIR/accord.sqlite: sequence numbers
  without gaps, each event chained to the one before, each hash matching its event. Read-only;
  safe while the server runs. Prints "ok: N events" (exit 0) or the first broken seq (exit 1).`;

/** Events read per query: a long history is verified page by page, in constant memory. */
const pageSize = 5000;

/** `accord history verify`: the hash chain of every project, or of one. */
export async function runHistoryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw new CliError('usage', sub === undefined ? `accord history needs a subcommand\n${historyHelp}` : `unknown history subcommand "${sub}"`);
  let values;
  try {
    ({ values } = parseArgs({ args: [...rest], options: { 'data-dir': { type: 'string' }, project: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new CliError('usage', (error as Error).message);
  }
  const dataDir = values['data-dir'];
  if (!dataDir) throw new CliError('usage', 'accord history verify needs --data-dir DIR');
  const file = path.join(dataDir, 'accord.sqlite');
  if (!fs.existsSync(file)) throw new CliError('input', `no database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasHistory = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history'").get() !== undefined;
    const projects = !hasHistory ? [] : values.project !== undefined ? [values.project] : (db.prepare('SELECT DISTINCT project_id AS id FROM history ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const page = hasHistory ? db.prepare('SELECT * FROM history WHERE project_id = ? AND seq > ? ORDER BY seq LIMIT ?') : null;
    let total = 0;
    for (const projectId of projects) {
      let lastSeq = 0;
      let lastHash = genesisHash;
      for (;;) {
        const events = (page!.all(projectId, lastSeq, pageSize) as Record<string, unknown>[]).map(toHistoryEvent);
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
    db.close();
  }
}
