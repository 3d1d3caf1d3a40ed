import type { ProjectView } from '../../../shared/api/index.ts';
import type { Api } from './api.ts';
import { ApiError, toApiError } from './api-error.ts';

/** The signed-in person's projects, most recently active first, archived ones apart. */
export class ProjectsState {
  projects = $state.raw<ProjectView[] | null>(null);
  loadError = $state.raw<ApiError | null>(null);
  readonly active: ProjectView[] = $derived(sortByActivity((this.projects ?? []).filter((p) => !p.archived)));
  readonly archived: ProjectView[] = $derived(sortByActivity((this.projects ?? []).filter((p) => p.archived)));

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    try {
      this.projects = await this.api.listProjects();
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  async create(name: string): Promise<ProjectView> {
    if (!name.trim()) throw ApiError.invalid('name', 'Give the project a name.');
    const project = await this.api.createProject({ name: name.trim() });
    this.projects = [project, ...(this.projects ?? [])];
    return project;
  }
}

function sortByActivity(projects: ProjectView[]): ProjectView[] {
  return [...projects].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
