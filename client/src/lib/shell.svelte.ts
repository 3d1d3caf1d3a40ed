import type { ProjectView } from '../../../shared/api/index.ts';

/** What the top bar shows about the page below it: the open project, for the breadcrumb. */
export class Shell {
  project = $state.raw<ProjectView | null>(null);
}
