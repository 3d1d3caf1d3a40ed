import type { Component } from 'svelte';
import type { ExploreView } from '../routes.ts';

/** The Explore tab's views, in the order of its sub-navigation; each one's code loads on demand. */
export const exploreViews: readonly { readonly view: ExploreView; readonly label: string; readonly load: () => Promise<{ default: Component }> }[] = [
  { view: 'segments', label: 'Coded segments', load: () => import('../../pages/explore/SegmentsView.svelte') },
  { view: 'search', label: 'Search', load: () => import('../../pages/explore/SearchView.svelte') },
  { view: 'matrix', label: 'Matrix', load: () => import('../../pages/explore/MatrixView.svelte') },
  { view: 'memos', label: 'Memos', load: () => import('../../pages/explore/MemosView.svelte') },
];

/**
 * Starts loading a view's code while the project itself loads (the page frame waits for the
 * project before drawing the view): the second `import()` of a module is the same promise.
 */
export function prefetchExploreView(view: ExploreView): void {
  void exploreViews.find((v) => v.view === view)?.load().catch(() => {});
}
