import type { Router } from '../router.svelte.ts';
import { paths } from '../routes.ts';
import { writeHistoryFilter, type HistoryFilter } from './history-filter.ts';

/**
 * Keeps the address bar a link to the filtered timeline. As on the reconcile view, it changes the
 * address without `router.navigate`, which would move focus to the page's heading on every change
 * of a select.
 */
export function showHistoryInAddress(router: Pick<Router, 'showInAddress'>, projectId: string, filter: HistoryFilter): void {
  const search = writeHistoryFilter(filter).toString();
  router.showInAddress(`${paths.history(projectId)}${search ? `?${search}` : ''}`);
}
