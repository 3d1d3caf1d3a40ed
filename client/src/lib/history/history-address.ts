import { paths } from '../routes.ts';
import { writeHistoryFilter, type HistoryFilter } from './history-filter.ts';

/**
 * Keeps the address bar a link to the filtered timeline. As on the reconcile view, it replaces
 * the history entry directly instead of `router.navigate`, which would move focus to the page's
 * heading on every change of a select.
 */
export function showHistoryInAddress(projectId: string, filter: HistoryFilter): void {
  const search = writeHistoryFilter(filter).toString();
  const target = `${paths.history(projectId)}${search ? `?${search}` : ''}`;
  if (`${window.location.pathname}${window.location.search}` !== target) window.history.replaceState(window.history.state, '', target);
}
