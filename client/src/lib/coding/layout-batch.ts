import { requestAfterFrame } from '../after-frame.ts';

/**
 * Measures many rows with no layout of their own: every queued job reads layout (all of them),
 * then applies what it read (all of them), just after the next frame is rendered
 * (`requestAfterFrame`). The layout is then clean from that frame, so reading it costs nothing;
 * measuring right after a change (a microtask later) would make the browser lay the page out for
 * the read and again for the frame, every time a coding arrives. What is measured (the margin
 * bars) follows its text by one frame; rows are rendered ahead of the viewport, so while
 * scrolling their bars are in place before they come into view.
 */
export class LayoutBatch {
  #jobs = new Map<object, () => () => void>();
  #frame: number | null = null;

  /** Queues `read` for `key` (a later request for the same key replaces it); runs just after the next frame. */
  request(key: object, read: () => () => void): void {
    this.#jobs.set(key, read);
    this.#frame ??= requestAfterFrame(() => this.#run());
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
