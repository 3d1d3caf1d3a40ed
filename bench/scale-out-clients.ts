/**
 * A client process of bench/scale-out.ts: it holds a share of the bench's stock y-websocket
 * clients, so that no one process runs all of them. (Run in the bench's own process, the 150
 * clients kept its event loop's delay at a p99 of ~10 ms and a maximum of 18–52 ms, which went
 * into every latency the bench measured, on one instance and on three alike.)
 *
 * Times are read on a clock every process on the machine shares (`sharedClockMs`), so an edit's
 * send time here and its arrival in another client process subtract. Driven over the fork IPC
 * channel: `join`, then `edit`; it answers `joined`, then `done` with what it sent and received.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSyncClient, waitForSynced, type SyncClient } from '../tests/support/sync-client.ts';
import { sharedClockMs } from './compare/worker-protocol.ts';

export interface ClientPlan {
  /** The client's place among all of the bench's clients: it sets when it joins and when it edits. */
  readonly index: number;
  readonly syncUrl: string;
  readonly room: string;
  readonly instance: number;
}

export type ToClients =
  | { readonly type: 'join'; readonly clients: readonly ClientPlan[]; readonly clientCount: number; readonly joinAt: number; readonly joinSpreadMs: number }
  /** Shared-clock times: edits from `startAt` to `endsAt`, `rate` a second per client; CPU and delay measured from `measuredFrom`. */
  | { readonly type: 'edit'; readonly startAt: number; readonly measuredFrom: number; readonly endsAt: number; readonly rate: number; readonly clientCount: number };

export type FromClients =
  /** Sent once this process listens for commands. */
  | { readonly type: 'ready' }
  | { readonly type: 'joined' }
  | {
      readonly type: 'done';
      /** Per edit: its key, when it was sent, and from which instance. */
      readonly sent: readonly (readonly [key: string, sentAt: number, instance: number])[];
      /** Per delivery: the key, when it arrived, and on which instance. */
      readonly arrivals: readonly (readonly [key: string, at: number, instance: number])[];
      /** CPU this process used from `measuredFrom` to the last send, seconds. */
      readonly cpuSeconds: number;
      readonly loopDelay: { readonly p99: number; readonly max: number };
    };

/** How long the arrivals must stay still, after the last send, before this process reports. */
const quietMs = 1000;
const maxWaitMs = 30_000;

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - sharedClockMs())));

if (process.send) {
  const send = (message: FromClients) => process.send!(message);
  const clients: { plan: ClientPlan; client: SyncClient }[] = [];
  const arrivals: [string, number, number][] = [];

  process.on('message', (message: ToClients) => {
    void (message.type === 'join' ? join(message) : edit(message)).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  send({ type: 'ready' });

  async function join(message: Extract<ToClients, { type: 'join' }>): Promise<void> {
    process.setMaxListeners(message.clients.length * 2 + 20);
    for (const plan of message.clients) {
      // Joins spread over `joinSpreadMs` by the client's place in the whole bench, as people
      // arrive: every stock client renews its presence 15 s after its last renewal, on a 3 s
      // check, so clients created in the same millisecond renew in one burst — each renewal
      // relayed to the room's peers and echoed back by every one — that stalls the clients'
      // processes for tens of milliseconds and sets the p99 of whichever run it falls in.
      await sleepUntil(message.joinAt + (plan.index / message.clientCount) * message.joinSpreadMs);
      const client = createSyncClient(plan.syncUrl, plan.room);
      client.doc.getMap<number>('bench').observe((event) => {
        if (event.transaction.local) return;
        const at = sharedClockMs();
        for (const key of event.keysChanged) arrivals.push([key, at, plan.instance]);
      });
      clients.push({ plan, client });
    }
    await Promise.all(clients.map(({ client }) => waitForSynced(client, 60_000)));
    send({ type: 'joined' });
  }

  async function edit(message: Extract<ToClients, { type: 'edit' }>): Promise<void> {
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    let cpuBefore = process.cpuUsage();
    const measuring = sleepUntil(message.measuredFrom).then(() => {
      loopDelay.enable();
      cpuBefore = process.cpuUsage();
    });
    const period = 1000 / message.rate;
    const sent: [string, number, number][] = [];
    await Promise.all(
      clients.map(async ({ plan, client }) => {
        const first = message.startAt + (plan.index / message.clientCount) * period;
        const map = client.doc.getMap<number>('bench');
        for (let n = 0; ; n++) {
          await sleepUntil(first + n * period);
          if (sharedClockMs() >= message.endsAt) break;
          const key = `${plan.index}-${n}`;
          sent.push([key, sharedClockMs(), plan.instance]);
          map.set(key, 1);
        }
      }),
    );
    await measuring;
    const used = process.cpuUsage(cpuBefore);
    loopDelay.disable();
    // Then wait for the last deliveries: until nothing has arrived for a second.
    const waitEnds = sharedClockMs() + maxWaitMs;
    for (let seen = -1; seen !== arrivals.length && sharedClockMs() < waitEnds; ) {
      seen = arrivals.length;
      await sleepUntil(sharedClockMs() + quietMs);
    }
    send({ type: 'done', sent, arrivals, cpuSeconds: (used.user + used.system) / 1e6, loopDelay: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 } });
    for (const { client } of clients) client.destroy();
  }
}
