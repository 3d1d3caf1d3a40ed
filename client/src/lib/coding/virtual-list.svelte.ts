import { flushSync } from 'svelte';
import type { Attachment } from 'svelte/attachments';

/**
 * Renders only the rows near the viewport of a scroll container: rows are measured once shown
 * (ResizeObserver), estimated until then, and the estimates are calibrated by what was measured.
 *
 * Scrolling stays put while heights settle: when rows change height, the first row on screen (the
 * anchor) is kept at the same place by adjusting `scrollTop` before the browser paints (resize
 * observations are delivered between layout and paint). The container sets
 * `overflow-anchor: none` so the browser's own anchoring does not correct a second time.
 */
export class VirtualList {
  /** Extra pixels rendered above and below the viewport. */
  overscan = 900;
  count = $state(0);
  scrollTop = $state(0);
  viewportHeight = $state(0);
  /** Bumped whenever a height changes; offsets depend on it. */
  version = $state(0);

  #measured: Float64Array = new Float64Array(0);
  #estimate: (index: number) => number = () => 100;
  #offsets: Float64Array = new Float64Array(1);
  #offsetsValid = false;
  #scale = 1;
  #measuredSum = 0;
  #estimatedSum = 0;
  #scroller: HTMLElement | null = null;
  #rows = new Map<Element, { index: number; onResize: ((width: number, height: number) => void) | undefined }>();
  #observer: ResizeObserver | null = null;
  #width = 0;

  readonly start: number = $derived.by(() => {
    void this.version;
    return this.indexAt(Math.max(0, this.scrollTop - this.overscan));
  });
  readonly end: number = $derived.by(() => {
    void this.version;
    if (this.count === 0) return 0;
    return Math.min(this.count, this.indexAt(this.scrollTop + this.viewportHeight + this.overscan) + 1);
  });
  readonly total: number = $derived.by(() => {
    void this.version;
    return this.offsetOf(this.count);
  });
  readonly startOffset: number = $derived.by(() => {
    void this.version;
    return this.offsetOf(this.start);
  });

  /**
   * Starts over with `count` rows (a new document, or its units changed). With the same count
   * (an edit inside the text), measured heights are kept: rows re-measure themselves.
   */
  reset(count: number, estimate: (index: number) => number): void {
    this.#estimate = estimate;
    if (count === this.count && this.#measured.length === count) {
      this.#offsetsValid = false;
      this.version += 1;
      return;
    }
    this.#measured = new Float64Array(count).fill(Number.NaN);
    this.#measuredSum = 0;
    this.#estimatedSum = 0;
    this.#scale = 1;
    this.#offsetsValid = false;
    this.count = count;
    this.version += 1;
  }

  heightOf(index: number): number {
    const measured = this.#measured[index];
    return measured !== undefined && !Number.isNaN(measured) ? measured : this.#estimate(index) * this.#scale;
  }

  offsetOf(index: number): number {
    if (!this.#offsetsValid) {
      const offsets = new Float64Array(this.count + 1);
      for (let i = 0; i < this.count; i++) offsets[i + 1] = offsets[i]! + this.heightOf(i);
      this.#offsets = offsets;
      this.#offsetsValid = true;
    }
    return this.#offsets[Math.max(0, Math.min(index, this.count))] ?? 0;
  }

  /** The row at pixel `y` of the content. */
  indexAt(y: number): number {
    if (this.count === 0) return 0;
    this.offsetOf(0);
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.#offsets[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The scroll container: tracks its scroll position and size. */
  readonly scroller: Attachment<HTMLElement> = (element) => {
    this.#scroller = element;
    const onScroll = () => (this.scrollTop = element.scrollTop);
    element.addEventListener('scroll', onScroll, { passive: true });
    this.#observer = new ResizeObserver((entries) => this.#onResize(entries));
    this.#observer.observe(element);
    this.viewportHeight = element.clientHeight;
    for (const row of this.#rows.keys()) this.#observer.observe(row);
    return () => {
      element.removeEventListener('scroll', onScroll);
      this.#observer?.disconnect();
      this.#observer = null;
      this.#scroller = null;
    };
  };

  /** Each rendered row: measured while it is on the page; `onResize` hears of its new size. */
  row(index: number, onResize?: (width: number, height: number) => void): Attachment<HTMLElement> {
    return (element) => {
      this.#rows.set(element, { index, onResize });
      this.#observer?.observe(element);
      return () => {
        this.#observer?.unobserve(element);
        this.#rows.delete(element);
      };
    };
  }

  /** Scrolls so that `offsetWithin` pixels into row `index` sit a third of the way down the viewport. */
  scrollToRow(index: number, offsetWithin = 0, behaviour: 'start' | 'third' = 'third'): void {
    const element = this.#scroller;
    if (!element) return;
    const target = this.offsetOf(index) + offsetWithin - (behaviour === 'third' ? this.viewportHeight / 3 : 0);
    element.scrollTop = Math.max(0, target);
    this.scrollTop = element.scrollTop;
  }

  /** True when row `index` is fully inside the viewport. */
  isRowVisible(index: number): boolean {
    const top = this.offsetOf(index);
    return top >= this.scrollTop && top + this.heightOf(index) <= this.scrollTop + this.viewportHeight;
  }

  #onResize(entries: readonly ResizeObserverEntry[]): void {
    const scroller = this.#scroller;
    if (!scroller) return;
    // The anchor: the row at the top of the viewport and how far into it the viewport begins.
    const scrollTop = scroller.scrollTop;
    const anchor = this.indexAt(scrollTop);
    const intoAnchor = scrollTop - this.offsetOf(anchor);
    let changed = false;
    for (const entry of entries) {
      if (entry.target === scroller) {
        this.viewportHeight = scroller.clientHeight;
        const width = scroller.clientWidth;
        if (this.#width !== 0 && Math.abs(width - this.#width) > 1) {
          // Lines re-wrap at a new width: every height is stale, rendered rows re-measure now.
          this.#measured.fill(Number.NaN);
          this.#measuredSum = 0;
          this.#estimatedSum = 0;
          changed = true;
        }
        this.#width = width;
        continue;
      }
      const row = this.#rows.get(entry.target);
      if (row === undefined || row.index >= this.count) continue;
      const index = row.index;
      const height = entry.borderBoxSize[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight;
      row.onResize?.(entry.borderBoxSize[0]?.inlineSize ?? 0, height);
      const before = this.#measured[index]!;
      if (!Number.isNaN(before) && Math.abs(before - height) < 0.5) continue;
      if (Number.isNaN(before)) {
        this.#measuredSum += height;
        this.#estimatedSum += this.#estimate(index);
      } else {
        this.#measuredSum += height - before;
      }
      this.#measured[index] = height;
      changed = true;
    }
    if (!changed) return;
    // Unmeasured rows are estimated in proportion to how the measured ones turned out.
    if (this.#estimatedSum > 0) this.#scale = Math.min(4, Math.max(0.25, this.#measuredSum / this.#estimatedSum));
    this.#offsetsValid = false;
    this.version += 1;
    // Apply the new offsets to the page first, so the spacer is tall enough for the new position.
    flushSync();
    const target = this.offsetOf(anchor) + intoAnchor;
    if (Math.abs(target - scrollTop) >= 0.5) scroller.scrollTop = target;
    this.scrollTop = scroller.scrollTop;
  }
}
