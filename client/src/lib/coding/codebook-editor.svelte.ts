import type { ProjectView, UserView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { codePalette, codeTree, type Code } from '../../../../shared/model/codebook.ts';
import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import { createCodesSource } from '../sync/codebook-source.ts';
import { CodebookWriter, type CodeChanges } from '../sync/codebook-writer.ts';
import { createCodingId } from '../sync/layer-writer.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { filterTree, flattenTree } from './code-list.ts';

/**
 * The codebook page's state: the project's codes (live, from the `project:` room), the code being
 * edited, and the edits. Who may edit follows PROTOCOL.md: owners, and coders while the project
 * lets coders edit the codebook; the server has the last word (a read-only notice).
 */
/** The latest merge made from this page, offered for undo until it is undone or dismissed. */
export interface RecentMerge {
  readonly mergeId: string;
  readonly fromName: string;
  readonly intoName: string;
  readonly recoded: number;
  /** What the undo reported, once undone. */
  readonly undone: { readonly restored: number; readonly notRestored: number } | null;
}

export class CodebookEditor {
  readonly connection: RoomConnection;
  readonly codes: YjsValue<readonly Code[]>;
  readonly writer: CodebookWriter;
  readonly project: ProjectView;
  #userId: string;
  selectedId = $state<string | null>(null);
  search = $state('');
  recentMerge = $state.raw<RecentMerge | null>(null);
  readonly tree = $derived.by(() => codeTree(this.codes.current));
  readonly flat = $derived.by(() => flattenTree(this.tree));
  readonly filteredTree = $derived.by(() => filterTree(this.tree, this.search));
  readonly selected: Code | null = $derived.by(() => this.codes.current.find((c) => c.id === this.selectedId) ?? null);
  readonly domains: readonly string[] = $derived.by(() => [...new Set(this.codes.current.map((c) => c.domain).filter((d): d is string => !!d))].sort());
  /** Merging recodes every coder's layer, which only owners may do (the server checks too). */
  readonly canMerge: boolean = $derived.by(() => this.project.role === 'owner' && this.canEdit);
  readonly canEdit: boolean = $derived.by(
    () =>
      (this.project.role === 'owner' || (this.project.role === 'coder' && this.project.codersEditCodebook)) &&
      this.connection.state.readOnly === null &&
      this.connection.state.status !== 'refused',
  );

  constructor(project: ProjectView, user: UserView) {
    this.project = project;
    this.connection = new RoomConnection({ room: formatRoomName({ kind: 'project', projectId: project.id }) });
    this.codes = createCodesSource(this.connection.doc);
    this.writer = new CodebookWriter(this.connection.doc);
    this.#userId = user.id;
  }

  save(codeId: string, changes: CodeChanges): void {
    const code = this.codes.current.find((c) => c.id === codeId);
    if (!code) return;
    const changed = Object.fromEntries(Object.entries(changes).filter(([key, value]) => JSON.stringify(code[key as keyof Code]) !== JSON.stringify(value)));
    if (Object.keys(changed).length > 0) this.writer.update(codeId, changed);
  }

  /** Codes a code may move under: not itself, nor anything below it (that would make a cycle). */
  possibleParents(codeId: string): readonly Code[] {
    const below = new Set<string>([codeId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of this.codes.current) {
        if (c.parentId !== null && below.has(c.parentId) && !below.has(c.id)) {
          below.add(c.id);
          grew = true;
        }
      }
    }
    return this.flat.map((f) => f.code).filter((c) => !below.has(c.id));
  }

  move(codeId: string, parentId: string | null): void {
    const code = this.codes.current.find((c) => c.id === codeId);
    if (!code || code.parentId === parentId) return;
    const siblings = this.codes.current.filter((c) => c.parentId === parentId && c.id !== codeId);
    this.writer.update(codeId, { parentId, order: Math.max(0, ...siblings.map((c) => c.order)) + 1 });
  }

  /** Moves a code up (−1) or down (1) among its siblings. */
  shift(codeId: string, direction: 1 | -1): void {
    const code = this.codes.current.find((c) => c.id === codeId);
    if (!code) return;
    const siblings = this.flat.map((f) => f.code).filter((c) => c.parentId === code.parentId);
    const at = siblings.findIndex((c) => c.id === codeId);
    const other = siblings[at + direction];
    if (!other) return;
    // Renumber the siblings so equal orders (concurrent inserts) cannot make the swap a no-op.
    const reordered = [...siblings];
    reordered[at] = other;
    reordered[at + direction] = code;
    reordered.forEach((c, i) => {
      if (c.order !== i + 1) this.writer.update(c.id, { order: i + 1 });
    });
  }

  remove(codeId: string): void {
    this.writer.remove(codeId);
    if (this.selectedId === codeId) this.selectedId = null;
  }

  /**
   * Merges `codeId` into `intoId` on the server: every coding in every layer is recoded, the code
   * leaves the codebook (the change arrives over the room) and the target is selected.
   */
  async merge(api: Api, codeId: string, intoId: string): Promise<void> {
    const from = this.codes.current.find((c) => c.id === codeId);
    const into = this.codes.current.find((c) => c.id === intoId);
    const result = await api.mergeCode(this.project.id, codeId, intoId);
    this.recentMerge = { mergeId: result.mergeId, fromName: from?.name ?? codeId, intoName: into?.name ?? intoId, recoded: result.recoded, undone: null };
    this.selectedId = intoId;
  }

  async undoMerge(api: Api): Promise<void> {
    const merge = this.recentMerge;
    if (!merge || merge.undone) return;
    const result = await api.undoCodeMerge(this.project.id, merge.mergeId);
    this.recentMerge = { ...merge, undone: { restored: result.restored, notRestored: result.notRestored } };
  }

  destroy(): void {
    this.codes.destroy();
    this.connection.destroy();
  }
}
