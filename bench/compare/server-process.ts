import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerKind } from './servers.ts';

export interface RunningServer {
  readonly kind: ServerKind;
  readonly pid: number;
  readonly port: number;
  readonly httpUrl: string;
  /** From spawning the process to its port accepting a TCP connection. */
  readonly startToListenMs: number;
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<void>;
  /** The end of what the process printed, for error messages. */
  output(): string;
}

/** Every server still running, so that any exit of the bench takes them along. */
const running = new Set<RunningServer>();
process.on('exit', () => {
  for (const server of running) kill(server.pid, 'SIGKILL');
});

/** Sends `signal`; false when the process is already gone. */
function kill(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = (probe.address() as net.AddressInfo);
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts one server process on a free loopback port with `dataDir` as its storage, and waits until
 * the port accepts connections. The same readiness test for every server (rather than each one's
 * own log line) keeps start-to-listen comparable. The port is picked just before the start: if
 * something else takes it in between, the start fails rather than giving wrong figures.
 */
export async function launchServer(kind: ServerKind, dataDir: string): Promise<RunningServer> {
  const port = await freePort();
  const { args, env } = kind.command(dataDir, port);
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let gone = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => (gone = true));
  const server: RunningServer = {
    kind,
    pid: child.pid!,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    startToListenMs: Number.NaN,
    exited,
    output: () => output,
  };
  running.add(server);
  void exited.then(() => running.delete(server));
  for (;;) {
    if (gone) throw new Error(`${kind.label} exited before listening:\n${output}`);
    if (await accepts(port)) break;
    if (performance.now() - spawnedAt > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`${kind.label} was not listening within 30 s:\n${output}`);
    }
    await sleep(2);
  }
  return { ...server, startToListenMs: performance.now() - spawnedAt };
}

/** SIGTERM, as an orderly shutdown; SIGKILL if it takes longer than 20 s. */
export async function stopServer(server: RunningServer): Promise<void> {
  await signalAndWait(server, 'SIGTERM', 20_000);
}

export async function killServer(server: RunningServer): Promise<void> {
  await signalAndWait(server, 'SIGKILL', 20_000);
}

async function signalAndWait(server: RunningServer, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!kill(server.pid, signal)) return;
  const timer = setTimeout(() => kill(server.pid, 'SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(timer);
}
