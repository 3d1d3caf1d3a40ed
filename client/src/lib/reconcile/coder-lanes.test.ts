import { describe, expect, it } from 'vitest';
import type { LocusView } from '../../../../shared/api/index.ts';
import { barGeometry, coderLanes, formatRange } from './coder-lanes.ts';

const version = (userId: string, codingId: string, codeId: string, start: number, end: number) => ({ userId, codingId, codeId, appliedCodeId: codeId, start, end });
const locus = (over: Partial<LocusView>): LocusView => ({ id: 'l', type: 'boundary', flags: [], domainId: 'stages', codeIds: ['push'], start: 0, end: 260, versions: [], missingUserIds: [], status: 'open', decisionId: null, commentCount: 0, ...over });
const names: Record<string, string> = { A: 'Ana', B: 'Ben', C: 'Cy' };
const nameOf = (id: string) => names[id] ?? id;

describe('coder lanes', () => {
  const l1 = locus({ type: 'granularity', versions: [version('A', 'a2', 'push', 150, 260), version('B', 'b1', 'push', 0, 250), version('A', 'a1', 'push', 0, 120)] });

  it('gives every compared coder a numbered lane in the server’s order, with their codings by position', () => {
    const lanes = coderLanes(l1, ['A', 'B', 'C'], nameOf);
    expect(lanes.map((l) => [l.position, l.name, l.versions.map((v) => v.codingId)])).toEqual([
      [1, 'Ana', ['a1', 'a2']],
      [2, 'Ben', ['b1']],
      [3, 'Cy', []],
    ]);
  });

  it('places a range on a track spanning the shown window, clamped to it', () => {
    expect(barGeometry({ start: 50, end: 150 }, { from: 0, to: 200 })).toEqual({ left: 25, width: 50 });
    expect(barGeometry({ start: 0, end: 400 }, { from: 100, to: 300 })).toEqual({ left: 0, width: 100 });
    expect(barGeometry({ start: 10, end: 10 }, { from: 0, to: 100 }).width).toBeGreaterThan(0);
    expect(formatRange({ start: 300, end: 420 })).toBe('300–420');
  });
});
