import { codebookOutline, formatCodePath, writeCsv, type CsvValue } from '../../shared/interop-export/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { exploreRoomsOf } from '../explore/explore-rooms.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import type { DecisionRecord, DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

export interface DecisionLogDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

/** What each decision action means, in the words of the Reconcile view. */
const actionNames: Readonly<Record<DecisionRecord['action'], string>> = {
  accept: 'accepted one coder’s coding',
  acceptAll: 'accepted all',
  rejectAll: 'rejected all',
  edit: 'edited',
  recode: 'recoded',
  defer: 'deferred',
  auto: 'pre-merge',
};

export const decisionLogHeader = ['decided at', 'document', 'decision', 'current', 'code path', 'start', 'end', 'passage (as the text reads now)', 'from coders', 'rationale', 'decided by', 'discussed by', 'method', 'decision id', 'supersedes', 'superseded by', 'locus'] as const;

/**
 * The reconciliation log as a table (`format=decisions-csv`): every decision of every document —
 * superseded ones too, marked — oldest first, one row per coding it wrote into the consensus (one
 * row for a decision that wrote none: a deferral, a rejection). Names, not ids, for documents,
 * codes and people; positions are the decision's own (UTF-16, as recorded), and the passage is the
 * transcript's text there now, since a later correction may have changed it. Transcripts are read
 * one at a time without loading their rooms, with the event loop served in between.
 */
export async function readDecisionLog(deps: DecisionLogDeps, access: ProjectAccess): Promise<string> {
  const projectId = access.project.id;
  const slice = new TimeSlice();
  const [documents, members, codes] = await Promise.all([deps.directory.listDocuments(projectId), deps.directory.listMembers(projectId), exploreRoomsOf(deps.registry).codes(projectId)]);
  const paths = new Map(codebookOutline(codes).map((entry) => [entry.code.id, formatCodePath(entry.path)]));
  const names = new Map(members.map((m) => [m.userId, m.name]));
  const nameOf = async (userId: string): Promise<string> => {
    if (!names.has(userId)) names.set(userId, (await deps.directory.findUserById(userId))?.name ?? `former member ${userId.slice(0, 8)}`);
    return names.get(userId)!;
  };
  const rows: { at: string; cells: CsvValue[] }[] = [];
  for (const document of documents) {
    const decisions = await deps.directory.listDecisions(projectId, document.id);
    if (decisions.length === 0) continue;
    const transcript = await deps.registry.snapshot(formatRoomName({ kind: 'text', projectId, documentId: document.id }));
    const text = readTranscriptText(transcript);
    transcript.destroy();
    for (const decision of decisions) {
      const strategy = decision.strategy as { strategy?: unknown; confidence?: unknown } | null;
      const method = decision.action === 'auto' ? `pre-merge${typeof strategy?.strategy === 'string' ? ` (${strategy.strategy}${typeof strategy.confidence === 'number' ? `, confidence ${strategy.confidence}` : ''})` : ''}` : 'by a person';
      const shared: CsvValue[] = [
        decision.decidedAt,
        document.name,
        actionNames[decision.action] ?? decision.action,
        decision.supersededBy === null ? 'yes' : 'no',
      ];
      const after: CsvValue[] = [
        (await Promise.all(decision.chosenUserIds.map(nameOf))).join('; '),
        decision.rationale,
        await nameOf(decision.decidedBy),
        (await Promise.all(decision.participants.map(nameOf))).join('; '),
        method,
        decision.id,
        decision.supersedes,
        decision.supersededBy,
        decision.locusId,
      ];
      const written = decision.result ?? [];
      if (written.length === 0) rows.push({ at: decision.decidedAt, cells: [...shared, null, null, null, null, ...after] });
      for (const r of written) {
        const passage = r.start >= 0 && r.end <= text.length && r.start < r.end ? text.slice(r.start, r.end) : null;
        rows.push({ at: decision.decidedAt, cells: [...shared, paths.get(r.codeId) ?? `deleted code ${r.codeId.slice(0, 8)}`, r.start, r.end, passage, ...after] });
      }
    }
    await slice.yieldIfDue();
  }
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return writeCsv([decisionLogHeader as unknown as CsvValue[], ...rows.map((r) => r.cells)]);
}
