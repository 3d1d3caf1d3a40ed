/**
 * Measures many rows with one layout: every queued job first reads layout (all of them), then
 * applies what it read (all of them). Reading one row, writing it, then reading the next would
 * force the browser to lay the page out again for every row.
 */
export class LayoutBatch {
  #jobs = new Map<object, () => () => void>();
  #scheduled = false;

  /** Queues `read` for `key` (a later request for the same key replaces it); runs before the next paint. */
  request(key: object, read: () => () => void): void {
    this.#jobs.set(key, read);
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#run());
  }

  cancel(key: object): void {
    this.#jobs.delete(key);
  }

  #run(): void {
    this.#scheduled = false;
    const reads = [...this.#jobs.values()];
    this.#jobs.clear();
    const writes = reads.map((read) => read());
    for (const write of writes) write();
  }
}
