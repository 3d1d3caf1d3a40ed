import { describe, expect, it } from 'vitest';
import type { LocusView } from '../../../../shared/api/index.ts';
import { computeLoci } from '../../../../shared/reconcile/index.ts';
import { example1, exampleCodes } from '../../../../shared/reconcile/worked-examples.ts';
import { defaultQueueFilter, nearestLocus, nextOpenLocus, queueLoci, reconcileProgress, stepLocus } from './locus-queue.ts';

/** Worked example 1's loci as the API lists them (L1 granularity, L2 boundary, L3 omission, L4 agreed, barriers omission). */
function example1Loci(): LocusView[] {
  return computeLoci({ documentId: 'P1', coderIds: ['A', 'B'], codes: exampleCodes, codings: example1 }).map((l) => ({
    id: l.id,
    type: l.type,
    flags: l.flags,
    domainId: l.domainId,
    codeIds: l.codeIds,
    start: l.start,
    end: l.end,
    versions: l.versions.map((v) => ({ userId: v.coderId, codingId: v.codingId, codeId: v.codeId, appliedCodeId: v.appliedCodeId, start: v.start, end: v.end })),
    missingUserIds: l.missingCoderIds,
    status: 'open',
    decisionId: null,
    commentCount: 0,
  }));
}

const conflict: LocusView = { id: 'c', type: 'codeConflict', flags: ['codeConflict'], domainId: 'stages', codeIds: ['pull', 'cocreation'], start: 600, end: 640, versions: [], missingUserIds: [], status: 'open', decisionId: null, commentCount: 0 };
const summary = (loci: readonly LocusView[]) => loci.map((l) => `${l.type} ${l.start}`);

describe('the reconcile queue', () => {
  const loci = example1Loci();

  it('lists every disagreement in transcript order, agreed passages only when asked', () => {
    expect(summary(queueLoci(loci, defaultQueueFilter))).toEqual(['granularity 0', 'boundary 290', 'omission 440', 'omission 600']);
    expect(summary(queueLoci(loci, { ...defaultQueueFilter, showAgreed: true }))).toContain('agreed 500');
  });

  it('sorts by severity, code conflicts first, transcript order within a type', () => {
    expect(summary(queueLoci([...loci, conflict], { ...defaultQueueFilter, sort: 'severity' }))).toEqual(['codeConflict 600', 'omission 440', 'omission 600', 'granularity 0', 'boundary 290']);
  });

  it('filters by type and by status, auto-merged counting with or without dissent', () => {
    expect(summary(queueLoci(loci, { ...defaultQueueFilter, type: 'omission' }))).toEqual(['omission 440', 'omission 600']);
    const decided = loci.map((l, i) => ({ ...l, status: (['resolved', 'deferred', 'open', 'autoResolved', 'autoResolvedWithDissent'] as const)[i]! }));
    expect(summary(queueLoci(decided, { ...defaultQueueFilter, status: 'deferred' }))).toEqual(['boundary 290']);
    expect(summary(queueLoci(decided, { ...defaultQueueFilter, status: 'auto', showAgreed: true }))).toEqual(['agreed 500', 'omission 600']);
    expect(summary(queueLoci(decided, { ...defaultQueueFilter, status: 'open' }))).toEqual(['omission 440']);
  });

  it('steps through the queue, stopping at its ends', () => {
    const queue = queueLoci(loci, defaultQueueFilter);
    expect(stepLocus(queue, queue[1]!.id, 1)).toBe(queue[2]);
    expect(stepLocus(queue, queue[3]!.id, 1)).toBe(queue[3]);
    expect(stepLocus(queue, queue[0]!.id, -1)).toBe(queue[0]);
    expect(stepLocus(queue, null, -1)).toBe(queue[3]);
    expect(stepLocus([], null, 1)).toBeNull();
  });

  it('moves on to the next open passage after a decision, wrapping round, and knows when none is left', () => {
    const queue = queueLoci(loci, defaultQueueFilter).map((l, i) => ({ ...l, status: i === 1 ? ('resolved' as const) : l.status }));
    expect(nextOpenLocus(queue, queue[0]!.id)).toBe(queue[2]);
    expect(nextOpenLocus(queue, queue[3]!.id)).toBe(queue[0]);
    expect(nextOpenLocus(queue.map((l) => ({ ...l, status: 'resolved' as const })), queue[0]!.id)).toBeNull();
  });

  it('finds the nearest passage when the shown one changed under the reader', () => {
    expect(nearestLocus(queueLoci(loci, defaultQueueFilter), 430)?.start).toBe(440);
    expect(nearestLocus([], 10)).toBeNull();
  });

  it('counts decided, deferred and open disagreements, and agreed passages apart', () => {
    expect(reconcileProgress(loci)).toEqual({ total: 4, decided: 0, deferred: 0, open: 4, agreedUnmerged: 1 });
    const some = loci.map((l, i) => ({ ...l, status: (['resolved', 'deferred', 'open', 'autoResolved', 'autoResolvedWithDissent'] as const)[i]! }));
    expect(reconcileProgress(some)).toEqual({ total: 4, decided: 2, deferred: 1, open: 1, agreedUnmerged: 0 });
  });
});
