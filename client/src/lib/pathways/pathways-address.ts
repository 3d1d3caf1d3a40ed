import type { Router } from '../router.svelte.ts';
import { paths } from '../routes.ts';
import { writePathwaySettings, type PathwaySettings } from './pathway-settings.ts';

/**
 * Keeps the address bar a link to what the page shows. Like the history's filters, it changes the
 * address without `router.navigate`, which would move focus to the heading on every change of a select.
 */
export function showPathwaysInAddress(router: Pick<Router, 'showInAddress'>, projectId: string, settings: PathwaySettings): void {
  router.showInAddress(pathwaysAddress(projectId, settings));
}

/**
 * The page's address for the settings. Commas stay readable (`values=coach,nurse`): the query is
 * read with `URLSearchParams`, to which `,` and `%2C` are the same character.
 */
export function pathwaysAddress(projectId: string, settings: PathwaySettings): string {
  const address = paths.pathways(projectId, writePathwaySettings(settings));
  const query = address.indexOf('?');
  return query === -1 ? address : address.slice(0, query) + address.slice(query).replace(/%2C/gi, ',');
}
