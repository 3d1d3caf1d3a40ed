import { maxMemoTextLength, maxMemoTitleLength, type MemoView } from '../../../../shared/api/index.ts';
import { ApiError } from '../api-error.ts';
import { FormState } from '../form-state.svelte.ts';

/** What the editor sends: a new memo (about the project, or a document), or its author's change. */
export type MemoDraft =
  | { readonly mode: 'new'; readonly documentId: string | null; readonly title: string; readonly text: string }
  | { readonly mode: 'edit'; readonly memoId: string; readonly title: string; readonly text: string };

/**
 * The "New memo" / "Edit memo" dialog's state: what it is about, the title and text as typed, and
 * the form's busy flag and errors (checked here first, with the server's limits, so nothing is
 * sent that it would refuse).
 */
export class MemoEditor {
  open = $state(false);
  mode = $state<'new' | 'edit'>('new');
  /** The memo being changed (edit). */
  memo = $state.raw<MemoView | null>(null);
  /** '' for a project memo, else the document it is about (new). */
  documentId = $state('');
  title = $state('');
  text = $state('');
  readonly form = new FormState('memo');

  readonly heading: string = $derived(this.mode === 'new' ? 'New memo' : 'Edit memo');

  openNew(documentId = ''): void {
    this.mode = 'new';
    this.memo = null;
    this.documentId = documentId;
    this.title = '';
    this.text = '';
    this.form.reset();
    this.open = true;
  }

  openEdit(memo: MemoView): void {
    this.mode = 'edit';
    this.memo = memo;
    this.documentId = memo.documentId ?? '';
    this.title = memo.title;
    this.text = memo.text;
    this.form.reset();
    this.open = true;
  }

  /** The draft to send, or null (with the error shown at its field) when it cannot be sent as it is. */
  draft(): MemoDraft | null {
    const title = this.title.replace(/\s+/g, ' ').trim();
    const text = this.text.trim();
    const refuse = (field: string, message: string) => {
      this.form.fail(ApiError.invalid(field, message));
      return null;
    };
    if (title === '') return refuse('title', 'Give the memo a title: a few words that say what it is about.');
    if (title.length > maxMemoTitleLength) return refuse('title', `The title is ${title.length} characters long: at most ${maxMemoTitleLength} fit.`);
    if (text === '') return refuse('text', 'Write the memo’s text.');
    if (text.length > maxMemoTextLength) return refuse('text', `The text is ${text.length.toLocaleString()} characters long: at most ${maxMemoTextLength.toLocaleString()} fit. Split it into two memos.`);
    if (this.mode === 'edit') return { mode: 'edit', memoId: this.memo!.id, title, text };
    return { mode: 'new', documentId: this.documentId || null, title, text };
  }

  /** Sends the draft once at a time; the saved memo, or undefined when it was refused (the form says why). */
  async save(send: (draft: MemoDraft) => Promise<MemoView>): Promise<MemoView | undefined> {
    this.form.reset();
    const draft = this.draft();
    if (!draft) return undefined;
    const saved = await this.form.submit(() => send(draft));
    if (saved) this.open = false;
    return saved;
  }
}
