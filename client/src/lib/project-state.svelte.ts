import type { CreateDocumentRequest, DocumentView, MemberView, ProjectView, Role, UpdateProjectRequest } from '../../../shared/api/index.ts';
import type { Api } from './api.ts';
import { ApiError, toApiError } from './api-error.ts';

/** One open project: its settings, documents and members, and the owner's actions on them. */
export class ProjectState {
  project = $state.raw<ProjectView | null>(null);
  documents = $state.raw<DocumentView[] | null>(null);
  members = $state.raw<MemberView[] | null>(null);
  /** Why the project could not be loaded (not found, not a member, offline). */
  loadError = $state.raw<ApiError | null>(null);
  readonly isOwner: boolean = $derived(this.project?.role === 'owner');

  constructor(
    private readonly api: Api,
    readonly id: string,
  ) {}

  async load(): Promise<void> {
    try {
      const [project, documents] = await Promise.all([this.api.getProject(this.id), this.api.listDocuments(this.id)]);
      this.project = project;
      this.documents = documents;
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  async loadMembers(): Promise<void> {
    this.members = await this.api.listMembers(this.id);
  }

  async addDocument(request: CreateDocumentRequest): Promise<DocumentView> {
    if (!request.name.trim()) throw ApiError.invalid('name', 'Give the document a name, such as the participant’s code.');
    if (!request.text.trim()) throw ApiError.invalid('text', 'Paste the transcript text first.');
    const document = await this.api.createDocument(this.id, request);
    this.documents = [...(this.documents ?? []), document];
    this.#adjustCounts({ documentCount: 1 });
    return document;
  }

  async update(request: UpdateProjectRequest): Promise<void> {
    this.project = await this.api.updateProject(this.id, request);
  }

  async remove(): Promise<void> {
    await this.api.deleteProject(this.id);
  }

  async changeRole(userId: string, role: Role): Promise<void> {
    await this.api.updateMember(this.id, userId, role);
    this.members = (this.members ?? []).map((m) => (m.userId === userId ? { ...m, role } : m));
  }

  async removeMember(userId: string): Promise<void> {
    await this.api.removeMember(this.id, userId);
    this.members = (this.members ?? []).filter((m) => m.userId !== userId);
    this.#adjustCounts({ memberCount: -1 });
  }

  /** Keeps the counts in step with a change just made, without another request. */
  #adjustCounts(delta: { documentCount?: number; memberCount?: number }): void {
    const project = this.project;
    if (!project) return;
    this.project = { ...project, documentCount: project.documentCount + (delta.documentCount ?? 0), memberCount: project.memberCount + (delta.memberCount ?? 0) };
  }
}
