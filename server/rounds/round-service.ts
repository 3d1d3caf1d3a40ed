import * as Y from 'yjs';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { layerFrozenReason, nextPhase, type RoundPhase } from '../../shared/model/round.ts';
import type { PreMergeStrategy } from '../../shared/reconcile/index.ts';
import { codingsMap } from '../../shared/ydoc/layer-doc.ts';
import type { AccessEvents } from '../access/access-events.ts';
import { createId } from '../auth/secret-token.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import type { DirectoryStore, RoundRecord, SubmissionRecord } from '../persistence/directory-store.ts';
import type { HistoryEventInput } from '../persistence/history.ts';
import { StoreError } from '../persistence/document-store.ts';
import type { DecisionService } from '../reconcile/decision-service.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { roundStateOf } from './document-round.ts';

export const RoundFailure = {
  unknownRound: 'unknownRound',
  unknownDocument: 'unknownDocument',
  /** The document is already in another round that is not locked. */
  documentInRound: 'documentInRound',
  wrongPhase: 'wrongPhase',
  /** Revealing while coders have not submitted: repeat with `force` to submit their layers as they are. */
  missingSubmissions: 'missingSubmissions',
  alreadySubmitted: 'alreadySubmitted',
  notSubmitted: 'notSubmitted',
  ownersOnly: 'ownersOnly',
} as const;
export type RoundFailure = (typeof RoundFailure)[keyof typeof RoundFailure];

export class RoundError extends Error {
  constructor(
    readonly reason: RoundFailure,
    message: string,
    /** For `missingSubmissions`: who has not submitted which document. */
    readonly missing?: readonly { readonly documentId: string; readonly userId: string }[],
  ) {
    super(message);
    this.name = 'RoundError';
  }
}

export interface RoundInput {
  readonly name: string;
  readonly documentIds: readonly string[];
  readonly allowPostHocEdits: boolean;
}

/**
 * Coding rounds (spec §3.2): their records live in the directory store, which no client writes;
 * every change is stated in the project's history (`round.changed`, `round.submitted`,
 * `round.reopened`) and announced as an access event, so open sockets are re-checked at once —
 * a submitted layer turns read-only, the reveal opens the other coders' layers. Changes to one
 * project's rounds run one at a time (in this process).
 */
