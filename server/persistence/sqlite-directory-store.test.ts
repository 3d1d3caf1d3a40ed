import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { runDirectoryStoreContract } from './directory-store-contract.ts';
import { createSqliteDirectoryStore } from './sqlite-directory-store.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-sqlite-directory-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
// Two stores opened on one file are two connections to one database, as two instances would be
// (the data directory's lock keeps two processes apart; the stores themselves do not).
runDirectoryStoreContract('SQLite (real file)', {
  freshLocation: async () => path.join(root, `dir-${++counter}`, 'accord.sqlite'),
  open: async (file) => createSqliteDirectoryStore(file),
});
