// Worker threads do not inherit the parent's module loader, so the TypeScript worker is loaded
// through tsx explicitly (as bin/accord.mjs does for the CLI).
import { register } from 'tsx/esm/api';

register();
await import('./report-worker.ts');
