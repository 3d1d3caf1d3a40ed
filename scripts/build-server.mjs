// Compiles the server, the CLI and the worker threads to JavaScript in dist/server (`npm run build`
// runs this, then builds the client). One bundle per entry, ES modules for Node 20, with the
// packages they import inside them: loading ~200 files of node_modules through Node's ES module
// loader took 300–350 ms of every start (resolution, package.json reads, CJS export lexing, one
// compile each), the bundle 100–150 ms (restart → listening 460 → 280–300 ms, bench/compare).
// Packages stay imports when they are native (better-sqlite3), only loaded for a deployment that
// asks for them (pg, ioredis), or large and loaded lazily by one worker or command (exceljs, elkjs);
// they load from node_modules as installed, so the image still installs the production dependencies.
// The workers are entries of their own because a worker thread starts from a file:
// dist/server/<name>.js, which server/worker-url.ts picks when running compiled.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { serverInputsFile } from './build-freshness.mjs';

const entryPoints = {
  main: 'server/main.ts',
  cli: 'server/cli/main.ts',
  'report-worker': 'server/agreement/report-worker.ts',
  'xlsx-worker': 'server/explore/xlsx-worker.ts',
  'sqlite-writer': 'server/persistence/sqlite-writer-worker.ts',
  'search-index-worker': 'server/search/search-index-worker.ts',
};

/** See the file's comment: what stays an import of node_modules rather than part of a bundle. */
const unbundledPackages = ['better-sqlite3', 'pg', 'ioredis', 'exceljs', 'elkjs'];

/**
 * Bundling renames a declaration whose name another module uses too (`class StoreError` would
 * become `StoreError2`). Logs and the worker boundary name errors by `error.name`, which each of
 * our error classes sets itself, so a rename is harmless — unless a class forgot to. Failing the
 * build on any renamed error class keeps that from reaching a log unnoticed.
 */
function assertErrorNamesKept(root, metafile) {
  for (const output of Object.keys(metafile.outputs).filter((file) => file.endsWith('.js'))) {
    const renamed = fs.readFileSync(path.join(root, output), 'utf8').match(/\bclass \w+Error\d+\b/g);
    if (renamed) throw new Error(`${output}: bundling renamed ${[...new Set(renamed)].join(', ')}; give the class a unique name`);
  }
}

/** Builds dist/server under `root` and records which sources it read, for the freshness check. */
export async function buildServer(root) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir: 'dist/server',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: unbundledPackages,
    // Bundled CommonJS packages call require() for Node's own modules; ES modules have none.
    banner: { js: "import { createRequire as __accordCreateRequire } from 'node:module'; const require = __accordCreateRequire(import.meta.url);" },
    // Code reached only through import() (each CLI command) goes to chunks of its own, so what a
    // run does not use — and the packages it imports, such as pg — is never loaded.
    splitting: true,
    // Stack traces name the TypeScript sources under `node --enable-source-maps`.
    sourcemap: 'linked',
    // No keepNames: it wraps every function and class the bundle creates in a naming call, hot
    // paths of Yjs and ws included (3% of the server's editing CPU in a profile). Names matter for
    // errors only, and every error class sets `this.name`; `assertErrorNamesKept` checks the rest.
    metafile: true,
    logLevel: 'warning',
  });
  assertErrorNamesKept(root, result.metafile);
  // The build's own settings are inputs too: changing them must rebuild. So is the lock file: npm
  // gives installed files a fixed old mtime, so only the lock file tells that a bundled package changed.
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), 'scripts/build-server.mjs', 'tsconfig.json', 'package-lock.json'])].sort();
  fs.writeFileSync(path.join(root, 'dist/server', serverInputsFile), `${JSON.stringify({ inputs }, null, 1)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildServer(path.resolve(import.meta.dirname, '..'));
}
