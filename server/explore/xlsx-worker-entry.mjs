// Worker threads do not inherit the parent's module loader, so the TypeScript worker is loaded
// through tsx explicitly (as the agreement worker is).
import { register } from 'tsx/esm/api';

register();
await import('./xlsx-worker.ts');
