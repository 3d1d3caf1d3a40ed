import path from 'node:path';
import { runWithCodeCache } from './code-cache.ts';

// dist/server/main.cjs, what `npm start` and the image run. The server itself is accord.cjs
// beside it (main.ts bundled as CommonJS), run through V8's code cache so that a restart does not
// compile it again (code-cache.ts). The cache is saved once the server has started and served its
// first clients; a start that found it accepted saves nothing. CommonJS, like the bundle: an ES
// module entry costs ~20 ms more to start, and the bundle's hash comes from the build, not from
// hashing it at every start.
declare const __accordBundleKey: string;
const saveAfterMs = 3_000;

const run = runWithCodeCache(path.join(__dirname, 'accord.cjs'), __accordBundleKey, path.join(__dirname, 'code-cache'));
if (run.state === 'missing' || run.state === 'rejected') setTimeout(() => run.save(), saveAfterMs).unref();
