import { describe, expect, it } from 'vitest';
import { dayBoundary, defaultHistoryFilter, historyQuery, isFiltered, matchesKind, readHistoryFilter, writeHistoryFilter } from './history-filter.ts';

describe('history filter', () => {
  it('reads the address, leaving out what is malformed', () => {
    expect(readHistoryFilter(new URLSearchParams('document=d1&user=u2&type=codebook&since=2026-03-01&until=2026-03-12&order=oldest'))).toEqual({
      documentId: 'd1',
      userId: 'u2',
      kind: 'codebook',
      since: '2026-03-01',
      until: '2026-03-12',
      order: 'oldest',
    });
    expect(readHistoryFilter(new URLSearchParams('type=everything&since=2026-02-30&until=yesterday&order=sideways'))).toEqual(defaultHistoryFilter);
  });

  it('writes only what differs from the default, so a plain timeline has a plain address', () => {
    expect(writeHistoryFilter(defaultHistoryFilter).toString()).toBe('');
    const filter = { ...defaultHistoryFilter, documentId: 'd&1', userId: 'u1', kind: 'reverts' as const, order: 'oldest' as const };
    expect(writeHistoryFilter(filter).toString()).toBe('document=d%261&user=u1&type=reverts&order=oldest');
    expect(readHistoryFilter(writeHistoryFilter(filter))).toEqual(filter);
  });

  it('turns a filter and a page into the server query, with local days as ISO bounds', () => {
    expect(historyQuery(defaultHistoryFilter, { afterSeq: 0, limit: 200 })).toBe('afterSeq=0&limit=200');
    expect(historyQuery({ ...defaultHistoryFilter, userId: 'u1', kind: 'decisions' }, { afterSeq: 200, limit: 200 })).toBe('userId=u1&type=decision.made&afterSeq=200&limit=200');
    expect(new URLSearchParams(historyQuery({ ...defaultHistoryFilter, kind: 'reverts' }, { afterSeq: 0, limit: 1 })).get('type')).toBe('history.reverted');
    const query = new URLSearchParams(historyQuery({ ...defaultHistoryFilter, documentId: 'd1', since: '2026-03-01', until: '2026-03-12' }, { afterSeq: 0, limit: 50 }));
    expect(query.get('documentId')).toBe('d1');
    expect(query.get('since')).toBe(new Date(2026, 2, 1).toISOString());
    expect(query.get('until')).toBe(new Date(2026, 2, 12, 23, 59, 59, 999).toISOString());
    expect(dayBoundary('2026-03-12', true)).toBe(query.get('until'));
  });

  it('asks the server for every type when a kind has several, and narrows here', () => {
    for (const kind of ['codings', 'codebook', 'rounds'] as const) expect(new URLSearchParams(historyQuery({ ...defaultHistoryFilter, kind }, { afterSeq: 0, limit: 10 })).has('type')).toBe(false);
    const types = ['coding.added', 'coding.changed', 'coding.removed', 'code.changed', 'code.merged', 'decision.made', 'round.changed', 'round.submitted', 'history.reverted'];
    expect(types.filter((type) => matchesKind({ type }, 'codings'))).toEqual(['coding.added', 'coding.changed', 'coding.removed']);
    expect(types.filter((type) => matchesKind({ type }, 'codebook'))).toEqual(['code.changed', 'code.merged']);
    expect(types.filter((type) => matchesKind({ type }, 'rounds'))).toEqual(['round.changed', 'round.submitted']);
    expect(types.filter((type) => matchesKind({ type }, 'decisions'))).toEqual(['decision.made']);
    expect(types.filter((type) => matchesKind({ type }, 'all'))).toEqual(types);
  });

  it('knows whether anything narrows the timeline (the order does not)', () => {
    expect(isFiltered({ ...defaultHistoryFilter, order: 'oldest' })).toBe(false);
    expect(isFiltered({ ...defaultHistoryFilter, since: '2026-03-01' })).toBe(true);
  });
});
