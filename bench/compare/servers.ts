import path from 'node:path';
import { npmStartCommand } from '../../tests/support/start-command.ts';
import type { SyncTarget } from './worker-protocol.ts';

export const serverNames = ['accord', 'hocuspocus', 'reference'] as const;
export type ServerName = (typeof serverNames)[number];

/** How the bench starts one of the compared servers and reaches its rooms. */
export interface ServerKind {
  readonly name: ServerName;
  readonly label: string;
  /** Node arguments and environment for a process serving `dataDir` on 127.0.0.1:`port`. */
  command(dataDir: string, port: number): { args: string[]; env: Record<string, string> };
  /** Makes `count` rooms ready on a running server; returns their names. */
  createRooms(httpUrl: string, count: number): Promise<string[]>;
  target(port: number): SyncTarget;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** Owner rights on every project: how the bench creates rooms and how its clients are let in. */
const accordAdminToken = 'bench-compare-admin-token-0123456789abcdef';

/** `--cpu-prof DIR` on the bench: each Accord process writes a CPU profile there (what to cut next). */
function accordProfileArgs(): string[] {
  const dir = process.env.BENCH_COMPARE_CPU_PROF;
  // BENCH_ACCORD_NODE_ARGS: Node options for Accord's process alone, to try one (a V8 flag, say) side by side.
  const extra = process.env.BENCH_ACCORD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return [...extra, ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
}

const accord: ServerKind = {
  name: 'accord',
  label: 'Accord',
  command: (dataDir, port) => ({
    // The compiled server, as `npm start` runs it after its build check (without that wrapper),
    // with the Node options and the environment it sets (young generation, malloc tuning).
    args: [...npmStartCommand().command.slice(1, -1), ...accordProfileArgs(), path.join(repoRoot, process.env.BENCH_ACCORD_ENTRY ?? 'dist/server/main.cjs')],
    env: { ...npmStartCommand().env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: path.join(dataDir, 'no-client'), ACCORD_ADMIN_TOKEN: accordAdminToken, LOG_LEVEL: 'warn' },
  }),
  createRooms: createAccordRooms,
  target: (port) => ({ protocol: 'y-websocket', url: `ws://127.0.0.1:${port}/sync`, params: { token: accordAdminToken } }),
};

const hocuspocus: ServerKind = {
  name: 'hocuspocus',
  label: 'Hocuspocus',
  command: (dataDir, port) => ({ args: [path.join(import.meta.dirname, 'hocuspocus-server.mjs')], env: { PORT: String(port), DATA_DIR: dataDir } }),
  // Any name is a room; the first connection creates it.
  createRooms: async (_httpUrl, count) => Array.from({ length: count }, (_, i) => `bench-${i}`),
  target: (port) => ({ protocol: 'hocuspocus', url: `ws://127.0.0.1:${port}` }),
};

const reference: ServerKind = {
  name: 'reference',
  label: 'y-websocket ref.',
  command: (dataDir, port) => ({ args: [path.join(import.meta.dirname, 'reference-server.mjs')], env: { PORT: String(port), YPERSISTENCE: path.join(dataDir, 'leveldb') } }),
  createRooms: async (_httpUrl, count) => Array.from({ length: count }, (_, i) => `bench-${i}`),
  target: (port) => ({ protocol: 'y-websocket', url: `ws://127.0.0.1:${port}`, params: {} }),
};

export const serverKinds: Readonly<Record<ServerName, ServerKind>> = { accord, hocuspocus, reference };

/** Accord's rooms exist only inside a project: one project, a document per room, through the REST API. */
async function createAccordRooms(httpUrl: string, count: number): Promise<string[]> {
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${httpUrl}${route}`, { method: 'POST', headers: { authorization: `Bearer ${accordAdminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; rooms?: { text: string } };
  };
  const project = await post('/api/projects', { name: 'Compare bench' });
  const rooms: string[] = [];
  // The transcript itself arrives over the socket, as on the other servers; the API needs some text.
  for (let i = 0; i < count; i++) rooms.push((await post(`/api/projects/${project.id}/documents`, { name: `Interview ${i + 1}`, text: '.' })).rooms!.text);
  return rooms;
}
