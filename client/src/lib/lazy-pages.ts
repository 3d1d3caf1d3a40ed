import type { LoadComponent } from './lazy-component.svelte.ts';
import type { Route } from './routes.ts';

export interface LazyPage {
  /** The page in a sentence: "Could not load the agreement dashboard." */
  readonly what: string;
  readonly load: LoadComponent;
}

/**
 * Project pages whose code is fetched on first visit, each a chunk of its own: analysis and
 * administration pages that few visits start on, kept out of the bundle every page (the coding
 * view first) waits for.
 * Pathways brings the diagram libraries (d3-sankey, and elkjs in a worker).
 */
export const lazyPages = {
  agreement: { what: 'the agreement dashboard', load: () => import('../pages/AgreementPage.svelte') },
  reconcile: { what: 'the reconcile view', load: () => import('../pages/ReconcilePage.svelte') },
  pathways: { what: 'the pathway diagrams', load: () => import('../pages/PathwaysPage.svelte') },
  history: { what: 'the history', load: () => import('../pages/HistoryPage.svelte') },
  rounds: { what: 'the coding rounds', load: () => import('../pages/RoundsPage.svelte') },
  settings: { what: 'the project settings', load: () => import('../pages/SettingsPage.svelte') },
} as const satisfies Partial<Record<Route['name'], LazyPage>>;

export type LazyPageName = keyof typeof lazyPages;

export function isLazyPage(name: Route['name']): name is LazyPageName {
  return Object.hasOwn(lazyPages, name);
}

/**
 * Starts fetching a lazy page's code as soon as its address is known, alongside the project's own
 * requests (the page frame waits for the project before drawing the page). A second `import()` of
 * a module is the same fetch; a failure is reported when the page itself loads it.
 */
export function prefetchLazyPage(name: Route['name']): void {
  // A failed prefetch is not reported here: the page's own load tries again and says what happened.
  if (isLazyPage(name)) void lazyPages[name].load().catch(() => {});
}
