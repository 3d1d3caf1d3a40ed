import { describe, expect, it } from 'vitest';
import { derivePathway, derivePathwayReport, derivePathwaysByCoder, sweepPieces } from './derive-pathway.ts';
import { createStageMap, PathwayError, resolveStageSegments } from './stage-map.ts';
import { defaultPathwayOptions, type CodedSegment, type Pathway, type PathwayOptions, type StageSet } from './types.ts';
import { example1Segments, example2Segments, exampleParents, exampleStageSet, storyTimeSegments } from './worked-examples.ts';

const options = (overrides: Partial<PathwayOptions>): PathwayOptions => ({ ...defaultPathwayOptions, ...overrides });
const p1 = { participantId: 'P1', transcriptId: 'P1' };
const p2 = { participantId: 'P2', transcriptId: 'P2', layer: 'C' };

/** A transition as the spec's tables write it: `from→to (exit→entry, direction[, overlap])`. */
const describeTransitions = (pathway: Pathway) =>
  pathway.transitions.map((t) => `${t.from}->${t.to} ${t.exitSegmentId ?? '-'}>${t.entrySegmentId ?? '-'} ${t.direction}${t.overlap ? ' overlap' : ''}`);
const describeRuns = (pathway: Pathway) => pathway.runs.map((r) => `${r.stage} [${r.start},${r.end}) ${r.segmentIds.join(',')}`);

const segment = (id: string, codeId: string, start: number, end: number, extra: Partial<CodedSegment> = {}): CodedSegment => ({
  id,
  transcriptId: 'T',
  participantId: 'P',
  layer: { kind: 'coder', coderId: 'X' },
  codeId,
  start,
  end,
  ...extra,
});
const onT = { participantId: 'P', transcriptId: 'T', layer: 'X' };

describe('A-1 on worked example 1 (§4, start policy, transcript order)', () => {
  it('coder A: push > pull > cocreation, push run {a1,a2} [0,260), barriers ignored', () => {
    const { pathway, dropped } = derivePathwayReport({ ...p1, layer: 'A' }, example1Segments, exampleStageSet, exampleParents);
    expect(pathway.sequence).toEqual(['push', 'pull', 'cocreation']);
    expect(describeRuns(pathway)).toEqual(['push [0,260) a1,a2', 'pull [300,420) a3', 'cocreation [500,640) a4']);
    expect(describeTransitions(pathway)).toEqual([
      '__start__->push ->a1 start',
      'push->pull a2>a3 forward',
      'pull->cocreation a3>a4 forward',
      'cocreation->__end__ a4>- end',
    ]);
    expect(dropped).toEqual({ orphaned: 0, nonStage: 1, tooShort: 0 });
    expect(pathway).toMatchObject({ participantId: 'P1', transcriptId: 'P1', layer: 'A' });
  });

  it('coder B: push > pull > push > cocreation with the backward pull→push (b2→b3)', () => {
    const pathway = derivePathway({ ...p1, layer: 'B' }, example1Segments, exampleStageSet, exampleParents);
    expect(pathway.sequence).toEqual(['push', 'pull', 'push', 'cocreation']);
    expect(describeRuns(pathway)).toEqual(['push [0,250) b1', 'pull [290,430) b2', 'push [440,480) b3', 'cocreation [500,650) b4']);
    expect(describeTransitions(pathway)).toEqual([
      '__start__->push ->b1 start',
      'push->pull b1>b2 forward',
      'pull->push b2>b3 backward',
      'push->cocreation b3>b4 forward',
      'cocreation->__end__ b4>- end',
    ]);
  });

  it('derives every assigned coder, an empty pathway for a coder with no stage segment', () => {
    const byCoder = derivePathwaysByCoder(p1, ['B', 'C', 'A', 'B'], example1Segments, exampleStageSet, exampleParents);
    expect(Object.keys(byCoder)).toEqual(['A', 'B', 'C']);
    expect(byCoder.C).toEqual({ ...p1, layer: 'C', sequence: [], runs: [], transitions: [] });
  });
});

