import type * as Y from 'yjs';
import { decisionsOpen } from '../../shared/model/round.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { planDecision, preMerge, type DecisionRequest, type PreMergeStrategy } from '../../shared/reconcile/index.ts';
import { addConsensusCoding, codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { createId } from '../auth/secret-token.ts';
import type { DecisionRecord, DirectoryStore } from '../persistence/directory-store.ts';
import type { HistoryEventInput } from '../persistence/history.ts';
import { StoreError } from '../persistence/document-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import { readDocumentLoci } from './document-loci.ts';

export const DecideFailure = {
  unknownLocus: 'unknownLocus',
  alreadyDecided: 'alreadyDecided',
  /** The document's round is not reconciling (still blind or comparing, or locked). */
  roundClosed: 'roundClosed',
} as const;
export type DecideFailure = (typeof DecideFailure)[keyof typeof DecideFailure];

export class DecideError extends Error {
  constructor(
    readonly reason: DecideFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DecideError';
  }
}

export interface Decide extends DecisionRequest {
  readonly locusId: string;
  readonly participants?: readonly string[] | undefined;
  readonly supersedes?: string | undefined;
}

/**
 * Reconciliation decisions (SPEC RC9–RC10): validates a decision against the document's current
 * loci, keeps the record where no client can write (the directory store), and writes its codings
 * into the `consensus:` room — the only writer of that room — each with its provenance. Coders'
 * layers are only read. Decisions of one document are made one at a time (in this process), so two
 * people deciding the same locus get one decision and one `alreadyDecided`.
 */
export class DecisionService {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly directory: DirectoryStore,
    private readonly registry: DocumentRegistry,
  ) {}

  decide(projectId: string, documentId: string, request: Decide, decidedBy: string): Promise<DecisionRecord> {
    return this.queue.run(`${projectId}:${documentId}`, async () => {
      await this.checkRoundOpen(projectId, documentId);
      const document = await readDocumentLoci(this.directory, this.registry, projectId, documentId);
      const locus = document.loci.find((l) => l.id === request.locusId);
      if (!locus) throw new DecideError(DecideFailure.unknownLocus, 'This passage has changed since you loaded it (a coder edited a coding in it): reload the list of disagreements');
      const current = (await this.directory.listDecisions(projectId, documentId, { current: true })).find((d) => d.locusId === locus.id);
      if (current && current.id !== request.supersedes) {
        throw new DecideError(DecideFailure.alreadyDecided, `This passage was already decided (${current.action} at ${current.decidedAt}): reload, and to change it decide again naming decision ${current.id} in supersedes`);
      }
      const codeIds = new Set(document.input.codes.map((c) => c.id));
      const plan = planDecision(locus, request, { codeIds, textLength: document.textLength });
      return this.commit(
        this.newRecord(projectId, documentId, locus.id, decidedBy, {
          action: request.action,
          chosenUserIds: request.action === 'accept' ? [...new Set(request.userIds ?? [])] : [],
          result: plan.result,
          rationale: request.rationale?.trim() ?? '',
          participants: [...new Set(request.participants ?? [])],
          strategy: null,
          supersedes: current?.id ?? null,
        }),
        current,
      );
    });
  }

  /**
   * Pre-merge (SPEC RC5–RC8): every undecided locus the strategy merges gets one `auto` decision
   * recording the strategy, its confidence and the dissenting coders; the rest stay open, each with
   * the reason. Decided loci are left as they are.
   */
  preMerge(projectId: string, documentId: string, strategy: PreMergeStrategy, decidedBy: string): Promise<{ merged: DecisionRecord[]; open: { locusId: string; reason: string }[] }> {
    return this.queue.run(`${projectId}:${documentId}`, async () => {
      await this.checkRoundOpen(projectId, documentId);
      const document = await readDocumentLoci(this.directory, this.registry, projectId, documentId);
      const decided = new Set((await this.directory.listDecisions(projectId, documentId, { current: true })).map((d) => d.locusId));
      const merged: DecisionRecord[] = [];
      const open: { locusId: string; reason: string }[] = [];
      for (const outcome of preMerge(document.loci, strategy, { decided })) {
        if (!outcome.merged) {
          open.push({ locusId: outcome.locusId, reason: outcome.reason });
          continue;
        }
        const record = this.newRecord(projectId, documentId, outcome.locusId, decidedBy, {
          action: 'auto',
          chosenUserIds: [],
          result: outcome.result.map((r) => ({ ...r, sourceCodingIds: outcome.sourceCodingIds })),
          rationale: '',
          participants: [],
          strategy: { strategy: outcome.strategy, confidence: outcome.confidence, dissent: outcome.dissent },
          supersedes: null,
        });
        merged.push(await this.commit(record, undefined));
      }
      return { merged, open };
    });
  }

  /** Decisions are made on documents in no round, or whose round reconciles (spec §3.2). */
  private async checkRoundOpen(projectId: string, documentId: string): Promise<void> {
    const open = decisionsOpen(await readDocumentRound(this.directory, projectId, documentId));
    if (!open.open) throw new DecideError(DecideFailure.roundClosed, open.reason);
  }

  private newRecord(
    projectId: string,
    documentId: string,
    locusId: string,
    decidedBy: string,
    fields: Pick<DecisionRecord, 'action' | 'chosenUserIds' | 'result' | 'rationale' | 'participants' | 'strategy' | 'supersedes'>,
  ): DecisionRecord {
    return { id: createId(), projectId, documentId, locusId, ...fields, consensusCodingIds: (fields.result ?? []).map(() => createId()), decidedBy, decidedAt: new Date().toISOString(), supersededBy: null };
  }

  /** Stores the record, then writes its consensus codings; a failed write takes the record back. */
  private async commit(record: DecisionRecord, superseded: DecisionRecord | undefined): Promise<DecisionRecord> {
    try {
      await this.directory.createDecision(record);
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict') throw new DecideError(DecideFailure.alreadyDecided, 'This passage was decided by someone else a moment ago: reload to see their decision');
      throw error;
    }
    try {
      await this.writeConsensus(record, superseded);
    } catch (error) {
      // The consensus must hold exactly what current decisions say: no record without its codings.
      await this.directory.removeDecision(record.projectId, record.id);
      throw error;
    }
    return record;
  }

  /**
   * Replaces the superseded decision's consensus codings by this one's, in one server change that
   * also records the decision in the history (`decision.made`, with the codings it wrote).
   */
  private async writeConsensus(record: DecisionRecord, superseded: DecisionRecord | undefined): Promise<void> {
    const result = record.result ?? [];
    const textRoom = formatRoomName({ kind: 'text', projectId: record.projectId, documentId: record.documentId });
    const anchors = await this.registry.read(textRoom, (text) => result.map((r) => createSpanAnchor(transcriptText(text), r.start, r.end)));
    const at = Date.parse(record.decidedAt);
    const consensusRoom = formatRoomName({ kind: 'consensus', projectId: record.projectId, documentId: record.documentId });
    const write = (doc: Y.Doc) => {
      // Every consensus coding belongs to a current decision: what the superseded one wrote goes
      // (a deferral leaves the passage undecided, so empty).
      if (superseded) for (const id of superseded.consensusCodingIds) codingsMap(doc).delete(id);
      result.forEach((r, i) => {
        const provenance = { decisionId: record.id, sourceCodingIds: r.sourceCodingIds, method: record.action === 'auto' ? ('auto' as const) : ('manual' as const) };
        addConsensusCoding(doc, { id: record.consensusCodingIds[i]!, codeId: r.codeId, anchor: anchors[i]!, at, provenance });
      });
    };
    const note: HistoryEventInput = {
      userId: record.decidedBy,
      layer: 'consensus',
      type: 'decision.made',
      documentId: record.documentId,
      codingId: null,
      codeId: null,
      before: superseded ? { decisionId: superseded.id, action: superseded.action } : null,
      after: { decisionId: record.id, locusId: record.locusId, action: record.action, chosenUserIds: record.chosenUserIds, rationale: record.rationale, result: record.result, consensusCodingIds: record.consensusCodingIds },
    };
    await this.registry.change(consensusRoom, write, record.decidedBy, [note]);
  }
}
