import { matchRoute, type Route } from './routes.ts';

/**
 * A tiny history-API router: the current URL as state, `navigate` to change it, and same-origin
 * link clicks turned into navigations so pages use plain `<a href>`.
 */
export class Router {
  #url = $state(new URL(window.location.href));
  readonly route: Route = $derived(matchRoute(this.#url.pathname));
  readonly path: string = $derived(this.#url.pathname);
  readonly search: URLSearchParams = $derived(new URLSearchParams(this.#url.search));
  /** Path and query, as `?next=` expects it. */
  readonly location: string = $derived(`${this.#url.pathname}${this.#url.search}`);
  /** Counts navigations after the first page load, so the shell can move focus to the new page. */
  navigations = $state(0);

  navigate(to: string, options: { replace?: boolean } = {}): void {
    const url = new URL(to, window.location.href);
    if (url.href === this.#url.href) return;
    if (options.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    this.#url = url;
    this.navigations += 1;
    if (!options.replace) window.scrollTo(0, 0);
  }

  /**
   * Changes the address without navigating (no focus move, no scroll, the same history entry): for
   * pages that keep their state in the address, e.g. the history's filters. The router follows
   * it, so a later link to the previous address is a navigation again, not a no-op.
   */
  showInAddress(to: string): void {
    const url = new URL(to, window.location.href);
    if (url.href === this.#url.href) return;
    window.history.replaceState(window.history.state, '', url);
    this.#url = url;
  }

  /** Listens to back/forward and to link clicks; returns the function that stops listening. */
  start(): () => void {
    const onPopState = () => {
      this.#url = new URL(window.location.href);
      this.navigations += 1;
    };
    const onClick = (event: MouseEvent) => {
      const target = this.#internalLink(event);
      if (!target) return;
      event.preventDefault();
      this.navigate(target);
    };
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }

  #internalLink(event: MouseEvent): string | null {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor) return null;
    // Attributes, not properties: an SVG <a> (the pathway lanes) has `href` and `target` as objects.
    const href = anchor.getAttribute('href');
    // In-page links (the skip link) are left to the browser.
    if (!href || href.startsWith('#') || anchor.getAttribute('target') || anchor.hasAttribute('download') || anchor.hasAttribute('data-external')) return null;
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return null;
    return `${url.pathname}${url.search}${url.hash}`;
  }
}
