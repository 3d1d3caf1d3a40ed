/**
 * Updates whose bytes their caller will not read again once it has appended them: a room's copy
 * of a client's large update (`LiveDocument`). A store that hands updates to another thread
 * (`sqlite-writer-thread.ts`) moves such a buffer there instead of copying it, so a pasted
 * transcript is held once, by the thread, not also by the room until it is stored and then as
 * garbage until V8's next full collection. The caller's array then reads as empty; other stores
 * leave it as it is.
 */
const movable = new WeakSet<Uint8Array>();

/** Marks `update` as the caller's to give up when appended; returns it. */
export function markMovable(update: Uint8Array): Uint8Array {
  movable.add(update);
  return update;
}

export function isMovable(update: Uint8Array): boolean {
  return movable.has(update);
}

/** An update marked movable that a store has since moved away. */
export function wasMoved(update: Uint8Array): boolean {
  return movable.has(update) && update.byteLength === 0;
}
