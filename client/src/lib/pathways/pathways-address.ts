import type { Router } from '../router.svelte.ts';
import { paths } from '../routes.ts';
import { writePathwaySettings, type PathwaySettings } from './pathway-settings.ts';

/**
 * Keeps the address bar a link to what the page shows. Like the history's filters, it changes the
 * address without `router.navigate`, which would move focus to the heading on every change of a select.
 */
export function showPathwaysInAddress(router: Pick<Router, 'showInAddress'>, projectId: string, settings: PathwaySettings): void {
  router.showInAddress(paths.pathways(projectId, writePathwaySettings(settings)));
}
