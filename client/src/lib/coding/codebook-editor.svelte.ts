import type { MemberView, ProjectView, UserView } from '../../../../shared/api/index.ts';
import { codePalette, codeTree, type Code } from '../../../../shared/model/codebook.ts';
import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import type { CodebookChange } from '../../../../shared/ydoc/codebook-doc.ts';
import { createCodebookHistorySource, createCodesSource } from '../sync/codebook-source.ts';
import { CodebookWriter, type CodeChanges } from '../sync/codebook-writer.ts';
import { countCodings, type CodingCount } from '../sync/coding-counts.ts';
import { createCodingId } from '../sync/layer-writer.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { filterTree, flattenTree } from './code-list.ts';

/**
 * The codebook page's state: the project's codes (live, from the `project:` room), the code being
 * edited, and the edits. Who may edit follows PROTOCOL.md: owners, and coders while the project
 * lets coders edit the codebook; the server has the last word (a read-only notice).
 */
export class CodebookEditor {
  readonly connection: RoomConnection;
  readonly codes: YjsValue<readonly Code[]>;
  readonly history: YjsValue<readonly CodebookChange[]>;
  readonly writer: CodebookWriter;
  readonly project: ProjectView;
  #userId: string;
  selectedId = $state<string | null>(null);
  search = $state('');
  readonly tree = $derived.by(() => codeTree(this.codes.current));
  readonly flat = $derived.by(() => flattenTree(this.tree));
  readonly filteredTree = $derived.by(() => filterTree(this.tree, this.search));
  readonly selected: Code | null = $derived.by(() => this.codes.current.find((c) => c.id === this.selectedId) ?? null);
  readonly domains: readonly string[] = $derived.by(() => [...new Set(this.codes.current.map((c) => c.domain).filter((d): d is string => !!d))].sort());
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
    this.history = createCodebookHistorySource(this.connection.doc);
    this.writer = new CodebookWriter(this.connection.doc, user.id);
    this.#userId = user.id;
  }

  /** A new code under `parentId`, last among its siblings, selected for editing. */
  create(parentId: string | null): string {
    const siblings = this.codes.current.filter((c) => c.parentId === parentId);
    const parent = this.codes.current.find((c) => c.id === parentId);
    const id = createCodingId();
    this.writer.add({
      id,
      name: 'New code',
      shortName: '',
      colour: parent?.colour ?? codePalette[this.codes.current.length % codePalette.length]!,
      parentId,
      order: Math.max(0, ...siblings.map((c) => c.order)) + 1,
      definition: '',
      inclusion: '',
      exclusion: '',
      examples: [],
      isStage: false,
      stageOrder: null,
      domain: parent?.domain ?? null,
      createdAt: new Date().toISOString(),
      createdBy: this.#userId,
    });
    this.selectedId = id;
    return id;
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

  /** Codings that use `codeId` anywhere in the project (every document, every layer we may read). */
  async countUses(documentIds: readonly string[], members: readonly MemberView[]): Promise<CodingCount> {
    const coders = members.filter((m) => m.role !== 'viewer');
    const rooms = documentIds.flatMap((documentId) => [
      ...coders.map((m) => formatRoomName({ kind: 'layer', projectId: this.project.id, documentId, userId: m.userId })),
      formatRoomName({ kind: 'consensus', projectId: this.project.id, documentId }),
    ]);
    return countCodings(rooms);
  }

  historyOf(codeId: string): readonly CodebookChange[] {
    return this.history.current.filter((h) => h.codeId === codeId).slice().reverse();
  }

  destroy(): void {
    this.codes.destroy();
    this.history.destroy();
    this.connection.destroy();
  }
}
