// The search index thread's entry when the server runs from source: worker threads do not inherit
// the parent's module loader, so the TypeScript worker is loaded through tsx explicitly. The
// compiled server starts dist/server/search-index-worker.js instead (server/worker-url.ts).
import { register } from 'tsx/esm/api';

register();
await import('./search-index-worker.ts');
