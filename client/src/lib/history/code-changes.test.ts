import { describe, expect, it } from 'vitest';
import { codeChanges } from './code-changes.ts';
import { historyEvent } from './history-test-events.ts';

const codeEvent = (seq: number, field: string | null, before: unknown, after: unknown) =>
  historyEvent(seq, { type: 'code.changed', layer: null, documentId: null, codingId: null, codeId: 'pull', userId: 'ben', before: { field, value: before }, after: { field, value: after } });

describe("a code's changes", () => {
  it('lists who changed which field from what to what, newest first, with creation and deletion', () => {
    const changes = codeChanges([codeEvent(1, null, null, { name: 'pull' }), codeEvent(4, 'definition', 'Asked for.', 'Sought out.'), codeEvent(9, null, { name: 'Pull models' }, null), historyEvent(5)]);
    expect(changes).toEqual([
      { kind: 'deleted', seq: 9, at: '2026-03-12T10:00:00.000Z', userId: 'ben' },
      { kind: 'field', seq: 4, at: '2026-03-12T10:00:00.000Z', userId: 'ben', field: 'definition', before: 'Asked for.', after: 'Sought out.' },
      { kind: 'created', seq: 1, at: '2026-03-12T10:00:00.000Z', userId: 'ben' },
    ]);
  });
});
