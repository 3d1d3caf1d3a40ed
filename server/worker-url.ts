import { fileURLToPath } from 'node:url';
import { serverBuildState } from '../scripts/build-freshness.mjs';

/** Whether dist/server holds a build of the current sources (asked once per process). */
let currentBuild: boolean | undefined;

/**
 * The file a worker thread starts from. Worker threads do not inherit the parent's module loader.
 * In the compiled server (`npm run build`) each worker is a bundle of its own,
 * `dist/server/<name>.js`, beside the bundle that starts it — no tsx at run time. Run from source
 * (tests, `npm run dev`), a worker starts from that bundle too when the build is current — the
 * same code, without the 0.2–0.7 s tsx costs each thread — and otherwise at its `.mjs` entry
 * beside it, which registers tsx first.
 *
 * @example new Worker(workerUrl('report-worker', new URL('./report-worker-entry.mjs', import.meta.url)))
 */
export function workerUrl(compiledName: 'report-worker' | 'xlsx-worker' | 'sqlite-writer' | 'search-index-worker', sourceEntry: URL): URL {
  // Bundled, this module's URL is the bundle's (dist/server/accord.cjs); from source it is this .ts file.
  const runningFromSource = new URL(import.meta.url).pathname.endsWith('.ts');
  if (!runningFromSource) return new URL(`./${compiledName}.js`, import.meta.url);
  currentBuild ??= serverBuildState(fileURLToPath(new URL('..', import.meta.url))) === 'fresh';
  return currentBuild ? new URL(`../dist/server/${compiledName}.js`, import.meta.url) : sourceEntry;
}