describe('A-1 on worked example 2 (§4, overlaps and nesting), one row per policy', () => {
  it('start, minSegmentChars 0: u4 is kept, giving the spurious pull→push', () => {
    const pathway = derivePathway(p2, example2Segments, exampleStageSet, exampleParents);
    expect(pathway.sequence).toEqual(['push', 'pull', 'push', 'cocreation', 'pull']);
    expect(describeTransitions(pathway)).toEqual([
      '__start__->push ->u1 start',
      'push->pull u1>u2 forward overlap',
      'pull->push u3>u4 backward',
      'push->cocreation u4>u5 forward',
      'cocreation->pull u5>u6 backward overlap',
      'pull->__end__ u6>- end',
    ]);
  });

  it('start, minSegmentChars 25: push > pull > cocreation > pull with overlaps on push→pull and cocreation→pull', () => {
    const { pathway, dropped } = derivePathwayReport(p2, example2Segments, exampleStageSet, exampleParents, options({ minSegmentChars: 25 }));
    expect(dropped.tooShort).toBe(1);
    expect(pathway.sequence).toEqual(['push', 'pull', 'cocreation', 'pull']);
    expect(describeRuns(pathway)).toEqual(['push [0,200) u1', 'pull [180,300) u2,u3', 'cocreation [350,500) u5', 'pull [400,440) u6']);
    expect(describeTransitions(pathway)).toEqual([
      '__start__->push ->u1 start',
      'push->pull u1>u2 forward overlap',
      'pull->cocreation u3>u5 forward',
      'cocreation->pull u5>u6 backward overlap',
      'pull->__end__ u6>- end',
    ]);
  });

  it('midpoint, minSegmentChars 25: u6 (420) comes before u5 (425), so the pull run absorbs it', () => {
    const pathway = derivePathway(p2, example2Segments, exampleStageSet, exampleParents, options({ overlapPolicy: 'midpoint', minSegmentChars: 25 }));
    expect(pathway.sequence).toEqual(['push', 'pull', 'cocreation']);
    expect(describeRuns(pathway)).toEqual(['push [0,200) u1', 'pull [180,440) u2,u3,u6', 'cocreation [350,500) u5']);
    expect(describeTransitions(pathway)).toEqual([
      '__start__->push ->u1 start',
      'push->pull u1>u2 forward overlap',
      'pull->cocreation u6>u5 forward overlap',
      'cocreation->__end__ u5>- end',
    ]);
  });

  it('sweep, minSegmentChars 25, minResidualChars 25: the nested u6 interrupts u5, and pull→cocreation occurs twice', () => {
    const pathway = derivePathway(p2, example2Segments, exampleStageSet, exampleParents, options({ overlapPolicy: 'sweep', minSegmentChars: 25, minResidualChars: 25 }));
    expect(pathway.sequence).toEqual(['push', 'pull', 'cocreation', 'pull', 'cocreation']);
    expect(describeRuns(pathway)).toEqual(['push [0,180) u1', 'pull [180,300) u2,u3', 'cocreation [350,400) u5', 'pull [400,440) u6', 'cocreation [440,500) u5']);
    expect(describeTransitions(pathway)).toEqual([
      '__start__->push ->u1 start',
      'push->pull u1>u2 forward overlap',
      'pull->cocreation u3>u5 forward',
      'cocreation->pull u5>u6 backward overlap',
      'pull->cocreation u6>u5 forward overlap',
      'cocreation->__end__ u5>- end',
    ]);
    expect(pathway.transitions.filter((t) => t.from === 'pull' && t.to === 'cocreation')).toHaveLength(2);
  });

  it('sweep: minResidualChars drops a short fragment of a split segment, never a segment left in one piece', () => {
    const segments = [segment('outer', 'cocreation', 350, 500), segment('inner', 'pull', 400, 490), segment('tiny', 'push', 600, 605)];
    const map = createStageMap(exampleStageSet, {});
    const { kept } = resolveStageSegments(segments, map, { minSegmentChars: 0 });
    const pieces = (minResidual: number) => sweepPieces(kept, minResidual).map((p) => `${p.segment.id} [${p.start},${p.end})`);
    expect(pieces(0)).toEqual(['outer [350,400)', 'inner [400,490)', 'outer [490,500)', 'tiny [600,605)']);
    expect(pieces(25)).toEqual(['outer [350,400)', 'inner [400,490)', 'tiny [600,605)']);
    const pathway = derivePathway(onT, segments, exampleStageSet, {}, options({ overlapPolicy: 'sweep', minResidualChars: 25 }));
    expect(pathway.sequence).toEqual(['cocreation', 'pull', 'push']);
  });

  it('sweep: innermost is the latest start, then the shortest, then the higher stage order, then the smaller id', () => {
    const map = createStageMap(exampleStageSet, {});
    const winner = (segments: CodedSegment[]) => sweepPieces(resolveStageSegments(segments, map, { minSegmentChars: 0 }).kept, 0).map((p) => p.segment.id);
    expect(winner([segment('early', 'push', 0, 10), segment('late', 'pull', 5, 10)])).toEqual(['early', 'late']);
    expect(winner([segment('long', 'push', 0, 20), segment('short', 'pull', 0, 10)])).toEqual(['short', 'long']);
    expect(winner([segment('low', 'push', 0, 10), segment('high', 'cocreation', 0, 10)])).toEqual(['high']);
    expect(winner([segment('b', 'pull', 0, 10), segment('a', 'pull', 0, 10)])).toEqual(['a']);
  });
});

