import { describe, expect, it } from 'vitest';
import { groupHits, readSearchAddress, splitContext, writeSearchAddress } from './search-hits.ts';
import type { SearchHitView } from '../../../../shared/api/index.ts';

const hit = (documentId: string, start: number, end = start + 4): SearchHitView => ({ documentId, documentName: documentId.toUpperCase(), start, end, context: 'the team met', contextStart: start - 4 });

describe('groupHits', () => {
  it('groups consecutive hits by document, with each document’s count over every page', () => {
    const groups = groupHits([hit('a', 10), hit('a', 40), hit('b', 5)], [
      { documentId: 'a', documentName: 'A', hits: 7 },
      { documentId: 'b', documentName: 'B', hits: 1 },
    ]);
    expect(groups.map((g) => [g.documentId, g.total, g.hits.length])).toEqual([
      ['a', 7, 2],
      ['b', 1, 1],
    ]);
  });
});

describe('splitContext', () => {
  it('cuts the sentence around the hit by its offsets', () => {
    expect(splitContext({ documentId: 'a', documentName: 'A', start: 104, end: 108, context: 'the team met', contextStart: 100 })).toEqual({ before: 'the ', match: 'team', after: ' met' });
  });
});

describe('the address', () => {
  it('keeps the query as ?q=', () => {
    expect(writeSearchAddress('  "support team" ')?.toString()).toBe('q=%22support+team%22');
    expect(writeSearchAddress('  ')).toBeNull();
    expect(readSearchAddress(new URLSearchParams('q=%22support+team%22'))).toBe('"support team"');
    expect(readSearchAddress(new URLSearchParams(''))).toBe('');
  });
});
