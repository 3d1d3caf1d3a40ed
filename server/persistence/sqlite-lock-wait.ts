/**
 * Runs a connection's work on the event loop without ever waiting there for the database's write
 * lock. The SQLite file has a second writer, the document store's writer thread, which commits
 * many times a second while rooms are edited. With a busy timeout, a write on the main thread that
 * meets its lock sleeps inside SQLite's busy handler, whose back-off grows to 100 ms a try: a
 * profile of bench/compare 20x10 showed single directory writes (a document's length) holding the
 * event loop for 150–260 ms, every socket of every room with it.
 *
 * So the connection has no busy timeout, and work that finds the database locked (`SQLITE_BUSY…`)
 * is tried again on a timer, up to `lockWaitMs` in all, the event loop serving everything else
 * meanwhile. A try that failed did nothing: a single statement is atomic and a transaction is rolled
 * back. Work runs in the order it was asked for: once one waits, later work waits behind it, so a
 * read never overtakes a write asked for before it.
 */
export interface LockWaitOptions {
  /** How long work may wait for the lock in all before it fails (the busy timeout it replaces). */
  readonly lockWaitMs?: number;
}

export type WorkOutcome<T> = { readonly value: T } | { readonly error: unknown };

interface Waiting {
  readonly work: () => unknown;
  readonly since: number;
  readonly settle: (outcome: WorkOutcome<unknown>) => void;
}

/** Longest pause between two tries: a writer-thread commit takes about a millisecond. */
const maxRetryDelayMs = 8;

export function isLockedError(error: unknown): boolean {
  return String((error as { code?: unknown })?.code ?? '').startsWith('SQLITE_BUSY');
}

/** `attempt(work)` runs work now if nothing waits, else after what waits; the outcome says how it went, a lock wait too long included. */
export function createLockWaitingRunner(options: LockWaitOptions = {}) {
  const lockWaitMs = options.lockWaitMs ?? 5_000;
  const queue: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;
  let delayMs = 1;
  const drained: (() => void)[] = [];

  const tryOnce = (work: () => unknown): WorkOutcome<unknown> | 'locked' => {
    try {
      return { value: work() };
    } catch (error) {
      return isLockedError(error) ? 'locked' : { error };
    }
  };

  const drain = () => {
    timer = null;
    while (queue.length > 0) {
      const head = queue[0]!;
      const outcome = tryOnce(head.work);
      if (outcome === 'locked') {
        if (Date.now() - head.since < lockWaitMs) {
          delayMs = Math.min(maxRetryDelayMs, delayMs * 2);
          timer = setTimeout(drain, delayMs);
          return;
        }
        queue.shift();
        head.settle({ error: new Error(`the database stayed locked for ${lockWaitMs} ms`, { cause: 'locked' }) });
        continue;
      }
      queue.shift();
      delayMs = 1;
      head.settle(outcome);
    }
    for (const resolve of drained.splice(0)) resolve();
  };

  return {
    attempt<T>(work: () => T): Promise<WorkOutcome<T>> | WorkOutcome<T> {
      if (queue.length === 0) {
        const outcome = tryOnce(work);
        if (outcome !== 'locked') return outcome as WorkOutcome<T>;
      }
      return new Promise<WorkOutcome<T>>((resolve) => {
        queue.push({ work, since: Date.now(), settle: resolve as (outcome: WorkOutcome<unknown>) => void });
        timer ??= setTimeout(drain, delayMs);
      });
    },
    /** Resolves once nothing waits (before the connection closes: what was asked for is done). */
    idle(): Promise<void> {
      if (queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => drained.push(resolve));
    },
  };
}
