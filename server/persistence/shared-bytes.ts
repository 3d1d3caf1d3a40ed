/** Updates of at least this many bytes are held in shared memory by the room that stores them (`shareLarge`). */
export const shareLargeMinBytes = 64 * 1024;

/**
 * `bytes`, when large, copied into memory that threads share. A room holds an update until the
 * store has committed it (to send it, or to try again); the SQLite store's writer thread is handed
 * the same memory rather than a copy of its own (`sqlite-writer-thread.ts`), so a pasted transcript
 * is held once while it is committed, not twice — and the frame it came in, which the room would
 * otherwise hold a view into, can go at once. Twenty transcripts arriving together: bench/compare
 * 20x10's peak RSS 285 → 265 MB (four alternating pairs). Small updates stay as they are: the
 * writer thread's copy of one is cheaper than shared memory.
 */
export function shareLarge(bytes: Uint8Array): Uint8Array {
  if (bytes.length < shareLargeMinBytes || bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

/** Whether `bytes` lie in shared memory: then they cross to another thread without a copy. */
export function isShared(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof SharedArrayBuffer;
}
