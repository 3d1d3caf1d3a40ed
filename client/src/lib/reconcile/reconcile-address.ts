import { paths } from '../routes.ts';

/**
 * Keeps the address bar a link to the passage on screen (`?document=…&locus=…`). It replaces the
 * history entry directly instead of `router.navigate`: the router counts every navigation and
 * moves focus to the page's heading, which would pull the keyboard away on each step through the
 * queue. The route (the path) never changes here, so the router has nothing to follow.
 */
export function showPassageInAddress(projectId: string, documentId: string | null, locusId: string | null): void {
  const target = paths.reconcile(projectId, { documentId, locusId });
  if (`${window.location.pathname}${window.location.search}` !== target) window.history.replaceState(window.history.state, '', target);
}
