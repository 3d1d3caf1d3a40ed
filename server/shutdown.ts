import type { Logger } from './logger.ts';
import type { RunningServer } from './server.ts';

/** How the process ends after SIGTERM/SIGINT. */
export const ShutdownExit = {
  /** Every accepted update is stored. */
  clean: 0,
  /** Some room's accepted updates are not stored (the store refused them, or the deadline passed), or closing failed. */
  incomplete: 1,
} as const;
export type ShutdownExit = (typeof ShutdownExit)[keyof typeof ShutdownExit];

/**
 * Closes `server` within `timeoutMs` and says how the process should exit. A store that refuses
 * (a full disk) makes `close` report the rooms it could not write; a store that does not answer
 * (a database gone silent) is cut off by the deadline, and the rooms still waiting are named.
 * Either way the exit is non-zero: a supervisor must not take lost updates for a clean stop.
 *
 * The deadline is a timer on this event loop, so it cannot cut short a synchronous call that
 * blocks the loop (a SQLite write waits at most its busy timeout, 5 s).
 */
export async function shutDownWithin(server: Pick<RunningServer, 'close' | 'registry'>, timeoutMs: number, log: Logger): Promise<ShutdownExit> {
  let timer: NodeJS.Timeout | undefined;
  // Deliberately not unref'd: while `close` hangs, this timer is what ends the process.
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([server.close(), deadline]);
    if (outcome === 'deadline') {
      log.error('shutdown deadline passed; updates of these rooms were not stored', { timeoutMs, rooms: server.registry.unstoredRooms().sort() });
      return ShutdownExit.incomplete;
    }
    // The registry has already logged the rooms by name.
    if (outcome.unstoredRooms.length > 0) return ShutdownExit.incomplete;
    log.info('shut down', { storedRooms: outcome.storedRooms });
    return ShutdownExit.clean;
  } catch (error) {
    log.error('shutdown failed', { error });
    return ShutdownExit.incomplete;
  } finally {
    clearTimeout(timer);
  }
}
