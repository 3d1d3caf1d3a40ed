import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { runDocumentStoreContract } from './document-store-contract.ts';
import { createSqliteDocumentStore } from './sqlite-document-store.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-sqlite-store-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
runDocumentStoreContract('SQLite (real file, WAL)', {
  freshLocation: async () => path.join(root, `store-${++counter}`, 'accord.sqlite'),
  open: async (file) => createSqliteDocumentStore(file),
});
