import { describe, expect, it } from 'vitest';
import { foldForSearch, MemoQueryError, readMemoQuery } from './memo-query.ts';

describe('readMemoQuery', () => {
  it('reads the filters and paging, with defaults', () => {
    expect(readMemoQuery({})).toEqual({ documentId: null, authorId: null, q: '', kind: null, limit: 50, offset: 0 });
    expect(readMemoQuery({ q: ['  county '], kind: ['coding'], documentId: ['d1'], authorId: ['u1'], limit: ['200'], offset: ['40'] })).toEqual({ documentId: 'd1', authorId: 'u1', q: 'county', kind: 'coding', limit: 200, offset: 40 });
  });

  it('refuses what it cannot take, naming the parameter', () => {
    const field = (params: Record<string, string[]>) => {
      try {
        readMemoQuery(params);
        return null;
      } catch (error) {
        return error instanceof MemoQueryError ? error.field : 'other';
      }
    };
    expect(field({ kind: ['comment'] })).toBe('kind');
    expect(field({ limit: ['0'] })).toBe('limit');
    expect(field({ limit: ['201'] })).toBe('limit');
    expect(field({ limit: ['1.5'] })).toBe('limit');
    expect(field({ offset: ['-1'] })).toBe('offset');
    expect(field({ q: ['x'.repeat(201)] })).toBe('q');
    expect(field({ documentId: ['d'.repeat(65)] })).toBe('documentId');
    expect(field({ q: ['a', 'b'] })).toBe('q');
    expect(field({ author: ['u1'] })).toBe('author');
  });
});

describe('foldForSearch', () => {
  it('ignores case and accents', () => {
    expect(foldForSearch('Café MEETING')).toBe('cafe meeting');
    expect(foldForSearch('Ångström')).toContain('angstrom');
  });
});
