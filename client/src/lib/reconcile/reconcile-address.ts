import type { Router } from '../router.svelte.ts';
import { paths } from '../routes.ts';

/**
 * Keeps the address bar a link to the passage on screen (`?document=…&locus=…`). It changes the
 * address without `router.navigate`: a navigation moves focus to the page's heading, which would
 * pull the keyboard away on each step through the queue.
 */
export function showPassageInAddress(router: Pick<Router, 'showInAddress'>, projectId: string, documentId: string | null, locusId: string | null): void {
  router.showInAddress(paths.reconcile(projectId, { documentId, locusId }));
}
