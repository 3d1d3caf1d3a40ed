import type { PlacedCoding } from './coding-index.ts';

/** Ben's coding `id` of [start, end), placed in the first column of his lane (for tests). */
export const placedCoding = (id: string, start: number, end: number): PlacedCoding => ({
  coding: { id, codeId: 'push', coderId: 'ben', start, end, orphaned: false, memo: '', createdAt: '', updatedAt: '' },
  start,
  end,
  layerKey: 'ben',
  column: 0,
});
