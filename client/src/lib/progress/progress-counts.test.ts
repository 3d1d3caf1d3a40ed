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
      { id: 'a', name: 'Ana', count: 3, hidden: false },
      { id: 'b', name: 'Ben', count: 0, hidden: true },
    ]);
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
