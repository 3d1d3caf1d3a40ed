// The production start command, run as the image runs it: `node dist/server/main.cjs` from a
// directory holding package.json, the build (dist/) and the production dependencies only — no tsx,
// no Vite, no TypeScript. The agreement report and the XLSX export run in worker threads, so their
// compiled entries are exercised too. `npm test` builds dist/ before vitest runs.
import { isAscii } from 'node:buffer';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeNonAscii } from '../../scripts/build-server.mjs';
import { ApiClient } from '../support/api-client.ts';
import { npmStartCommand, splitAssignment } from '../support/start-command.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const compiledMain = path.join(repoRoot, 'dist/server/main.cjs');

const dockerfile = () => fs.readFileSync(path.join(repoRoot, 'docker/Dockerfile'), 'utf8');

/** The image's start command, from docker/Dockerfile's last `CMD [...]`: the test runs exactly this. */
function imageCommand(): string[] {
  const commands = [...dockerfile().matchAll(/^CMD (\[.*\])$/gm)];
  return JSON.parse(commands.at(-1)![1]!) as string[];
}

/** Every variable the image's `ENV` lines set. */
function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, assignments] of dockerfile().matchAll(/^ENV (.*)$/gm)) {
    for (const assignment of assignments!.split(' ')) {
      const [name, value] = splitAssignment(assignment);
      env[name] = value;
    }
  }
  return env;
}

/** The image's HEALTHCHECK command (`CMD [...]` on the line after `HEALTHCHECK … \`). */
function imageHealthcheck(): string[] {
  const found = /^HEALTHCHECK [^\n]*\\\n\s+CMD (\[.*\])$/m.exec(dockerfile());
  if (!found) throw new Error('docker/Dockerfile has no HEALTHCHECK … CMD [...]');
  return JSON.parse(found[1]!) as string[];
}

/**
 * A directory laid out like the image's /app: package.json, dist/ (the server copied, so its bare
 * imports resolve from here; the client linked) and node_modules holding links to the repository's
 * packages except the development dependencies — tsx among them. Under os.tmpdir(), so no parent
 * directory's node_modules can supply what is left out.
 */
function productionLayout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-compiled-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const developmentOnly = new Set([...Object.keys(manifest.devDependencies ?? {}), 'tsx']);
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'));
  fs.cpSync(path.join(repoRoot, 'dist/server'), path.join(dir, 'dist/server'), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'dist/client'), path.join(dir, 'dist/client'));
  const from = path.join(repoRoot, 'node_modules');
  const to = path.join(dir, 'node_modules');
  const link = (name: string) => {
    if (!developmentOnly.has(name)) fs.symlinkSync(path.join(from, name), path.join(to, name));
  };
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from)) {
    if (entry.startsWith('.')) continue; // .bin, .package-lock.json
    if (!entry.startsWith('@')) {
      link(entry);
      continue;
    }
    fs.mkdirSync(path.join(to, entry));
    for (const scoped of fs.readdirSync(path.join(from, entry))) link(`${entry}/${scoped}`);
  }
  return dir;
}

interface CompiledServer {
  readonly child: ChildProcess;
  readonly url: string;
  /** How the server's code started, as its "listening" line says (server/code-cache.ts). */
  readonly codeCache: string | undefined;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/**
 * The image's command (`node dist/server/main.cjs`) in `cwd` with a clean environment (no
 * NODE_OPTIONS) but for what `npm start` sets (malloc tuning), on port 0; resolves at its
 * "listening" log line.
 */
async function startCompiled(cwd: string, dataDir: string): Promise<CompiledServer> {
  const [node, ...args] = imageCommand();
  if (node !== 'node') throw new Error(`docker/Dockerfile's CMD should start node, not ${node}`);
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...npmStartCommand().env, PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A signal's name is said: the exit code alone (null) does not tell which ended it.
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      if (signal) process.stderr.write(`the compiled server ended by ${signal}\n`);
      resolve(code);
    }),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const { url, codeCache } = await new Promise<{ url: string; codeCache?: string }>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return; // the server's own lines are JSON
      const entry = JSON.parse(line) as { msg?: string; url?: string; codeCache?: string };
      if (entry.msg === 'listening' && entry.url) resolve({ url: entry.url, codeCache: entry.codeCache });
    });
    void exited.then((code) => reject(new Error(`the compiled server exited with ${code} before listening\n${stderr}`)));
  });
  return { child, url, codeCache, exited, stderr: () => stderr };
}

