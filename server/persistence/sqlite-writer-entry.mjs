// The writer thread's entry when the server runs from source: worker threads do not inherit the
// parent's module loader, so the TypeScript worker is loaded through tsx explicitly. The compiled
// server starts dist/server/sqlite-writer.js instead (server/worker-url.ts), with no tsx.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer-worker.ts');
