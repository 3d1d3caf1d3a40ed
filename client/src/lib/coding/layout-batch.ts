/**
 * Measures many rows with no layout of their own: every queued job reads layout (all of them),
 * then applies what it read (all of them), at the start of the next frame, before that frame's
 * changes. The layout is then still clean from the frame before, so reading it costs nothing;
 * measuring right after a change (a microtask later) would make the browser lay the page out for
 * the read and again for the frame, every time a coding arrives. What is measured (the margin
 * bars) follows its text by one frame; rows are rendered ahead of the viewport, so while
 * scrolling their bars are in place before they come into view.
 */
export class LayoutBatch {
  #jobs = new Map<object, () => () => void>();
  #frame: number | null = null;

  /** Queues `read` for `key` (a later request for the same key replaces it); runs at the start of the next frame. */
  request(key: object, read: () => () => void): void {
    this.#jobs.set(key, read);
    this.#frame ??= requestAnimationFrame(() => this.#run());
  }

  cancel(key: object): void {
    this.#jobs.delete(key);
  }

  #run(): void {
    this.#frame = null;
    const reads = [...this.#jobs.values()];
    this.#jobs.clear();
    const writes = reads.map((read) => read());
    for (const write of writes) write();
  }
}