/** The node options the image's build stage warms the code cache with (`RUN node scripts/warm-code-cache.mjs …`). */
function imageWarmUpOptions(): string[] {
  const found = /^RUN node scripts\/warm-code-cache\.mjs(.*)$/m.exec(dockerfile());
  if (!found) throw new Error('docker/Dockerfile does not warm the code cache (RUN node scripts/warm-code-cache.mjs …)');
  return found[1]!.trim().split(/\s+/).filter(Boolean);
}

/** Runs the image's health check against `server`'s port; resolves with its exit code. */
async function runHealthcheck(server: CompiledServer): Promise<number | null> {
  const [node, ...args] = imageHealthcheck();
  if (node !== 'node') throw new Error(`docker/Dockerfile's HEALTHCHECK should run node, not ${node}`);
  const check = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', PORT: new URL(server.url).port }, stdio: 'inherit' });
  return new Promise((resolve) => check.once('exit', resolve));
}

describe('the compiled server (node dist/server/main.cjs, production dependencies only)', () => {
  let layout: string;
  let server: CompiledServer;

  beforeAll(async () => {
    if (!fs.existsSync(compiledMain)) throw new Error(`${path.relative(repoRoot, compiledMain)} is missing: run \`npm run build\` first (\`npm test\` does).`);
    layout = productionLayout();
    server = await startCompiled(layout, path.join(layout, 'data'));
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (layout) fs.rmSync(layout, { recursive: true, force: true });
  });

  it('is started by npm start and by the image with the same command, V8 options and malloc tuning', () => {
    expect(imageCommand()).toEqual(['node', '--max-semi-space-size=4', 'dist/server/main.cjs']);
    const start = npmStartCommand();
    expect(start.command).toEqual(imageCommand());
    expect(start.env).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
    const image = imageEnv();
    for (const [name, value] of Object.entries(start.env)) expect(image[name], `the image's ENV ${name}`).toBe(value);
  });

  it('runs in a layout where tsx and the other development dependencies cannot be found', () => {
    const resolveFromLayout = createRequire(path.join(layout, 'package.json')).resolve;
    expect(() => resolveFromLayout('tsx')).toThrow(/Cannot find module/);
    expect(() => resolveFromLayout('esbuild')).toThrow(/Cannot find module/);
    expect(resolveFromLayout('better-sqlite3')).toContain('better-sqlite3');
  });

  it('is ready, as the image’s health check sees it, serves the built client and answers the API', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await runHealthcheck(server)).toBe(0);
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toBe(fs.readFileSync(path.join(repoRoot, 'dist/client/index.html'), 'utf8'));

    const person = new ApiClient(server.url);
    await person.signIn('pi@example.org', 'PI');
    const projects = await person.get('/api/projects');
    expect(projects.status).toBe(200);
    expect(projects.body).toEqual([]);
  });

  it('computes agreement and writes a workbook in its compiled worker threads', async () => {
    const person = new ApiClient(server.url);
    await person.signIn('pi@example.org', 'PI');
    const demo = await person.post('/api/demo');
    expect(demo.status).toBe(201);
    const projectId = demo.body.projectId as string;

    // The report is built by the report worker (dist/server/report-worker.js).
    const agreement = await person.get(`/api/projects/${projectId}/agreement?unit=character`);
    expect(agreement.status).toBe(200);
    expect(agreement.body.report.coderIds).toHaveLength(2);
    expect(agreement.body.report.perCode.length).toBeGreaterThan(0);

    // The workbook is written by the XLSX worker (dist/server/xlsx-worker.js): a zip, so "PK\3\4".
    const workbook = await fetch(`${server.url}/api/projects/${projectId}/segments?format=xlsx`, { headers: { cookie: person.sessionCookie! } });
    expect(workbook.status).toBe(200);
    expect([...new Uint8Array(await workbook.arrayBuffer()).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('stops cleanly on SIGTERM, having written nothing to stderr; then the health check fails', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
    expect(await runHealthcheck(server)).toBe(1);
  });

  it('is ASCII, so V8 holds the bundle it compiles one byte a character', () => {
    expect(isAscii(fs.readFileSync(path.join(repoRoot, 'dist/server/accord.cjs')))).toBe(true);
  });

  it('starts from the code cache the image’s build stage writes, under the image’s node options', async () => {
    expect(imageWarmUpOptions()).toEqual(imageCommand().slice(1, -1));
    fs.mkdirSync(path.join(layout, 'scripts'));
    fs.copyFileSync(path.join(repoRoot, 'scripts/warm-code-cache.mjs'), path.join(layout, 'scripts/warm-code-cache.mjs'));
    const warm = spawn(process.execPath, [path.join(layout, 'scripts/warm-code-cache.mjs'), ...imageWarmUpOptions()], { cwd: layout, env: { PATH: process.env.PATH ?? '' }, stdio: 'inherit' });
    expect(await new Promise((resolve) => warm.once('exit', (code, signal) => resolve(code ?? signal)))).toBe(0);
    expect(fs.readdirSync(path.join(layout, 'dist/server/code-cache'))).toHaveLength(1);

    server = await startCompiled(layout, path.join(layout, 'data'));
    expect(server.codeCache).toBe('accepted');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
  });
});

describe('the build’s escape of non-ASCII characters in the server bundle', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const inFile = (text: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'escape-'));
    dirs.push(dir);
    const file = path.join(dir, 'bundle.cjs');
    fs.writeFileSync(file, text);
    return file;
  };

  it('leaves a bundle that means what it meant, in comments, strings and patterns with and without the u flag', () => {
    const source = [
      '// “quoted” – dash',
      '/** a😀b */',
      "module.exports = { text: 'é – 😀', dash: /^[-–—]\\s/, word: /['’-]\\p{L}+/u, astral: /😀+/u };",
    ].join('\n');
    const file = inFile(source);
    escapeNonAscii(file);
    const bytes = fs.readFileSync(file);
    expect(isAscii(bytes)).toBe(true);
    const run = (text: string) => {
      const module = { exports: {} as Record<string, unknown> };
      new Function('module', text)(module);
      return module.exports as { text: string; dash: RegExp; word: RegExp; astral: RegExp };
    };
    const before = run(source);
    const after = run(bytes.toString('latin1'));
    expect(after.text).toBe(before.text);
    for (const probe of ['– x', '— x', '- x', '’abc', "'abc", '😀😀', 'x']) {
      expect([after.dash.test(probe), after.word.test(probe), after.astral.test(probe)], probe).toEqual([before.dash.test(probe), before.word.test(probe), before.astral.test(probe)]);
    }
  });

  it('refuses a non-ASCII character on a line with a template literal, whose raw text an escape would change', () => {
    expect(() => escapeNonAscii(inFile('const s = String.raw`–`;'))).toThrow(/template literal/);
    expect(() => escapeNonAscii(inFile(' * `le=…` in a comment'))).not.toThrow();
  });
});

/** Every variable a `NAME=value` or commented `# NAME=value` line of docker/.env.example sets, up to the compose-only section. */
function variablesOfEnvExample(text: string): string[] {
  const serverPart = text.split(/^# -+ Compose only/m)[0]!;
  return [...serverPart.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}

/** Every variable server/config.ts reads: `env.NAME`, `env['NAME']`, or a helper given `(env, 'NAME'`. */
function variablesOfConfig(source: string): string[] {
  const patterns = [/\benv\.([A-Z][A-Z0-9_]*)/g, /\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g, /\(env,\s*['"]([A-Z][A-Z0-9_]*)['"]/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
}

describe('docker/.env.example', () => {
  it('lists exactly the variables server/config.ts reads, each once', () => {
    const listed = variablesOfEnvExample(fs.readFileSync(path.join(repoRoot, 'docker/.env.example'), 'utf8'));
    const read = [...new Set(variablesOfConfig(fs.readFileSync(path.join(repoRoot, 'server/config.ts'), 'utf8')))];
    expect(read.length).toBeGreaterThan(20);
    expect(listed.length).toBe(new Set(listed).size);
    expect([...listed].sort()).toEqual(read.sort());
  });
});
