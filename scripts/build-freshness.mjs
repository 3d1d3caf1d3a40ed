// Whether the builds in dist/ are current. Used by `npm start` (scripts/ensure-build.mjs) and by
// bin/accord.mjs on every command, so it must stay cheap: it stats the files the last build read
// (esbuild's metafile, saved as dist/server/build-inputs.json) instead of walking the source tree.
import fs from 'node:fs';
import path from 'node:path';

/** What scripts/build-server.mjs writes into dist/server, besides source maps. */
export const serverOutputs = ['main.cjs', 'accord.cjs', 'cli.js', 'report-worker.js', 'xlsx-worker.js', 'sqlite-writer.js', 'search-index-worker.js'];
/** The source files the last server build read, relative to the repository root. */
export const serverInputsFile = 'build-inputs.json';

/** A file's modification time, or null when it does not exist. */
function modifiedAt(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * `'missing'` (never built), `'stale'` (a source it was built from changed or is gone since) or
 * `'fresh'`. Without sources beside it — the image holds only dist/ and the production
 * dependencies — the build is all there is, so it counts as fresh.
 */
export function serverBuildState(root) {
  const outDir = path.join(root, 'dist/server');
  let oldestOutput = Infinity;
  for (const name of [...serverOutputs, serverInputsFile]) {
    const time = modifiedAt(path.join(outDir, name));
    if (time === null) return 'missing';
    oldestOutput = Math.min(oldestOutput, time);
  }
  if (modifiedAt(path.join(root, 'server')) === null) return 'fresh';
  const { inputs } = JSON.parse(fs.readFileSync(path.join(outDir, serverInputsFile), 'utf8'));
  for (const input of inputs) {
    const time = modifiedAt(path.join(root, input));
    if (time === null || time > oldestOutput) return 'stale';
  }
  return 'fresh';
}

function newestModification(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Like serverBuildState, for the web client: dist/client against everything under client/ and shared/. */
export function clientBuildState(root) {
  const built = modifiedAt(path.join(root, 'dist/client/index.html'));
  if (built === null) return 'missing';
  if (modifiedAt(path.join(root, 'client')) === null) return 'fresh';
  const sources = Math.max(newestModification(path.join(root, 'client')), newestModification(path.join(root, 'shared')));
  return built < sources ? 'stale' : 'fresh';
}
