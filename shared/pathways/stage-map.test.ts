import { describe, expect, it } from 'vitest';
import { createStageMap, PathwayError, resolveStageSegments, transitionDirection } from './stage-map.ts';
import { endId, startId, type CodedSegment, type StageSet } from './types.ts';
import { exampleParents, exampleStageSet } from './worked-examples.ts';

const segment = (id: string, codeId: string, start: number, end: number, extra: Partial<CodedSegment> = {}): CodedSegment => ({
  id,
  transcriptId: 'T',
  participantId: 'P',
  layer: { kind: 'coder', coderId: 'A' },
  codeId,
  start,
  end,
  ...extra,
});

describe('stage map', () => {
  it('§2.1: with includeDescendants a sub-code counts as its stage; other codes count as nothing', () => {
    const map = createStageMap(exampleStageSet, exampleParents);
    expect(map.stageOf('push.training')?.codeId).toBe('push');
    expect(map.stageOf('pull')?.label).toBe('Pull models');
    expect(map.stageOf('barriers')).toBeNull();
    expect(map.stageOf('never-heard-of')).toBeNull();
  });

  it('§2.1: without includeDescendants only the stage codes themselves count', () => {
    const map = createStageMap({ ...exampleStageSet, includeDescendants: false }, exampleParents);
    expect(map.stageOf('push.training')).toBeNull();
    expect(map.stageOf('push')?.codeId).toBe('push');
  });

  it('§2.1: a code counts as its nearest stage ancestor, and a parent cycle ends the walk', () => {
    const nested: StageSet = { ...exampleStageSet, stages: [...exampleStageSet.stages, { codeId: 'push.kit', label: 'Kits', order: 1.5 }] };
    const map = createStageMap(nested, { 'push.kit.box': 'push.kit', 'push.kit': 'push', loop1: 'loop2', loop2: 'loop1' });
    expect(map.stageOf('push.kit.box')?.codeId).toBe('push.kit');
    expect(map.stageOf('loop1')).toBeNull();
  });

  it('§2.1: object-prototype names are ordinary codes, not parents', () => {
    const map = createStageMap(exampleStageSet, {});
    expect(map.stageOf('constructor')).toBeNull();
    expect(map.stageOf('__proto__')).toBeNull();
  });

  it('§2.1: directions follow the canonical orders; equal orders of two stages are lateral', () => {
    const lateral: StageSet = { ...exampleStageSet, stages: [...exampleStageSet.stages, { codeId: 'pull2', label: 'Pull, other', order: 2 }] };
    const map = createStageMap(lateral, {});
    expect(transitionDirection(map, startId, 'pull')).toBe('start');
    expect(transitionDirection(map, 'pull', endId)).toBe('end');
    expect(transitionDirection(map, 'push', 'pull')).toBe('forward');
    expect(transitionDirection(map, 'cocreation', 'push')).toBe('backward');
    expect(transitionDirection(map, 'pull', 'pull2')).toBe('lateral');
    expect(transitionDirection(map, 'pull', 'pull')).toBe('self');
  });

  it('an unknown stage is an error with a reason', () => {
    const map = createStageMap(exampleStageSet, {});
    expect(() => map.stage('ghost')).toThrow(PathwayError);
    try {
      map.stage('ghost');
    } catch (error) {
      expect((error as PathwayError).reason).toBe('unknownStage');
    }
  });
});

describe('resolveStageSegments (A-1 step 1)', () => {
  it('§2.3/§2.10: drops and counts orphaned segments (status or collapsed range), non-stage codes and short segments', () => {
    const map = createStageMap(exampleStageSet, exampleParents);
    const { kept, dropped } = resolveStageSegments(
      [
        segment('ok', 'push.training', 0, 100),
        segment('orphan', 'push', 0, 100, { status: 'orphaned' }),
        segment('collapsed', 'pull', 50, 50),
        segment('theme', 'barriers', 0, 100),
        segment('short', 'pull', 200, 210),
        segment('exact', 'pull', 300, 325),
      ],
      map,
      { minSegmentChars: 25 },
    );
    expect(kept.map((k) => [k.segment.id, k.stage.codeId])).toEqual([
      ['ok', 'push'],
      ['exact', 'pull'],
    ]);
    expect(dropped).toEqual({ orphaned: 2, nonStage: 1, tooShort: 1 });
  });
});