export class RoundService {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly directory: DirectoryStore,
    private readonly registry: DocumentRegistry,
    private readonly events: AccessEvents,
    private readonly decisions: DecisionService,
  ) {}

  create(projectId: string, input: RoundInput, by: string): Promise<RoundRecord> {
    return this.queue.run(projectId, async () => {
      await this.checkDocuments(projectId, input.documentIds, null);
      const round: RoundRecord = { id: createId(), projectId, ...input, documentIds: [...new Set(input.documentIds)], phase: 'setup', createdAt: new Date().toISOString(), createdBy: by, phaseChangedAt: null, revealedAt: null };
      await this.directory.createRound(round);
      await this.note(projectId, by, { type: 'round.changed', before: null, after: { roundId: round.id, name: round.name, phase: round.phase, documentIds: round.documentIds } });
      return round;
    });
  }

  /** Renames a round, or changes whether post-hoc edits are allowed (until locked); its documents only in setup. */
  update(projectId: string, roundId: string, changes: Partial<RoundInput>, by: string): Promise<RoundRecord> {
    return this.queue.run(projectId, async () => {
      const round = await this.find(projectId, roundId);
      if (changes.documentIds !== undefined && round.phase !== 'setup') throw new RoundError(RoundFailure.wrongPhase, 'Documents can be added to or taken out of a round only while it is in setup');
      if (round.phase === 'locked') throw new RoundError(RoundFailure.wrongPhase, 'A locked round does not change');
      if (changes.documentIds !== undefined) await this.checkDocuments(projectId, changes.documentIds, round.id);
      const updated = await this.updateIfStill(round, { ...changes, ...(changes.documentIds && { documentIds: [...new Set(changes.documentIds)] }) });
      await this.note(projectId, by, { type: 'round.changed', before: pick(round, changes), after: pick(updated, changes) });
      this.events.emit({ type: 'projectChanged', projectId });
      return updated;
    });
  }

  /** Deletes a round that has not started (nothing was coded under it). */
  remove(projectId: string, roundId: string, by: string): Promise<void> {
    return this.queue.run(projectId, async () => {
      const round = await this.find(projectId, roundId);
      if (round.phase !== 'setup') throw new RoundError(RoundFailure.wrongPhase, 'Only a round still in setup can be deleted; a started round is part of the record');
      await this.directory.deleteRound(projectId, roundId);
      await this.note(projectId, by, { type: 'round.changed', before: { roundId, name: round.name, phase: round.phase }, after: null });
    });
  }

  /**
   * Moves a round to its next phase. Revealing (→ compare) while coders have not submitted is
   * refused with the list, unless `force`: then their layers are submitted as they stand, in the
   * owner's name. Opening reconciliation (→ reconcile) runs the pre-merge on each document when a
   * strategy is given.
   */
  advance(projectId: string, roundId: string, to: RoundPhase, by: string, options: { force?: boolean; preMerge?: PreMergeStrategy | undefined } = {}): Promise<RoundRecord> {
    return this.queue.run(projectId, async () => {
      const round = await this.find(projectId, roundId);
      const next = nextPhase(round.phase);
      if (to !== next) throw new RoundError(RoundFailure.wrongPhase, next ? `The round is in ${round.phase}: it can only move on to ${next}` : 'The round is locked: it stays as it is');
      const documentIds = await this.liveDocumentIds(round);
      if (to === 'compare') {
        const missing = await this.missingSubmissions(round, documentIds);
        if (missing.length > 0 && !options.force) throw new RoundError(RoundFailure.missingSubmissions, `${missing.length} layer(s) of this round are not submitted: reveal anyway to submit them as they are now`, missing);
        for (const { documentId, userId } of missing) await this.freeze(round, documentId, userId, by);
      }
      const at = new Date().toISOString();
      const updated = await this.updateIfStill(round, { phase: to, phaseChangedAt: at, ...(to === 'compare' && { revealedAt: at }) });
      await this.note(projectId, by, { type: 'round.changed', before: { roundId, name: round.name, phase: round.phase }, after: { roundId, name: round.name, phase: to } });
      // Re-checks every open socket of the project: the reveal opens layers, locking closes them.
      this.events.emit({ type: 'projectChanged', projectId });
      if (to === 'reconcile' && options.preMerge) {
        for (const documentId of documentIds) await this.decisions.preMerge(projectId, documentId, options.preMerge, by);
      }
      return updated;
    });
  }

  /**
   * A coder submits their layer of one document: it is frozen as it stands, and read-only until
   * re-opened. After the reveal, a coder an owner re-opened submits again the same way, and the
   * new submission replaces the old one in the round's comparisons.
   */
  submit(projectId: string, roundId: string, documentId: string, userId: string): Promise<SubmissionRecord> {
    return this.queue.run(projectId, async () => {
      const round = await this.find(projectId, roundId);
      if (!round.documentIds.includes(documentId) || !(await this.directory.findDocument(projectId, documentId))) throw new RoundError(RoundFailure.unknownDocument, 'This document is not part of the round');
      const submissions = await this.directory.listSubmissions(projectId, roundId, { documentId });
      if (round.phase === 'blind') {
        if (submissions.some((s) => s.userId === userId && s.reopenedAt === null)) throw new RoundError(RoundFailure.alreadySubmitted, 'You have already submitted this document: re-open it to change your codings');
      } else if (round.phase === 'compare' || round.phase === 'reconcile') {
        // After the reveal a coder submits again only what they may still change: re-opened by an owner, or post-hoc edits allowed.
        const frozen = layerFrozenReason(roundStateOf(round, submissions), userId);
        if (frozen) throw new RoundError(RoundFailure.wrongPhase, `Your layer of this document is frozen (${frozen}): ask an owner to re-open it`);
      } else {
        throw new RoundError(RoundFailure.wrongPhase, round.phase === 'setup' ? 'The round has not started: submit once the owner starts blind coding' : 'The round is locked: its submissions are final');
      }
      return this.freeze(round, documentId, userId, userId);
    });
  }

  /**
   * Re-opens a submitted document for a coder: their own, by themselves, while the round is blind;
   * anyone's, by an owner, until the round is locked (after the reveal this is how a coder may
   * correct their layer, and the history says who allowed it).
   */
  reopen(projectId: string, roundId: string, documentId: string, userId: string, by: { userId: string; isOwner: boolean }): Promise<SubmissionRecord> {
    return this.queue.run(projectId, async () => {
      const round = await this.find(projectId, roundId);
      if (round.phase === 'locked' || round.phase === 'setup') throw new RoundError(RoundFailure.wrongPhase, round.phase === 'locked' ? 'The round is locked: its submissions are final' : 'The round has not started');
      if (!by.isOwner && (by.userId !== userId || round.phase !== 'blind')) {
        throw new RoundError(RoundFailure.ownersOnly, round.phase === 'blind' ? 'Only an owner can re-open another coder’s document' : 'The round has been revealed: ask an owner to re-open your document');
      }
      const at = new Date().toISOString();
      const reopened = await this.directory.reopenSubmission(projectId, roundId, documentId, userId, by.userId, at);
      if (!reopened) throw new RoundError(RoundFailure.notSubmitted, 'This document has not been submitted, so there is nothing to re-open');
      await this.note(projectId, by.userId, { type: 'round.reopened', layer: userId, documentId, before: { submissionId: reopened.id }, after: { roundId, phase: round.phase } });
      this.events.emit({ type: 'memberChanged', projectId, userId });
      return reopened;
    });
  }

  private async freeze(round: RoundRecord, documentId: string, userId: string, by: string): Promise<SubmissionRecord> {
    const room = formatRoomName({ kind: 'layer', projectId: round.projectId, documentId, userId });
    const snapshot = await this.registry.read(room, (doc) => Y.encodeStateAsUpdate(doc));
    const submission: SubmissionRecord = { id: createId(), projectId: round.projectId, roundId: round.id, documentId, userId, submittedAt: new Date().toISOString(), reopenedAt: null, reopenedBy: null };
    await this.directory.createSubmission(submission, snapshot);
    await this.note(round.projectId, by, { type: 'round.submitted', layer: userId, documentId, before: null, after: { roundId: round.id, submissionId: submission.id, ...(by !== userId && { submittedFor: userId }) } });
    // The coder's socket on the layer turns read-only now.
    this.events.emit({ type: 'memberChanged', projectId: round.projectId, userId });
    return submission;
  }

  /** Members who code (not viewers, not owners who never coded it) × documents without a current submission. */
  private async missingSubmissions(round: RoundRecord, documentIds: readonly string[]): Promise<{ documentId: string; userId: string }[]> {
    const [members, submissions] = await Promise.all([this.directory.listMembers(round.projectId), this.directory.listSubmissions(round.projectId, round.id, { current: true })]);
    const submitted = new Set(submissions.map((s) => `${s.documentId}\u0000${s.userId}`));
    const missing: { documentId: string; userId: string }[] = [];
    for (const documentId of documentIds) {
      for (const member of members) {
        if (member.role === 'viewer' || submitted.has(`${documentId}\u0000${member.userId}`)) continue;
        if (member.role === 'owner') {
          // An owner counts as a coder of the round only if they coded the document.
          const room = formatRoomName({ kind: 'layer', projectId: round.projectId, documentId, userId: member.userId });
          if ((await this.registry.read(room, (doc) => codingsMap(doc).size)) === 0) continue;
        }
        missing.push({ documentId, userId: member.userId });
      }
    }
    return missing;
  }

  /**
   * Writes `changes` only if the round is still in the phase they were validated against: the
   * queue serialises this process's changes, the store's compare-and-set any other server's.
   */
  private async updateIfStill(round: RoundRecord, changes: Parameters<DirectoryStore['updateRound']>[2]): Promise<RoundRecord> {
    let updated: RoundRecord | null;
    try {
      updated = await this.directory.updateRound(round.projectId, round.id, changes, { ifPhase: round.phase });
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict') throw new RoundError(RoundFailure.wrongPhase, 'The round moved on a moment ago: reload to see its phase');
      throw error;
    }
    if (!updated) throw new RoundError(RoundFailure.unknownRound, `No round ${round.id}`);
    return updated;
  }

  private async find(projectId: string, roundId: string): Promise<RoundRecord> {
    const round = (await this.directory.listRounds(projectId)).find((r) => r.id === roundId);
    if (!round) throw new RoundError(RoundFailure.unknownRound, `No round ${roundId}`);
    return round;
  }

  /** The round's documents that still exist (a deleted document leaves its id in the record). */
  private async liveDocumentIds(round: RoundRecord): Promise<string[]> {
    const existing = new Set((await this.directory.listDocuments(round.projectId)).map((d) => d.id));
    return round.documentIds.filter((id) => existing.has(id));
  }

  /** Every document exists, and none is in another round that is not yet locked. */
  private async checkDocuments(projectId: string, documentIds: readonly string[], roundId: string | null): Promise<void> {
    if (documentIds.length === 0) throw new RoundError(RoundFailure.unknownDocument, 'A round needs at least one document');
    const existing = new Map((await this.directory.listDocuments(projectId)).map((d) => [d.id, d]));
    const unknown = documentIds.find((id) => !existing.has(id));
    if (unknown) throw new RoundError(RoundFailure.unknownDocument, `No document ${unknown} in this project`);
    for (const other of await this.directory.listRounds(projectId)) {
      if (other.id === roundId || other.phase === 'locked') continue;
      const shared = documentIds.find((id) => other.documentIds.includes(id));
      if (shared) throw new RoundError(RoundFailure.documentInRound, `“${existing.get(shared)!.name}” is already in the round “${other.name}”, which is not locked`);
    }
  }

  /** States a round event in the project's history (the codebook room carries project-wide events). */
  private async note(projectId: string, by: string, event: Pick<HistoryEventInput, 'type' | 'before' | 'after'> & Partial<Pick<HistoryEventInput, 'layer' | 'documentId'>>): Promise<void> {
    const note: HistoryEventInput = { userId: by, layer: event.layer ?? null, documentId: event.documentId ?? null, codingId: null, codeId: null, type: event.type, before: event.before, after: event.after };
    await this.registry.change(formatRoomName({ kind: 'project', projectId }), () => {}, by, [note]);
  }
}

/** The fields of `round` named in `changes`, for a history event. */
function pick(round: RoundRecord, changes: Partial<RoundInput>): Record<string, unknown> {
  const out: Record<string, unknown> = { roundId: round.id };
  for (const key of Object.keys(changes) as (keyof RoundInput)[]) out[key] = round[key];
  return out;
}
