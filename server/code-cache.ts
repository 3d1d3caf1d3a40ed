import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Runs a CommonJS bundle through V8's code cache: the bytecode of every function the bundle
 * compiled while starting, saved after a run and read back by the next, so a restart skips
 * parsing and compiling them (Node 22's `module.enableCompileCache`, which Node 20 lacks).
 * Measured on the two-core machine: spawn → listening ~400 → ~300 ms.
 *
 * A cache belongs to one bundle and one V8 configuration:
 * - V8 itself rejects data made by another V8 version or with other V8 flags
 *   (`--max-semi-space-size` among them), but it tells sources apart by their length only: data
 *   made for another bundle of the same length would be accepted, and that bundle's bytecode run.
 *   So the file is named after a hash of the bundle, and of the Node version and flags.
 * - Data V8 rejects is written anew; files of other builds are removed when one is written.
 * - A directory that cannot be written (a read-only image) leaves the start as it was, and says so
 *   once on stderr.
 * - Under `--enable-source-maps` the bundle is required as usual, uncached (state `off`): Node 20
 *   maps stack traces of modules it loaded itself, not of scripts compiled through `node:vm`.
 */
export type CodeCacheState = 'accepted' | 'rejected' | 'missing' | 'off';

export type CodeCacheRun = {
  readonly state: CodeCacheState;
  /** The cache file for this bundle and configuration. */
  readonly cacheFile: string;
  /** Saves what is compiled now, unless V8 accepted the saved data; the file written, or null. */
  save(): string | null;
};

/** FNV-1a, 32 bits: names a runtime configuration (no crypto module to load at every start). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * Where a bundle's cache lives: one file per bundle content (`bundleKey`, a hash of the bundle the
 * build computed) and per Node version, architecture and flags.
 */
export function codeCacheFile(bundleFile: string, bundleKey: string, cacheDir: string): string {
  const runtime = fnv1a([process.version, process.arch, ...process.execArgv].join('\0'));
  return path.join(cacheDir, `${path.basename(bundleFile)}-${bundleKey}-${runtime}.v8cache`);
}

/** How this process's code was started, for the "listening" log line: set before the bundle runs. */
const startedWith = Symbol.for('accord.codeCacheState');

/** The state `runWithCodeCache` found, or undefined when the process was not started through it (from source). */
export function codeCacheState(): CodeCacheState | undefined {
  return (globalThis as { [startedWith]?: CodeCacheState })[startedWith];
}

function announce(state: CodeCacheState): void {
  (globalThis as { [startedWith]?: CodeCacheState })[startedWith] = state;
}

/**
 * The bundle's text. An ASCII file (the build escapes everything else) is read as Latin-1: V8 holds
 * it as a one-byte string, where one non-ASCII character makes the whole source two bytes a
 * character, and nothing is decoded as UTF-8. Any other file is read as UTF-8.
 */
function readSource(file: string): string {
  const bytes = fs.readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** The saved data, if it can be read: a cache that cannot (missing, unreadable) only means a slower start. */
function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs `bundleFile` (CommonJS) as Node would, with the cache in `cacheDir`. `bundleKey` must change
 * whenever the bundle's content does (the build passes a hash of it). Call `save()` once the
 * program has done what each start does (compiled-main.ts: a few seconds after start), so the
 * functions it compiled are in the cache.
 */
export function runWithCodeCache(bundleFile: string, bundleKey: string, cacheDir: string): CodeCacheRun {
  const cacheFile = codeCacheFile(bundleFile, bundleKey, cacheDir);
  if (process.sourceMapsEnabled) {
    announce('off');
    createRequire(bundleFile)(bundleFile);
    return { state: 'off', cacheFile, save: () => null };
  }
  const source = readSource(bundleFile);
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    cachedData,
    // Any import() left in the bundle resolves as in a module Node loaded itself.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const state: CodeCacheState = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  announce(state);
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile));
  return {
    state,
    cacheFile,
    save() {
      if (state === 'accepted') return null;
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        // Written aside and renamed: a process starting meanwhile reads the old file or the new, whole.
        const partial = `${cacheFile}.${process.pid}.partial`;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, cacheFile);
        removeOtherBuilds(cacheFile);
        return cacheFile;
      } catch (error) {
        process.stderr.write(`Accord: start-up code cache not saved in ${cacheDir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); restarts stay slower\n`);
        return null;
      }
    },
  };
}

/** Caches of this bundle made from another build of it: never read again. */
function removeOtherBuilds(cacheFile: string): void {
  const [bundle, content] = path.basename(cacheFile).split('-');
  const dir = path.dirname(cacheFile);
  for (const name of fs.readdirSync(dir)) {
    const [otherBundle, otherContent] = name.split('-');
    if (otherBundle === bundle && otherContent !== content) fs.rmSync(path.join(dir, name), { force: true });
  }
}
