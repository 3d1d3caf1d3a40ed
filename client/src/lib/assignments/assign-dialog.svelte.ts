import { maxAssignmentPairsPerRequest, type AssignmentMode, type DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField } from '../../../../shared/model/attributes.ts';
import { formatCount } from '../format.ts';
import { FormState } from '../form-state.svelte.ts';
import { planAssignment, type AssignmentPlan } from './assignment-plan.ts';
import type { AssignmentsState } from './assignments-state.svelte.ts';
import { attributeChoices, documentsWithValue, type AttributeChoice } from './document-choice.ts';

export type DocumentsBy = 'pick' | 'attribute';

/**
 * The owner's "Assign…" dialog: which documents (picked one by one, or every document with one
 * attribute value), which members, and how (add, remove, replace). The plan — what would change —
 * is worked out as the choices change, so the summary is read before anything is sent.
 */
export class AssignDialog {
  open = $state(false);
  documentsBy = $state<DocumentsBy>('pick');
  picked = $state.raw<ReadonlySet<string>>(new Set());
  fieldKey = $state('');
  valueKey = $state('');
  userIds = $state.raw<ReadonlySet<string>>(new Set());
  mode = $state<AssignmentMode>('add');
  readonly form = new FormState('assign');

  readonly #assignments: AssignmentsState;
  readonly #documents: () => readonly DocumentView[];
  readonly #fields: () => readonly AttributeField[];

  constructor(assignments: AssignmentsState, documents: () => readonly DocumentView[], fields: () => readonly AttributeField[]) {
    this.#assignments = assignments;
    this.#documents = documents;
    this.#fields = fields;
  }

  get documents(): readonly DocumentView[] {
    return [...this.#documents()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  }

  get fields(): readonly AttributeField[] {
    return this.#fields();
  }

  get field(): AttributeField | null {
    return this.fields.find((f) => f.key === this.fieldKey) ?? null;
  }

  get choices(): AttributeChoice[] {
    const field = this.field;
    return field ? attributeChoices(field, this.#documents()) : [];
  }

  /** The documents the change applies to, in the table's order. */
  get chosen(): readonly DocumentView[] {
    if (this.documentsBy === 'pick') return this.documents.filter((d) => this.picked.has(d.id));
    const field = this.field;
    return field && this.valueKey ? documentsWithValue(this.documents, field, this.valueKey) : [];
  }

  get plan(): AssignmentPlan {
    return planAssignment(this.#assignments.assignments ?? {}, this.chosen.map((d) => d.id), [...this.userIds], this.mode);
  }

  /** Why the change cannot be applied as chosen, or null when it can. */
  get blocked(): string | null {
    const documents = this.chosen.length;
    if (documents === 0) return this.documentsBy === 'pick' ? 'Choose at least one document.' : 'Choose an attribute and a value.';
    if (this.userIds.size === 0 && this.mode !== 'replace') return this.mode === 'add' ? 'Choose who to assign.' : 'Choose who to remove.';
    if (documents * this.userIds.size > maxAssignmentPairsPerRequest) return `At most ${maxAssignmentPairsPerRequest.toLocaleString()} document–coder pairs at once: choose fewer documents.`;
    const plan = this.plan;
    if (plan.changes.length === 0) return `Nothing would change: ${documents === 1 ? 'the document is' : `all ${formatCount(documents, 'document')} are`} already as chosen.`;
    return null;
  }

  /** Opens for every document, or for one document with its current assignees ticked (replace). */
  start(documentId?: string): void {
    this.form.reset();
    if (documentId) {
      this.documentsBy = 'pick';
      this.picked = new Set([documentId]);
      this.userIds = new Set(this.#assignments.assigneesOf(documentId));
      this.mode = 'replace';
    } else {
      this.documentsBy = this.fields.length > 0 ? 'attribute' : 'pick';
      this.picked = new Set();
      this.userIds = new Set();
      this.mode = 'add';
    }
    this.fieldKey = this.fields[0]?.key ?? '';
    this.valueKey = '';
    this.open = true;
  }

  toggleDocument(id: string, on: boolean): void {
    const next = new Set(this.picked);
    if (on) next.add(id);
    else next.delete(id);
    this.picked = next;
  }

  pickAll(on: boolean): void {
    this.picked = on ? new Set(this.documents.map((d) => d.id)) : new Set();
  }

  toggleMember(userId: string, on: boolean): void {
    const next = new Set(this.userIds);
    if (on) next.add(userId);
    else next.delete(userId);
    this.userIds = next;
  }

  /** Sends the change; on success closes and announces what changed. */
  async apply(): Promise<void> {
    if (this.blocked) return;
    const documentIds = this.chosen.map((d) => d.id);
    const result = await this.form.submit(() => this.#assignments.assign({ documentIds, userIds: [...this.userIds], mode: this.mode }));
    if (!result) return;
    this.open = false;
    this.#assignments.announcement = `Assignments saved: ${formatCount(result.added, 'assignment')} added, ${formatCount(result.removed, 'assignment')} removed.`;
  }
}
