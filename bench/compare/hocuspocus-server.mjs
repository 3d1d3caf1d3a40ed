// Hocuspocus 4 with its SQLite extension, as its documentation sets it up, on 127.0.0.1:$PORT with
// the database file in $DATA_DIR. Defaults everywhere else (stores are debounced: 2 s, at most
// 10 s; a SIGTERM stores what is pending). Plain JavaScript, like Accord's compiled dist/server,
// so neither start-up pays for TypeScript compilation.
import path from 'node:path';
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: path.join(process.env.DATA_DIR, 'hocuspocus.sqlite') })],
});
await server.listen();
