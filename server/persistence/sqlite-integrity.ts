import fs from 'node:fs';
import Database from 'better-sqlite3';

/** What the start did about the database's integrity, for the start-up log. */
export type IntegrityCheck =
  | { readonly checked: true; readonly ms: number }
  | { readonly checked: false; readonly reason: 'new database' | 'unchanged since a clean shutdown' };

/**
 * When the database file last changed: every write, truncation, copy, restore or replacement
 * moves it, and no user-space call can set it back (unlike the modification time). Its steps are
 * the kernel's clock tick (a few ms), shorter than any restart.
 */
const changeTimeOf = (file: string) => String(fs.statSync(file, { bigint: true }).ctimeNs);

const cleanShutdownRecordOf = (file: string) => `${file}.clean-shutdown`;

/** A write-ahead log with content holds pages the main file's change time does not speak for. */
const walHoldsPages = (file: string) => {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
};

/**
 * Takes the record a clean shutdown left (deleting it, so that it speaks for one start only) and
 * says whether the file is still the one that shutdown closed. Anything unexpected says no.
 */
function unchangedSinceCleanShutdown(file: string): boolean {
  const record = cleanShutdownRecordOf(file);
  let recorded: unknown;
  try {
    recorded = (JSON.parse(fs.readFileSync(record, 'utf8')) as { changeTimeNs?: unknown }).changeTimeNs;
  } catch {
    return false;
  }
  // Before SQLite opens the file for writing, and throwing on a read-only disk like any other
  // write at start (the caller turns that into its message).
  fs.rmSync(record, { force: true });
  return !walHoldsPages(file) && recorded === changeTimeOf(file);
}

export class DamagedDatabaseError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.slice(0, 3).join('; '));
    this.name = 'DamagedDatabaseError';
  }
}

/**
 * Reads every page once (`PRAGMA quick_check`) before anything serves from the file, so a damaged
 * database stops the start with a clear message instead of answering requests with 500s.
 *
 * The check's cost grows with the file (0.7 s for 520 MB), so it is skipped when the file is, by
 * its change time, the one a clean shutdown closed: the file a deployment's restart finds. A
 * killed process, a restored backup, a copied or edited file are checked. Damage that changes no
 * time (failing media) escapes this check either way, since it reads the file only at start.
 * Throws `DamagedDatabaseError`.
 */
export function checkIntegrity(file: string): IntegrityCheck {
  if (!fs.existsSync(file)) return { checked: false, reason: 'new database' };
  if (unchangedSinceCleanShutdown(file)) return { checked: false, reason: 'unchanged since a clean shutdown' };
  const started = performance.now();
  const db = new Database(file, { fileMustExist: true });
  try {
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw new DamagedDatabaseError(problems);
  } finally {
    db.close();
  }
  return { checked: true, ms: Math.round(performance.now() - started) };
}

/**
 * Records, once every connection to the file has closed cleanly, the change time of the file they
 * left, so that the next start can skip reading it all again. Written to a temporary name and
 * renamed into place, so that a crash leaves either no record or a whole one. A record that
 * cannot be written (a full disk) costs the next start its check, nothing else: not worth
 * failing a shutdown over.
 */
export function recordCleanShutdown(file: string): void {
  if (!fs.existsSync(file) || walHoldsPages(file)) return;
  const record = cleanShutdownRecordOf(file);
  const temporary = `${record}.tmp`;
  try {
    fs.writeFileSync(temporary, JSON.stringify({ changeTimeNs: changeTimeOf(file) }), { flush: true });
    fs.renameSync(temporary, record);
  } catch {
    fs.rm(temporary, { force: true }, () => {});
  }
}
