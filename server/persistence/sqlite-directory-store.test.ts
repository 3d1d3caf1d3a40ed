import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { runDirectoryStoreContract } from './directory-store-contract.ts';
import { createSqliteDirectoryStore } from './sqlite-directory-store.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-sqlite-directory-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
runDirectoryStoreContract('SQLite (real file)', async () => createSqliteDirectoryStore(path.join(root, `dir-${++counter}`, 'accord.sqlite')));
