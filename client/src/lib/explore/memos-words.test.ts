import { describe, expect, it } from 'vitest';
import { authorName, canDeleteMemo, canEditMemo, memoCountText, passageHref, wasEdited } from './memos-words.ts';

describe('memo words and rules', () => {
  it('links a coding memo to its passage in the transcript, and nothing else', () => {
    expect(passageHref('p1', { documentId: 'd1', start: 10, end: 42 })).toBe('/projects/p1/documents/d1?at=10-42');
    expect(passageHref('p1', { documentId: 'd1' })).toBeNull();
    expect(passageHref('p1', { documentId: null, start: 1, end: 2 })).toBeNull();
  });

  it('lets the author change their memo and the author or an owner delete it; coding memos are changed in the transcript', () => {
    const mine = { kind: 'document' as const, authorId: 'ana' };
    expect([canEditMemo(mine, 'ana', 'coder'), canEditMemo(mine, 'pat', 'owner'), canEditMemo(mine, 'ana', 'viewer')]).toEqual([true, false, false]);
    expect([canDeleteMemo(mine, 'ana', 'coder'), canDeleteMemo(mine, 'pat', 'owner'), canDeleteMemo(mine, 'ben', 'coder'), canDeleteMemo(mine, 'ana', 'viewer')]).toEqual([true, true, false, false]);
    const coding = { kind: 'coding' as const, authorId: 'ana' };
    expect([canEditMemo(coding, 'ana', 'coder'), canDeleteMemo(coding, 'pat', 'owner')]).toEqual([false, false]);
  });

  it('names authors, counts memos and notices edits made later', () => {
    const names = new Map([['ana', 'Ana Ortiz']]);
    expect([authorName('ana', names), authorName('consensus', names), authorName('gone', names)]).toEqual(['Ana Ortiz', 'Consensus', 'A former member']);
    expect([memoCountText(1, 1), memoCountText(12, 12), memoCountText(50, 120)]).toEqual(['1 memo', '12 memos', '50 of 120 memos']);
    expect([memoCountText(1, 1, true), memoCountText(3, 3, true), memoCountText(50, 71, true)]).toEqual(['1 memo matches', '3 memos match', '50 of 71 memos match']);
    expect(wasEdited({ createdAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-01T10:00:30.000Z' })).toBe(false);
    expect(wasEdited({ createdAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-02T10:00:00.000Z' })).toBe(true);
    expect(wasEdited({ createdAt: null, updatedAt: null })).toBe(false);
  });
});
