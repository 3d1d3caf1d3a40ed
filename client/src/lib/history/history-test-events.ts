import type { HistoryEventView } from '../../../../shared/api/index.ts';

/** A history event for the unit tests beside this file, with whatever fields a test names. */
export function historyEvent(seq: number, fields: Partial<HistoryEventView> = {}): HistoryEventView {
  return {
    seq,
    at: '2026-03-12T10:00:00.000Z',
    userId: 'ana',
    layer: 'ana',
    type: 'coding.added',
    documentId: 'd1',
    codingId: `c${seq}`,
    codeId: 'push',
    before: null,
    after: { codeId: 'push', memo: '', anchor: { start: 'AA==', end: 'AQ==' } },
    prevHash: '',
    hash: '',
    redacted: false,
    ...fields,
  };
}
