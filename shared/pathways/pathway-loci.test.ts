import { describe, expect, it } from 'vitest';
import { computeLoci, preMerge, type Locus } from '../reconcile/index.ts';
import { example1, exampleCodes } from '../reconcile/worked-examples.ts';
import { derivePathwaysByCoder } from './derive-pathway.ts';
import { mergeCoders } from './merge-coders.ts';
import { affectsPathway, linkLoci, locusImpact, type LocusContext } from './pathway-loci.ts';
import { example1Segments, exampleParents, exampleStageSet } from './worked-examples.ts';

const p1 = { participantId: 'P1', transcriptId: 'P1' };
const coders = ['A', 'B'];
const loci = computeLoci({ documentId: 'P1', coderIds: coders, codes: exampleCodes, codings: example1 });

/** The spec names the stage loci L1–L4 by their ranges; map the real (hashed) ids onto those names. */
const stageLocus = (start: number, end: number): Locus => loci.find((l) => l.domainId === 'stages' && l.start === start && l.end === end)!;
const L1 = stageLocus(0, 260);
const L2 = stageLocus(290, 430);
const L3 = stageLocus(440, 480);
const L4 = stageLocus(500, 650);
const names = new Map([L1, L2, L3, L4].map((l, i) => [l.id, `L${i + 1}`]));
const named = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? id);

const context: LocusContext = { ...p1, segments: example1Segments, loci, stageSet: exampleStageSet, parents: exampleParents };
const merge = mergeCoders(derivePathwaysByCoder(p1, coders, example1Segments, exampleStageSet, exampleParents), coders, { kind: 'union' }, exampleStageSet, { ...p1, segments: example1Segments });

describe('loci links on worked example 1 (§2.4, §4)', () => {
  it('the fixture has the four stage loci of the spec, L4 agreed', () => {
    expect([L1, L2, L3, L4].map((l) => l?.type)).toEqual(['granularity', 'boundary', 'omission', 'agreed']);
  });

  it('"Links to the edges": impact and evidence loci of every edge', () => {
    const linked = linkLoci(merge, context);
    expect(linked.edges.map((e) => [e.id, named(e.disagreementIds), named(e.evidenceLocusIds)])).toEqual([
      ['__start__->push', [], ['L1']],
      ['push->pull', [], ['L1', 'L2']],
      ['push->cocreation', ['L3'], ['L3']],
      ['pull->push', ['L3'], ['L2', 'L3']],
      ['pull->cocreation', ['L3'], ['L2']],
      ['cocreation->__end__', [], []],
    ]);
  });

  it('leaves every other field of the merge as it was', () => {
    const linked = linkLoci(merge, context);
    expect(linked.edges.map(({ disagreementIds: _d, evidenceLocusIds: _e, ...rest }) => rest)).toEqual(merge.edges.map(({ disagreementIds: _d, evidenceLocusIds: _e, ...rest }) => rest));
    expect(linked.nodes).toEqual(merge.nodes);
  });

  it('affectsPathway: L3 yes; L1 and L2 no (both readings give the same runs); L4 is agreed, not open', () => {
    expect([L1, L2, L3, L4].map((l) => affectsPathway(l, context))).toEqual([false, false, true, false]);
    // a5 `barriers` forms a thematic locus: it can never move a stage.
    const barriers = loci.find((l) => l.domainId === 'code:barriers')!;
    expect(locusImpact(barriers, context)).toMatchObject({ affectsPathway: false, edgeIds: [], readings: [] });
  });

  it('L3 readings: accept B → …pull→push→cocreation; A coded nothing → …pull→cocreation', () => {
    const impact = locusImpact(L3, context);
    expect(impact.readings.map((r) => [r.coderIds, r.sequence])).toEqual([
      [['B'], ['push', 'pull', 'push', 'cocreation']],
      [['A'], ['push', 'pull', 'cocreation']],
    ]);
    expect(impact.edgeIds).toEqual(['pull->cocreation', 'pull->push', 'push->cocreation']);
  });

  it('"reject all" is tried only where a coder proposed nothing: L1 has two readings, not three', () => {
    expect(locusImpact(L1, context).readings.map((r) => r.coderIds)).toEqual([['A'], ['B']]);
  });

  it('held readings are the current consensus: L4 pre-merged as [500,650) changes nothing', () => {
    const merged = preMerge(loci, { kind: 'completeAgreement' }).flatMap((o) => (o.merged ? [[o.locusId, o.result] as const] : []));
    expect(merged.map(([id]) => named([id])[0])).toEqual(['L4']);
    const linked = linkLoci(merge, { ...context, held: Object.fromEntries(merged) });
    expect(linked.edges.map((e) => named(e.disagreementIds))).toEqual([[], [], ['L3'], ['L3'], ['L3'], []]);
  });

  it('held readings are the current consensus: with L2 rejected, L3 merges into the push run and no longer moves an edge', () => {
    const held = { [L2.id]: [] };
    expect(locusImpact(L3, { ...context, held }).readings.map((r) => r.sequence)).toEqual([
      ['push', 'cocreation'],
      ['push', 'cocreation'],
    ]);
    expect(affectsPathway(L3, { ...context, held })).toBe(false);
    expect(linkLoci(merge, { ...context, held }).edges.flatMap((e) => e.disagreementIds)).toEqual([]);
  });

  it('a decided locus is no longer open: L3 rejected leaves no edge linked to it, and the others as they were', () => {
    const linked = linkLoci(merge, { ...context, held: { [L3.id]: [] } });
    expect(linked.edges.map((e) => [e.id, named(e.disagreementIds), named(e.evidenceLocusIds)])).toEqual([
      ['__start__->push', [], ['L1']],
      ['push->pull', [], ['L1', 'L2']],
      ['push->cocreation', [], []],
      ['pull->push', [], ['L2']],
      ['pull->cocreation', [], ['L2']],
      ['cocreation->__end__', [], []],
    ]);
  });

  it('an orphaned coding stays out of the replay: with b3 orphaned, both L3 readings give push > pull > cocreation', () => {
    const segments = example1Segments.map((s) => (s.id === 'b3' ? { ...s, status: 'orphaned' as const } : s));
    const impact = locusImpact(L3, { ...context, segments });
    expect(impact.readings.map((r) => r.sequence)).toEqual([
      ['push', 'pull', 'cocreation'],
      ['push', 'pull', 'cocreation'],
    ]);
    expect(impact.affectsPathway).toBe(false);
  });

  it('precomputed impacts give the same links', () => {
    const impacts = loci.map((l) => locusImpact(l, context));
    expect(linkLoci(merge, context, impacts)).toEqual(linkLoci(merge, context));
  });

  it('does not depend on the order of loci or segments', () => {
    const shuffled: LocusContext = { ...context, loci: [...loci].reverse(), segments: [...example1Segments].reverse() };
    expect(linkLoci(merge, shuffled)).toEqual(linkLoci(merge, context));
  });
});
