import { describe, expect, it } from 'vitest';
import type { AttributeField } from '../../shared/model/attributes.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { expandCodes, selectSegments, type SegmentSource } from './segment-filter.ts';
import { readSegmentQuery } from './segment-query.ts';
import type { VisibleSegment } from './visible-segments.ts';

const code = (id: string, parentId: string | null = null): Code => ({ id, name: id, shortName: id, colour: '#E69F00', parentId, order: 0, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: '' });
const codes = [code('barriers'), code('cost', 'barriers'), code('time', 'barriers'), code('hourly', 'time'), code('support')];
let n = 0;
const seg = (documentId: string, userId: string, codeId: string, start: number, end: number, extra: Partial<VisibleSegment> = {}): VisibleSegment => ({ documentId, userId, codingId: `c${n++}`, codeId, start, end, memo: '', createdAt: null, ...extra });
const fields: AttributeField[] = [
  { key: 'sector', label: 'Sector', type: 'category', options: ['Health', 'Education'] },
  { key: 'years', label: 'Years', type: 'number' },
];

function source(segments: VisibleSegment[], units: Record<string, [number, number][]> = {}): SegmentSource {
  return {
    documents: [
      { id: 'd1', name: 'P1', attributes: { sector: 'Health', years: 12 } },
      { id: 'd2', name: 'P2', attributes: { sector: 'Education', years: 3 } },
    ],
    codes,
    coders: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }, { id: 'consensus', name: 'Consensus' }],
    segments,
    unitsOf: async (id) => units[id] ?? [],
  };
}
const select = async (src: SegmentSource, raw: Record<string, string[]>) => (await selectSegments(src, readSegmentQuery(raw), fields)).segments.map((s) => s.codingId);

describe('expandCodes', () => {
  it('adds every code below with sub-codes, and survives a parent cycle', () => {
    expect([...expandCodes(codes, ['barriers'], true)].sort()).toEqual(['barriers', 'cost', 'hourly', 'time']);
    expect([...expandCodes(codes, ['barriers'], false)]).toEqual(['barriers']);
    const cycle = [code('a', 'b'), code('b', 'a')];
    expect([...expandCodes(cycle, ['a'], true)].sort()).toEqual(['a', 'b']);
  });
});

describe('selectSegments', () => {
  const a = seg('d1', 'ana', 'cost', 0, 10, { memo: 'Costs of the Café', createdAt: Date.UTC(2024, 4, 1, 12) });
  const b = seg('d1', 'ben', 'hourly', 5, 20, { createdAt: Date.UTC(2024, 4, 3) });
  const c = seg('d2', 'ana', 'support', 0, 30, { memo: 'support from the county' });
  const d = seg('d2', 'consensus', 'barriers', 40, 50);
  const all = source([a, b, c, d]);

  it('filters by code (with sub-codes), coder, document and their combination', async () => {
    expect(await select(all, { codeId: ['barriers'] })).toEqual([d.codingId]);
    expect(await select(all, { codeId: ['barriers'], includeSubcodes: ['true'] })).toEqual([a.codingId, b.codingId, d.codingId]);
    expect(await select(all, { userId: ['ana', 'consensus'] })).toEqual([a.codingId, c.codingId, d.codingId]);
    expect(await select(all, { documentId: ['d2'], userId: ['ana'] })).toEqual([c.codingId]);
  });

  it('filters by participant attributes: a category by name, a number by value, several fields all at once', async () => {
    expect(await select(all, { 'attr.sector': ['health'] })).toEqual([a.codingId, b.codingId]);
    expect(await select(all, { 'attr.years': ['3'] })).toEqual([c.codingId, d.codingId]);
    expect(await select(all, { 'attr.sector': ['Health', 'Education'], 'attr.years': ['3.0'] })).toEqual([c.codingId, d.codingId]);
    expect(await select(all, { 'attr.sector': ['Health'], documentId: ['d2'] })).toEqual([]);
  });

  it('matches memo text without regard to case or accents, and the coding time by day', async () => {
    expect(await select(all, { q: ['CAFE'] })).toEqual([a.codingId]);
    expect(await select(all, { q: ['county'] })).toEqual([c.codingId]);
    expect(await select(all, { from: ['2024-05-01'], to: ['2024-05-01'] })).toEqual([a.codingId]);
    // Codings without a time are outside any period.
    expect(await select(all, { from: ['2000-01-01'] })).toEqual([a.codingId, b.codingId]);
  });

  it('counts the documents of the whole selection', async () => {
    expect((await selectSegments(all, readSegmentQuery({}), fields)).documentCount).toBe(2);
  });

  it('keeps segments that overlap a coding of the partner code by anyone, never counting a coding with itself', async () => {
    const x1 = seg('d1', 'ana', 'cost', 0, 10);
    const x2 = seg('d1', 'ana', 'cost', 30, 40);
    const y1 = seg('d1', 'ben', 'support', 9, 15);
    const y2 = seg('d1', 'ana', 'support', 40, 45); // touches x2's end: no overlap
    const z = seg('d1', 'ben', 'cost', 35, 60);
    const src = source([x1, x2, y1, y2, z]);
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['support'] })).toEqual([x1.codingId, z.codingId]);
    // A code with itself: another coding of it must overlap.
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['cost'] })).toEqual([x2.codingId, z.codingId]);
    // With sub-codes on both sides.
    expect(await select(src, { codeId: ['barriers'], includeSubcodes: ['true'], cooccursWith: ['support'] })).toEqual([x1.codingId, z.codingId]);
    // The coder filter narrows the selected side only.
    expect(await select(src, { codeId: ['cost'], userId: ['ana'], cooccursWith: ['support'] })).toEqual([x1.codingId]);
    // As the co-occurrence matrix counts: only the segment's own coder's codings of the partner code.
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['support'], cooccurrenceBy: ['same'] })).toEqual([]);
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['cost'], cooccurrenceBy: ['same'] })).toEqual([]);
  });

  it('keeps segments that share a transcript unit with the partner code', async () => {
    const units: Record<string, [number, number][]> = { d1: [[0, 20], [20, 50], [60, 90]] };
    const x1 = seg('d1', 'ana', 'cost', 0, 5);
    const x2 = seg('d1', 'ana', 'cost', 25, 30);
    const x3 = seg('d1', 'ana', 'cost', 52, 58); // between units
    const x4 = seg('d1', 'ben', 'cost', 65, 70);
    const y1 = seg('d1', 'ben', 'support', 10, 15);
    const y2 = seg('d1', 'ana', 'support', 45, 65); // units 2 and 3
    const src = source([x1, x2, x3, x4, y1, y2], units);
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['support'], cooccurrence: ['unit'] })).toEqual([x1.codingId, x2.codingId, x4.codingId]);
    // Overlapping is another question: only x3 overlaps a support coding.
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['support'] })).toEqual([x3.codingId]);
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['cost'], cooccurrence: ['unit'] })).toEqual([]);
    expect(await select(src, { codeId: ['cost'], cooccursWith: ['support'], cooccurrence: ['unit'], cooccurrenceBy: ['same'] })).toEqual([x2.codingId]);
    // Without units, a transcript is one unit.
    const flat = source([seg('d2', 'ana', 'cost', 0, 5), seg('d2', 'ben', 'support', 100, 105)]);
    expect(await select(flat, { codeId: ['cost'], cooccursWith: ['support'], cooccurrence: ['unit'] })).toHaveLength(1);
  });
});
