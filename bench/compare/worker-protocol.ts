/**
 * Messages between the bench (bench/compare.ts) and its client workers (client-worker.ts), sent
 * over the `child_process.fork` IPC channel. Every command carries an `id`; the worker answers it
 * with one reply of the same `id`.
 */

/** How a worker reaches one server: the stock y-websocket provider or Hocuspocus's own. */
export type SyncTarget =
  | { readonly protocol: 'y-websocket'; readonly url: string; readonly params: Readonly<Record<string, string>> }
  | { readonly protocol: 'hocuspocus'; readonly url: string };

export interface ClientSpec {
  /** Unique within the whole bench run; edits are keyed `<id>.<n>`. */
  readonly id: number;
  readonly room: string;
  /** Sockets in the room, this one included: how many awareness states a settled client sees. */
  readonly roomSize: number;
}

/** What a client must hold once synced: the transcript's length and these keys of the edit map. */
export interface Expectation {
  readonly transcriptLength: number;
  readonly keys: readonly string[];
}

export type Command =
  /**
   * Opens clients, all at once; each notes how long it took to sync and whether the document was
   * complete at that moment. With `waitMs`, each then waits (at most that long) for whatever was
   * missing to arrive, and reports what never did.
   */
  | { readonly id: number; readonly type: 'open'; readonly target: SyncTarget; readonly clients: readonly ClientSpec[]; readonly expect: Expectation; readonly waitMs: number }
  /** One open client inserts the transcript in one transaction, then sets `keys` edit keys one transaction each. */
  | { readonly id: number; readonly type: 'seed'; readonly clientId: number; readonly keys: number }
  /** Resolves once every open client sees as many awareness states as its room has sockets. */
  | { readonly id: number; readonly type: 'settle'; readonly timeoutMs: number }
  /**
   * The listed clients each make `perSecond` edits a second until `durationMs` has passed or
   * `stopEditing` arrives. Warm-up edits go to a map nobody times, so they never count as arrivals.
   */
  | { readonly id: number; readonly type: 'edit'; readonly clientIds: readonly number[]; readonly perSecond: number; readonly durationMs: number; readonly warmup: boolean }
  | { readonly id: number; readonly type: 'stopEditing' }
  /** How many edits from other clients have arrived since the last `edit`. */
  | { readonly id: number; readonly type: 'arrivals' }
  | { readonly id: number; readonly type: 'collect' }
  /** Destroys the listed clients, or every open one. */
  | { readonly id: number; readonly type: 'close'; readonly clientIds: readonly number[] | 'all' }
  /** The worker's own CPU time so far, to tell when the figures are client-bound. */
  | { readonly id: number; readonly type: 'cpu' };

export interface ClientOpened {
  readonly id: number;
  /** From creating the provider to its first "synced"; null if it never synced in time. */
  readonly syncMs: number | null;
  /** From creating the provider to holding everything expected, synced; null if that never happened. */
  readonly completeMs: number | null;
  /** The document lacked something at "synced" that the server held (it arrived later). */
  readonly incompleteAtSync: boolean;
  /** Expected keys (and the transcript, counted as one) still missing after `waitMs`. */
  readonly missing: number;
}

/** Arrivals since the last `edit`: per edit key, how many other clients received it and the slowest. */
export interface Arrivals {
  readonly keys: string[];
  readonly counts: number[];
  readonly slowestMs: number[];
  /** Every single delivery's latency, ms. */
  readonly latenciesMs: number[];
  /** Keys the server acknowledged to their writer (Hocuspocus's sync-status message; never for y-websocket). */
  readonly acknowledged: string[];
}

export type Reply =
  | { readonly id: number; readonly type: 'opened'; readonly clients: ClientOpened[] }
  | { readonly id: number; readonly type: 'done' }
  | { readonly id: number; readonly type: 'settled'; readonly unsettled: number }
  | { readonly id: number; readonly type: 'edited'; readonly sent: Record<number, number> }
  | { readonly id: number; readonly type: 'arrivalCount'; readonly count: number }
  | { readonly id: number; readonly type: 'collected'; readonly arrivals: Arrivals }
  | { readonly id: number; readonly type: 'cpuMs'; readonly ms: number }
  | { readonly id: number; readonly type: 'failed'; readonly message: string };

/** The Y.Map every edit goes into: key `<clientId>.<n>`, value the send time on the shared clock. */
export const editMapName = 'bench';
/** Where warm-up edits go, in the same document: the same traffic, never timed. */
export const warmupMapName = 'bench-warmup';
export const transcriptName = 'transcript';

/**
 * A clock every process on this machine shares: Node's hrtime is CLOCK_MONOTONIC on Linux, so a
 * send time written by one worker can be subtracted from an arrival time read in another.
 */
export function sharedClockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function editKey(clientId: number, n: number): string {
  return `${clientId}.${n}`;
}

/** The keys a `seed` command sets (value 0: not timed edits). */
export function seedKey(n: number): string {
  return `seed.${n}`;
}
