import { describe, expect, it } from 'vitest';
import { progressCounts } from './progress-counts.ts';

const coders = [
  { id: 'a', name: 'Ana' },
  { id: 'b', name: 'Ben' },
];

describe('progress counts', () => {
  it('reads a count the server left out (a blind round) as hidden, not as 0', () => {
    const progress = { coders, documents: [{ documentId: 'd1', counts: { a: 3 } }] };
    expect(progressCounts(progress, 'd1')).toEqual([
      { id: 'a', name: 'Ana', count: 3, hidden: false, unassigned: false },
      { id: 'b', name: 'Ben', count: 0, hidden: true, unassigned: false },
    ]);
  });

  it('lists a document’s assigned coders, and anyone else only where they coded, marked unassigned', () => {
    const three = [...coders, { id: 'c', name: 'Cy' }];
    const progress = { coders: three, documents: [{ documentId: 'd1', counts: { a: 0, b: 4, c: 2 }, assigned: ['a', 'b'] }, { documentId: 'd2', counts: { a: 1, b: 1, c: 0 }, assigned: ['a', 'b'] }] };
    expect(progressCounts(progress, 'd1').map((c) => [c.id, c.count, c.unassigned])).toEqual([
      ['a', 0, false],
      ['b', 4, false],
      ['c', 2, true],
    ]);
    expect(progressCounts(progress, 'd2').map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('keeps a real 0 a 0', () => {
    const progress = { coders, documents: [{ documentId: 'd1', counts: { a: 0, b: 2 } }] };
    expect(progressCounts(progress, 'd1').map((c) => [c.count, c.hidden])).toEqual([
      [0, false],
      [2, false],
    ]);
  });

  it('counts 0 for a document the figures do not list yet, and nothing before they arrive', () => {
    expect(progressCounts({ coders, documents: [] }, 'new').map((c) => [c.count, c.hidden])).toEqual([
      [0, false],
      [0, false],
    ]);
    expect(progressCounts(null, 'd1')).toEqual([]);
  });
});
