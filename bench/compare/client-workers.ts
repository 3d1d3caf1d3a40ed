import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Arrivals, ClientOpened, ClientSpec, Command, Expectation, Reply, SyncTarget } from './worker-protocol.ts';

type CommandBody = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;
type ReplyOf<T extends Reply['type']> = Extract<Reply, { type: T }>;

const workerFile = path.join(import.meta.dirname, 'client-worker.ts');

/**
 * The bench's side of its client workers: child processes (never the bench's own process, which
 * only orchestrates and reads /proc) holding the clients. Client `id` lives in worker `id % n`,
 * so consecutive clients of a room sit in different processes and deliveries cross between them.
 */
export class ClientWorkers {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: Reply): void; reject(error: Error): void }>();

  private constructor(private readonly children: readonly ChildProcess[]) {
    for (const child of children) {
      child.on('message', (reply: Reply) => {
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.type === 'failed') waiter?.reject(new Error(`client worker: ${reply.message}`));
        else waiter?.resolve(reply);
      });
      child.once('exit', (code, signal) => {
        for (const waiter of this.pending.values()) waiter.reject(new Error(`a client worker exited (${signal ?? code})`));
        this.pending.clear();
      });
    }
  }

  static start(count: number): ClientWorkers {
    const children = Array.from({ length: count }, () => fork(workerFile, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    return new ClientWorkers(children);
  }

  private request<T extends Reply['type']>(worker: number, command: CommandBody, expected: T): Promise<ReplyOf<T>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) => (reply.type === expected ? resolve(reply as ReplyOf<T>) : reject(new Error(`expected ${expected}, got ${reply.type}`))),
        reject,
      });
      this.children[worker]!.send({ ...command, id });
    });
  }

  private all<T extends Reply['type']>(command: CommandBody, expected: T): Promise<ReplyOf<T>[]> {
    return Promise.all(this.children.map((_, worker) => this.request(worker, command, expected)));
  }

  private workerOf(clientId: number): number {
    return clientId % this.children.length;
  }

  /** Opens `clients` all at once across the workers; see the `open` command. */
  async open(target: SyncTarget, clients: readonly ClientSpec[], expect: Expectation, waitMs = 0): Promise<ClientOpened[]> {
    const replies = await Promise.all(
      this.children.map((_, worker) => {
        const mine = clients.filter((c) => this.workerOf(c.id) === worker);
        return mine.length === 0 ? { clients: [] } : this.request(worker, { type: 'open', target, clients: mine, expect, waitMs }, 'opened');
      }),
    );
    return replies.flatMap((r) => r.clients);
  }

  async seed(clientId: number, keys: number): Promise<void> {
    await this.request(this.workerOf(clientId), { type: 'seed', clientId, keys }, 'done');
  }

  /** How many clients still lack some awareness state of their room after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<number> {
    return (await this.all({ type: 'settle', timeoutMs }, 'settled')).reduce((sum, r) => sum + r.unsettled, 0);
  }

  /** Resolves with how many edits each writer made, when `durationMs` is over or `stopEditing` is called. */
  async edit(clientIds: readonly number[], perSecond: number, durationMs: number, warmup = false): Promise<Map<number, number>> {
    const replies = await Promise.all(
      this.children.map((_, worker) => this.request(worker, { type: 'edit', clientIds: clientIds.filter((id) => this.workerOf(id) === worker), perSecond, durationMs, warmup }, 'edited')),
    );
    return new Map(replies.flatMap((r) => Object.entries(r.sent).map(([id, n]) => [Number(id), n] as const)));
  }

  async stopEditing(): Promise<void> {
    await this.all({ type: 'stopEditing' }, 'done');
  }

  async arrivalCount(): Promise<number> {
    return (await this.all({ type: 'arrivals' }, 'arrivalCount')).reduce((sum, r) => sum + r.count, 0);
  }

  async collect(): Promise<Arrivals[]> {
    return (await this.all({ type: 'collect' }, 'collected')).map((r) => r.arrivals);
  }

  async close(clientIds: readonly number[] | 'all'): Promise<void> {
    await this.all({ type: 'close', clientIds }, 'done');
  }

  /** CPU time all workers have used so far, ms. */
  async cpuMs(): Promise<number> {
    return (await this.all({ type: 'cpu' }, 'cpuMs')).reduce((sum, r) => sum + r.ms, 0);
  }

  stop(): void {
    for (const child of this.children) child.kill();
  }
}
