import { createSubscriber } from 'svelte/reactivity';

/** Attaches Yjs observers that call `changed`; returns the function that detaches them. */
export type Attach = (changed: () => void) => () => void;

/**
 * A value read from Yjs, exposed to Svelte. The observers stay attached from construction to
 * `destroy()` and only mark the value stale; it is re-read on the next access, so a burst of
 * remote updates costs one read, and a read outside any effect is never stale either.
 * Components read `current`; they never observe Yjs themselves.
 *
 * @example
 * const codes = new YjsValue(() => readCodes(doc), (changed) => {
 *   codesMap(doc).observeDeep(changed);
 *   return () => codesMap(doc).unobserveDeep(changed);
 * });
 * codes.current // Code[], re-read after a change
 */
export class YjsValue<T> {
  #read: () => T;
  #stale = true;
  #value: T | undefined;
  #listeners = new Set<() => void>();
  #detach: () => void;
  #subscribe = createSubscriber((update) => {
    this.#listeners.add(update);
    return () => this.#listeners.delete(update);
  });

  constructor(read: () => T, attach: Attach) {
    this.#read = read;
    this.#detach = attach(() => this.invalidate());
  }

  get current(): T {
    this.#subscribe();
    if (this.#stale) {
      this.#value = this.#read();
      this.#stale = false;
    }
    return this.#value as T;
  }

  /** Marks the value stale and tells every reader (also called by the observers). */
  invalidate(): void {
    this.#stale = true;
    for (const listener of this.#listeners) listener();
  }

  destroy(): void {
    this.#detach();
    this.#listeners.clear();
  }
}
