import { describe, expect, it } from 'vitest';
import { emptyMemoFilter, isMemoFilterSet, memosApiQuery, readMemoFilter, writeMemoFilter } from './memos-filter.ts';

describe('the memo filter in the address', () => {
  it('reads what the address says, leaving out a kind it does not know', () => {
    expect(readMemoFilter(new URLSearchParams('q=county&authorId=u1&kind=document&documentId=d1'))).toEqual({ q: 'county', authorId: 'u1', kind: 'document', documentId: 'd1' });
    expect(readMemoFilter(new URLSearchParams('kind=comment'))).toEqual(emptyMemoFilter);
  });

  it('writes only what is set, in a stable order, and round-trips', () => {
    const filter = { q: '  café ', authorId: '', kind: 'coding' as const, documentId: 'd2' };
    expect(writeMemoFilter(filter).toString()).toBe('q=caf%C3%A9&kind=coding&documentId=d2');
    expect(readMemoFilter(writeMemoFilter(filter))).toEqual({ ...filter, q: 'café' });
    expect(isMemoFilterSet(emptyMemoFilter)).toBe(false);
    expect(isMemoFilterSet({ ...emptyMemoFilter, q: '   ' })).toBe(false);
    expect(isMemoFilterSet({ ...emptyMemoFilter, authorId: 'u1' })).toBe(true);
  });

  it('asks the server for one page of the filter', () => {
    expect(memosApiQuery({ ...emptyMemoFilter, kind: 'project' }, { limit: 50, offset: 100 })).toBe('kind=project&limit=50&offset=100');
  });
});
