/**
 * The file a worker thread starts from. Worker threads do not inherit the parent's module loader:
 * run from source (through tsx), a worker starts at its `.mjs` entry beside it, which registers tsx
 * first; in the compiled server (`npm run build`) each worker is a bundle of its own,
 * `dist/server/<name>.js`, beside the bundle that starts it — no tsx at run time.
 *
 * @example new Worker(workerUrl('report-worker', new URL('./report-worker-entry.mjs', import.meta.url)))
 */
export function workerUrl(compiledName: 'report-worker' | 'xlsx-worker', sourceEntry: URL): URL {
  // Bundled, this module's URL is the bundle's (dist/server/main.js); from source it is this .ts file.
  const runningFromSource = new URL(import.meta.url).pathname.endsWith('.ts');
  return runningFromSource ? sourceEntry : new URL(`./${compiledName}.js`, import.meta.url);
}