describe('A-1 in narrated time (storyTime)', () => {
  it('§4 micro-case: carried-forward storyTime gives push > pull > cocreation; transcript order gives cocreation > push > pull', () => {
    const subject = { participantId: 'P2', transcriptId: 'P2', layer: 'C' };
    expect(derivePathway(subject, storyTimeSegments, exampleStageSet, exampleParents, options({ orderBy: 'storyTime' })).sequence).toEqual(['push', 'pull', 'cocreation']);
    expect(derivePathway(subject, storyTimeSegments, exampleStageSet, exampleParents).sequence).toEqual(['cocreation', 'push', 'pull']);
  });

  it('§2.3: segments before the first timed one stay first (−∞), and equal times keep transcript order', () => {
    const segments = [segment('s1', 'pull', 0, 50), segment('s2', 'cocreation', 100, 150, { storyTime: 2015 }), segment('s3', 'push', 200, 250, { storyTime: 2005 }), segment('s4', 'pull', 300, 350, { storyTime: null })];
    const pathway = derivePathway(onT, segments, exampleStageSet, {}, options({ orderBy: 'storyTime' }));
    expect(pathway.runs.map((r) => r.segmentIds.join(','))).toEqual(['s1', 's3', 's4', 's2']);
    expect(pathway.sequence).toEqual(['pull', 'push', 'pull', 'cocreation']);
  });

  it('§2.3: sweep cuts the transcript, so it refuses narrated-time order', () => {
    expect(() => derivePathway(onT, [], exampleStageSet, {}, options({ orderBy: 'storyTime', overlapPolicy: 'sweep' }))).toThrow(PathwayError);
  });
});

