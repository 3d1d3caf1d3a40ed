import type { LocusCommentView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError } from '../api-error.ts';

/** Longest comment the server takes (characters). */
export const maxCommentLength = 5000;

/**
 * The discussion of a document's passages (spec §3.3: reconcilers talk before they decide): every
 * comment of the document, loaded once and again whenever the queue's counts say someone wrote,
 * a draft per passage, and sending one comment at a time. Comments are never edited.
 */
export class LocusThreads {
  comments = $state.raw<readonly LocusCommentView[]>([]);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  /** What is being written, per passage, so stepping away and back keeps it. */
  drafts = $state<Record<string, string>>({});
  sending = $state(false);
  sendError = $state<{ readonly locusId: string; readonly message: string } | null>(null);
  /** Bumped to ask the box to take focus (the `c` key). */
  focusRequest = $state(0);
  #loads = 0;

  constructor(
    private readonly api: Api,
    readonly projectId: string,
    readonly documentId: string,
  ) {}

  /** The comments on one passage, oldest first. */
  of(locusId: string): readonly LocusCommentView[] {
    return this.comments.filter((c) => c.locusId === locusId);
  }

  async load(): Promise<void> {
    const load = ++this.#loads;
    try {
      const { comments } = await this.api.listComments(this.projectId, this.documentId);
      if (load !== this.#loads) return;
      this.comments = comments;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (load !== this.#loads) return;
      this.status = 'error';
      this.error = toApiError(error).message;
    }
  }

  /** The queue counted `total` comments: read them again when that is not what is shown. */
  follow(total: number): void {
    if (this.status !== 'loading' && total !== this.comments.length) void this.load();
  }

  /** Sends the draft of a passage; true when it was added. */
  async send(locusId: string): Promise<boolean> {
    const body = (this.drafts[locusId] ?? '').trim();
    if (!body || this.sending) return false;
    this.sending = true;
    this.sendError = null;
    try {
      const comment = await this.api.addComment(this.projectId, this.documentId, locusId, body);
      this.comments = [...this.comments.filter((c) => c.id !== comment.id), comment];
      this.drafts[locusId] = '';
      return true;
    } catch (error) {
      const failure = toApiError(error);
      const message =
        failure.status === 404
          ? 'This passage has changed since you opened it (a coder edited a coding in it), so the comment was not added. Your text is still here.'
          : failure.status === 403
            ? 'You can read this discussion but not add to it.'
            : failure.message;
      this.sendError = { locusId, message };
      return false;
    } finally {
      this.sending = false;
    }
  }
}
