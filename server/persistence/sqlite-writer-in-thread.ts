import type Database from 'better-sqlite3';
import { createSqliteWriter, settle, closedStoreError, type SqliteWrites, type WriteRequest, type WriteResult } from './sqlite-writer.ts';

interface Queued {
  readonly request: WriteRequest;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Writes on the caller's own connection, for a database no other thread can open (`:memory:`):
 * the requests of one event-loop turn are run together once the turn's work is done, so the
 * appends among them share one commit (sqlite-writer.ts), as on the writer thread.
 */
export function createInThreadWriter(db: Database.Database): SqliteWrites {
  const write = createSqliteWriter(db);
  let queue: Queued[] = [];
  let closed = false;
  const flush = () => {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const outcomes = write(batch.map((queued) => queued.request));
    batch.forEach((queued, i) => settle(outcomes[i]!, queued.resolve, queued.reject));
  };
  return {
    write: <R extends WriteRequest>(request: R) =>
      new Promise<WriteResult<R>>((resolve, reject) => {
        if (closed) return reject(closedStoreError());
        if (queue.length === 0) setImmediate(flush);
        queue.push({ request, resolve: resolve as (value: unknown) => void, reject });
      }),
    close: async () => {
      // What was asked for is written, not dropped.
      closed = true;
      flush();
    },
  };
}
