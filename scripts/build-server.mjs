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
// The server itself (server/main.ts) is one CommonJS bundle, dist/server/accord.cjs, which
// dist/server/main.cjs (server/compiled-main.ts) runs through V8's code cache: Node 20 caches
// compiled code only for scripts, not for ES modules (restart → listening ~400 → ~300 ms).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { serverInputsFile } from './build-freshness.mjs';

const entryPoints = {
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
  for (const output of Object.keys(metafile.outputs).filter((file) => /\.c?js$/.test(file))) {
    const renamed = fs.readFileSync(path.join(root, output), 'utf8').match(/\bclass \w+Error\d+\b/g);
    if (renamed) throw new Error(`${output}: bundling renamed ${[...new Set(renamed)].join(', ')}; give the class a unique name`);
  }
}

/**
 * Rewrites each non-ASCII character of `file` as a `\uXXXX` escape. esbuild escapes them in strings
 * and names but leaves comments and regular expressions as written, and one such character makes
 * V8 hold the whole 1.6 MB server bundle as a two-byte string; an ASCII bundle is read as Latin-1
 * (server/code-cache.ts): half that memory, no UTF-8 decoding, ~10 ms less from start to
 * listening (2 × 40 alternating starts). The escape means the same in a comment, a string, a name and a
 * regular expression (with or without the u flag), not in a template's raw text: a line that holds
 * one and a backtick fails the build unless it is a comment. (Source map columns after an escape on
 * its line are off by five a character; those are comment and pattern lines.)
 */
export function escapeNonAscii(file) {
  const text = fs.readFileSync(file, 'utf8');
  text.split('\n').forEach((line, i) => {
    if (!/[^\x00-\x7f]/.test(line) || /^\s*(\/\/|\/\*|\*)/.test(line) || !line.includes('`')) return;
    throw new Error(`${file}:${i + 1}: a non-ASCII character on a line with a template literal; escape it in the source`);
  });
  fs.writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** What both builds share. Source maps: stack traces name the TypeScript sources under `node --enable-source-maps`. */
const common = { bundle: true, platform: 'node', target: 'node20', external: unbundledPackages, outdir: 'dist/server', sourcemap: 'linked', metafile: true, logLevel: 'warning' };

/**
 * The server as one CommonJS script (no chunks: what it imports lazily — PostgreSQL, Redis, the
 * demo — is inside it, compiled only when first called). `import.meta` has no CommonJS meaning:
 * its URL becomes the bundle's own, which sits where the ES module entries do, so paths made from
 * it hold. Then the entry that runs it, told the bundle's hash, which names its code cache.
 */
async function buildServerScript(root) {
  const cjs = { ...common, absWorkingDir: root, outExtension: { '.js': '.cjs' }, format: 'cjs' };
  const server = await esbuild.build({
    ...cjs,
    entryPoints: { accord: 'server/main.ts' },
    define: { 'import.meta.url': '__accordModuleUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: "const __accordModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  escapeNonAscii(path.join(root, 'dist/server/accord.cjs'));
  const bundleKey = createHash('sha256').update(fs.readFileSync(path.join(root, 'dist/server/accord.cjs'))).digest('hex').slice(0, 16);
  const entry = await esbuild.build({ ...cjs, entryPoints: { main: 'server/compiled-main.ts' }, define: { __accordBundleKey: JSON.stringify(bundleKey) } });
  return { inputs: { ...server.metafile.inputs, ...entry.metafile.inputs }, outputs: { ...server.metafile.outputs, ...entry.metafile.outputs } };
}

/** Builds dist/server under `root` and records which sources it read, for the freshness check. */
export async function buildServer(root) {
  const [result, scriptMetafile] = await Promise.all([
    esbuild.build({
      ...common,
      absWorkingDir: root,
      entryPoints,
      format: 'esm',
      // Bundled CommonJS packages call require() for Node's own modules; ES modules have none.
      banner: { js: "import { createRequire as __accordCreateRequire } from 'node:module'; const require = __accordCreateRequire(import.meta.url);" },
      // Code reached only through import() (each CLI command) goes to chunks of its own, so what a
      // run does not use — and the packages it imports, such as pg — is never loaded.
      splitting: true,
      // No keepNames: it wraps every function and class the bundle creates in a naming call, hot
      // paths of Yjs and ws included (3% of the server's editing CPU in a profile). Names matter for
      // errors only, and every error class sets `this.name`; `assertErrorNamesKept` checks the rest.
    }),
    buildServerScript(root),
  ]);
  assertErrorNamesKept(root, result.metafile);
  assertErrorNamesKept(root, scriptMetafile);
  // The build's own settings are inputs too: changing them must rebuild. So is the lock file: npm
  // gives installed files a fixed old mtime, so only the lock file tells that a bundled package changed.
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(scriptMetafile.inputs), 'scripts/build-server.mjs', 'tsconfig.json', 'package-lock.json'])].sort();
  fs.writeFileSync(path.join(root, 'dist/server', serverInputsFile), `${JSON.stringify({ inputs }, null, 1)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildServer(path.resolve(import.meta.dirname, '..'));
}
