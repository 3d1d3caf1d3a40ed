import type { Component } from 'svelte';

/** A component module loaded on demand: `() => import('./SomePage.svelte')`, a chunk of its own. */
export type LoadComponent = () => Promise<{ default: Component }>;

/** How long a load may take before it is announced: a quicker one shows nothing rather than a flash of "Loading…". */
export const loadingNoticeDelayMs = 150;

/**
 * A component whose code is fetched when first shown: loading, loaded or failed, with `retry`.
 * Browsers do not remember a failed `import()` (the module map keeps only successes), so a retry
 * fetches the chunk again; a chunk that no longer exists (the server was updated since this page
 * loaded, and chunk names carry content hashes) needs the page reloaded instead.
 */
export class LazyComponent {
  status = $state<'loading' | 'loaded' | 'failed'>('loading');
  component = $state.raw<Component | null>(null);
  /** The load has taken longer than `loadingNoticeDelayMs`: time to say so. */
  slow = $state(false);
  #load: LoadComponent;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(load: LoadComponent) {
    this.#load = load;
    this.retry();
  }

  retry(): void {
    const attempt = ++this.#attempt;
    this.status = 'loading';
    this.slow = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.slow = true), loadingNoticeDelayMs);
    this.#load().then(
      (module) => {
        if (attempt !== this.#attempt) return;
        clearTimeout(this.#timer);
        this.component = module.default;
        this.status = 'loaded';
      },
      (error: unknown) => {
        if (attempt !== this.#attempt) return;
        clearTimeout(this.#timer);
        // The page says it plainly; the browser's reason (which URL, what status) goes to the console.
        console.warn('a view’s code could not be loaded', error);
        this.status = 'failed';
      },
    );
  }

  /** The view went away while loading: a late answer changes nothing. */
  destroy(): void {
    this.#attempt += 1;
    clearTimeout(this.#timer);
  }
}