describe('A-1 runs and edge cases', () => {
  const pushes = [segment('x1', 'push', 0, 50), segment('x2', 'push', 60, 100), segment('x3', 'push', 300, 350)];

  it('§2.3: without selfLoops consecutive same-stage segments are one run, however far apart', () => {
    const pathway = derivePathway(onT, pushes, exampleStageSet, {});
    expect(describeRuns(pathway)).toEqual(['push [0,350) x1,x2,x3']);
  });

  it('§2.3: with selfLoops a gap over mergeGap starts a new run of the same stage: a self edge', () => {
    const pathway = derivePathway(onT, pushes, exampleStageSet, {}, options({ selfLoops: true, mergeGap: 10 }));
    expect(describeRuns(pathway)).toEqual(['push [0,100) x1,x2', 'push [300,350) x3']);
    expect(describeTransitions(pathway)).toContain('push->push x2>x3 self');
    const tight = derivePathway(onT, pushes, exampleStageSet, {}, options({ selfLoops: true, mergeGap: 9 }));
    expect(tight.sequence).toEqual(['push', 'push', 'push']);
  });

  it('§2.10: no stage segments gives an empty pathway with no edge at all (Start→End is not emitted)', () => {
    const pathway = derivePathway(onT, [segment('t', 'barriers', 0, 10)], exampleStageSet, exampleParents);
    expect(pathway).toEqual({ participantId: 'P', transcriptId: 'T', layer: 'X', sequence: [], runs: [], transitions: [] });
  });

  it('§2.10: a single run is Start→X→End', () => {
    expect(describeTransitions(derivePathway(onT, [segment('only', 'pull', 0, 10)], exampleStageSet, {}))).toEqual(['__start__->pull ->only start', 'pull->__end__ only>- end']);
  });

  it('§2.10: orphaned segments are excluded and counted', () => {
    const { pathway, dropped } = derivePathwayReport(onT, [segment('gone', 'push', 0, 10, { status: 'orphaned' }), segment('here', 'pull', 20, 30)], exampleStageSet, {});
    expect(pathway.sequence).toEqual(['pull']);
    expect(dropped.orphaned).toBe(1);
  });

  it('§2.3: the start key breaks ties by end, then stage order, then id', () => {
    const tied = [segment('z', 'cocreation', 0, 10), segment('y', 'pull', 0, 10), segment('w', 'push', 0, 20), segment('b', 'push', 0, 10), segment('a', 'push', 0, 10)];
    expect(derivePathway(onT, tied, exampleStageSet, {}).runs.map((r) => r.segmentIds.join(','))).toEqual(['a,b', 'y', 'z', 'w']);
  });

  it('§2.1: equal stage orders give lateral transitions', () => {
    const lateral: StageSet = { ...exampleStageSet, stages: [...exampleStageSet.stages, { codeId: 'pull2', label: 'Pull, other', order: 2 }] };
    const pathway = derivePathway(onT, [segment('a', 'pull', 0, 10), segment('b', 'pull2', 20, 30)], lateral, {});
    expect(pathway.transitions[1]).toMatchObject({ from: 'pull', to: 'pull2', direction: 'lateral', overlap: false });
  });

  it('ignores segments of another layer or transcript', () => {
    const foreign = [segment('mine', 'push', 0, 10), segment('theirs', 'pull', 20, 30, { layer: { kind: 'coder', coderId: 'Y' } }), segment('other', 'pull', 40, 50, { transcriptId: 'U' }), segment('cons', 'pull', 60, 70, { layer: { kind: 'consensus' } })];
    expect(derivePathway(onT, foreign, exampleStageSet, {}).sequence).toEqual(['push']);
    expect(derivePathway({ ...onT, layer: 'consensus' }, foreign, exampleStageSet, {}).sequence).toEqual(['pull']);
  });

  it('rejects negative or non-numeric options with a reason', () => {
    try {
      derivePathway(onT, [], exampleStageSet, {}, options({ minSegmentChars: -1 }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PathwayError);
      expect((error as PathwayError).reason).toBe('invalidOptions');
    }
    expect(() => derivePathway(onT, [], exampleStageSet, {}, options({ mergeGap: Number.NaN }))).toThrow(PathwayError);
    expect(derivePathway(onT, pushes, exampleStageSet, {}, options({ selfLoops: true, mergeGap: Infinity })).sequence).toEqual(['push']);
  });
});
