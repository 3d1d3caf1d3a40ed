import { createId } from '../auth/secret-token.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import type { DirectoryStore, MemoRecord } from '../persistence/directory-store.ts';
import { StoreError } from '../persistence/document-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import { MemoEventType, memoEvent } from './memo-history.ts';
import { mayReadMemo } from './memo-visibility.ts';

export const MemoFailure = {
  /** No such memo, or one the caller may not see (a blind round's): the same answer, so ids cannot be probed. */
  unknownMemo: 'unknownMemo',
  unknownDocument: 'unknownDocument',
  /** Only a memo's author changes it; only its author or an owner deletes it. */
  notAuthor: 'notAuthor',
  /** The administrator token is automation: a memo has a person as its author. */
  notPerson: 'notPerson',
} as const;
export type MemoFailure = (typeof MemoFailure)[keyof typeof MemoFailure];

export class MemoError extends Error {
  constructor(
    readonly reason: MemoFailure,
    message: string,
  ) {
    super(message);
    this.name = 'MemoError';
  }
}

export interface MemoContent {
  readonly title: string;
  readonly text: string;
}

/**
 * Document and project memos: records in the directory store, each change stored in the same
 * transaction as its history event (`memo.added`, `memo.changed`, `memo.removed`, with the memo's
 * title and text). The caller has checked the role (coders and owners write); this checks who may
 * change which memo. Changes to one project's memos run one at a time (in this process), so an
 * event's `before` is the memo as it was.
 */
export class MemoService {
  private readonly queue = new KeyedQueue();

  constructor(private readonly directory: DirectoryStore) {}

  create(access: ProjectAccess, documentId: string | null, content: MemoContent): Promise<MemoRecord> {
    const authorId = personOf(access, 'write a memo');
    return this.queue.run(access.project.id, async () => {
      if (documentId !== null && !(await this.directory.findDocument(access.project.id, documentId))) throw new MemoError(MemoFailure.unknownDocument, 'This project has no such document');
      const at = new Date().toISOString();
      const memo: MemoRecord = { id: createId(), projectId: access.project.id, documentId, authorId, ...content, createdAt: at, updatedAt: at };
      try {
        await this.directory.createMemo(memo, memoEvent(MemoEventType.added, authorId, null, memo));
      } catch (error) {
        // The document was deleted between the check and the write.
        if (error instanceof StoreError && error.reason === 'conflict') throw new MemoError(MemoFailure.unknownDocument, 'This project has no such document');
        throw error;
      }
      return memo;
    });
  }

  /** The author changes the title, the text, or both; an unchanged memo is answered as it is, with no event. */
  update(access: ProjectAccess, memoId: string, changes: Partial<MemoContent>): Promise<MemoRecord> {
    const by = personOf(access, 'change a memo');
    return this.queue.run(access.project.id, async () => {
      const memo = await this.findVisible(access, memoId);
      if (memo.authorId !== by) throw new MemoError(MemoFailure.notAuthor, 'Only its author can change a memo');
      const next = { ...memo, ...changes };
      if (next.title === memo.title && next.text === memo.text) return memo;
      const updatedAt = new Date().toISOString();
      const updated = await this.directory.updateMemo(access.project.id, memoId, { ...changes, updatedAt }, memoEvent(MemoEventType.changed, by, memo, { ...next, updatedAt }));
      if (!updated) throw new MemoError(MemoFailure.unknownMemo, 'No such memo');
      return updated;
    });
  }

  /** Its author, or an owner (the administrator token included), deletes a memo. */
  remove(access: ProjectAccess, memoId: string): Promise<void> {
    const by = access.actor.kind === 'admin' ? 'admin' : access.actor.userId;
    return this.queue.run(access.project.id, async () => {
      const memo = await this.findVisible(access, memoId);
      if (memo.authorId !== by && access.role !== 'owner') throw new MemoError(MemoFailure.notAuthor, 'Only its author or a project owner can delete a memo');
      if (!(await this.directory.deleteMemo(access.project.id, memoId, memoEvent(MemoEventType.removed, by, memo, null)))) throw new MemoError(MemoFailure.unknownMemo, 'No such memo');
    });
  }

  private async findVisible(access: ProjectAccess, memoId: string): Promise<MemoRecord> {
    const memo = await this.directory.findMemo(access.project.id, memoId);
    const round = memo?.documentId ? await readDocumentRound(this.directory, memo.projectId, memo.documentId) : null;
    if (!memo || !mayReadMemo(access, memo, round)) throw new MemoError(MemoFailure.unknownMemo, 'No such memo');
    return memo;
  }
}

function personOf(access: ProjectAccess, what: string): string {
  if (access.actor.kind === 'admin') throw new MemoError(MemoFailure.notPerson, `The administrator token cannot ${what}: a memo has a person as its author. Sign in to write one.`);
  return access.actor.userId;
}
