import { describe, expect, it } from 'vitest';
import { selectsRoom } from '../persistence/document-store.ts';
import { memoEvent, memoHistoryKey, memoKeysOfDocument, memoKeysOfUser } from './memo-history.ts';

const memo = (documentId: string | null, authorId = 'ana') => ({ id: 'm1', projectId: 'p1', documentId, authorId, title: 'T', text: 'X', createdAt: '', updatedAt: '' });

describe('memo history keys', () => {
  it('are selected with their document’s rooms and their author’s account, and nothing else', () => {
    const onDocument = memoHistoryKey(memo('d1'));
    const onProject = memoHistoryKey(memo(null));
    expect([onDocument, onProject]).toEqual(['memo:p1:d1:ana', 'memo:p1:ana']);
    const selects = (selectors: ReturnType<typeof memoKeysOfUser>, key: string) => selectors.some((s) => selectsRoom(s, key));
    expect([selects(memoKeysOfDocument('p1', 'd1'), onDocument), selects(memoKeysOfDocument('p1', 'd1'), onProject), selects(memoKeysOfDocument('p1', 'd2'), onDocument)]).toEqual([true, false, false]);
    expect([selects(memoKeysOfUser('ana'), onDocument), selects(memoKeysOfUser('ana'), onProject), selects(memoKeysOfUser('ben'), onDocument), selects(memoKeysOfUser('na'), onProject)]).toEqual([true, true, false, false]);
  });

  it('state who changed a memo, whose it is, and what it said', () => {
    const removed = memoEvent('memo.removed', 'pat', memo('d1'), null);
    expect(removed).toEqual({
      room: 'memo:p1:d1:ana',
      event: { userId: 'pat', layer: 'ana', type: 'memo.removed', documentId: 'd1', codingId: null, codeId: null, before: { memoId: 'm1', title: 'T', text: 'X' }, after: null },
    });
  });
});
