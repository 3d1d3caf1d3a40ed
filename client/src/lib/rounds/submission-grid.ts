import type { MemberView, Role, RoundView } from '../../../../shared/api/index.ts';
import { layerFrozenReason } from '../../../../shared/model/round.ts';
import { documentRoundState, submissionOf } from './document-round-state.ts';

/** One coder × document of a round: submitted (and when), re-opened (by whom), or not yet. */
export type SubmissionCell =
  | { readonly kind: 'submitted'; readonly at: string }
  | { readonly kind: 'reopened'; readonly at: string; readonly by: string | null; readonly submittedAt: string }
  | { readonly kind: 'notYet' };

/** What the viewer of the grid may do with a cell. */
export interface CellActions {
  /** Submit this document (one’s own cells only). */
  readonly submit: boolean;
  /** Re-open the submission (one's own while blind; an owner anyone's until locked). */
  readonly reopen: boolean;
}

export interface GridCell {
  readonly userId: string;
  readonly state: SubmissionCell;
  readonly actions: CellActions;
}

/** One coder of the round: a column of the grid. */
export interface GridCoder {
  readonly userId: string;
  readonly name: string;
  readonly isSelf: boolean;
}

/** One document of the round: a row of the grid, with a cell per coder (in the coders' order). */
export interface GridRow {
  readonly documentId: string;
  readonly name: string;
  readonly cells: readonly GridCell[];
}

export interface SubmissionGrid {
  readonly coders: readonly GridCoder[];
  readonly rows: readonly GridRow[];
  /** Current submissions over every cell: "3 of 4 submitted". */
  readonly submitted: number;
  readonly total: number;
}

export interface GridViewer {
  readonly userId: string | null;
  readonly role: Role;
}

/** Who submits in a round: its coders, and anyone (an owner, a former member) who has submitted in it. */
function gridCoders(round: RoundView, members: readonly MemberView[], viewer: GridViewer): GridCoder[] {
  const people = new Map<string, string>();
  for (const m of members) if (m.role === 'coder') people.set(m.userId, m.name);
  for (const s of round.submissions) {
    if (people.has(s.userId)) continue;
    people.set(s.userId, members.find((m) => m.userId === s.userId)?.name ?? 'A former member');
  }
  return [...people]
    .map(([userId, name]) => ({ userId, name, isSelf: userId === viewer.userId }))
    .sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

function cellState(round: RoundView, documentId: string, userId: string): SubmissionCell {
  const s = submissionOf(round, documentId, userId);
  if (!s) return { kind: 'notYet' };
  return s.reopenedAt === null ? { kind: 'submitted', at: s.submittedAt } : { kind: 'reopened', at: s.reopenedAt, by: s.reopenedBy, submittedAt: s.submittedAt };
}

/**
 * What a viewer may do with one cell, by the server's rules: a coder submits their own document
 * while blind (once), and after the reveal only when their layer is writable again (re-opened by
 * an owner, or post-hoc edits allowed); a submission is re-opened by its coder while blind, by an
 * owner until the round is locked.
 */
export function cellActions(round: RoundView, documentId: string, userId: string, state: SubmissionCell, viewer: GridViewer): CellActions {
  const isSelf = viewer.userId === userId;
  const isOwner = viewer.role === 'owner';
  const codes = viewer.role !== 'viewer';
  let submit = false;
  if (isSelf && codes) {
    if (round.phase === 'blind') submit = state.kind !== 'submitted';
    else if (round.phase === 'compare' || round.phase === 'reconcile') submit = layerFrozenReason(documentRoundState(round, documentId), userId) === null;
  }
  const open = round.phase === 'blind' || round.phase === 'compare' || round.phase === 'reconcile';
  const reopen = open && state.kind === 'submitted' && (isOwner || (isSelf && codes && round.phase === 'blind'));
  return { submit, reopen };
}

/**
 * The round's submission grid: a row per document of the round that still exists (a round may
 * hold dozens, so they run down the page), a column per coder — the viewer's own first, then by
 * name.
 */
export function submissionGrid(round: RoundView, members: readonly MemberView[], documents: readonly { readonly id: string; readonly name: string }[], viewer: GridViewer): SubmissionGrid {
  const names = new Map(documents.map((d) => [d.id, d.name]));
  const coders = gridCoders(round, members, viewer);
  let submitted = 0;
  const rows = round.documentIds
    .filter((id) => names.has(id))
    .map((documentId) => ({
      documentId,
      name: names.get(documentId)!,
      cells: coders.map(({ userId }) => {
        const state = cellState(round, documentId, userId);
        if (state.kind === 'submitted') submitted++;
        return { userId, state, actions: cellActions(round, documentId, userId, state, viewer) };
      }),
    }));
  return { coders, rows, submitted, total: rows.length * coders.length };
}

/** Who has not submitted which document, as the refused reveal lists them, grouped by coder. */
export interface MissingCoder {
  readonly userId: string;
  readonly name: string;
  readonly documents: readonly string[];
}

export function groupMissing(
  missing: readonly { readonly documentId: string; readonly userId: string }[],
  names: ReadonlyMap<string, string>,
  documentNames: ReadonlyMap<string, string>,
): readonly MissingCoder[] {
  const byCoder = new Map<string, string[]>();
  for (const { documentId, userId } of missing) {
    const list = byCoder.get(userId) ?? [];
    list.push(documentNames.get(documentId) ?? 'A deleted document');
    byCoder.set(userId, list);
  }
  return [...byCoder]
    .map(([userId, documents]) => ({ userId, name: names.get(userId) ?? 'A former member', documents }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
