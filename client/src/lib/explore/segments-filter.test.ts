import { describe, expect, it } from 'vitest';
import { filterChips } from './segments-chips.ts';
import { countSegmentFilters, emptySegmentFilter, isSegmentFilterSet, readSegmentFilter, segmentsApiQuery, writeSegmentFilter } from './segments-filter.ts';

describe('the segments filter in the address', () => {
  it('reads and writes the API’s parameter names, so other views can link to a filtered list', () => {
    const search = new URLSearchParams('codeId=cost&codeId=time&includeSubcodes=true&userId=ana&documentId=d1&attr.sector=Health&attr.sector=Education&q=county&from=2024-05-01&to=2024-05-31&cooccursWith=support&cooccurrence=unit&cooccurrenceBy=same');
    const filter = readSegmentFilter(search);
    expect(filter).toEqual({ codeIds: ['cost', 'time'], includeSubcodes: true, userIds: ['ana'], documentIds: ['d1'], attributes: { sector: ['Health', 'Education'] }, q: 'county', from: '2024-05-01', to: '2024-05-31', cooccursWith: 'support', cooccurrence: 'unit', cooccurrenceBy: 'same' });
    expect(writeSegmentFilter(filter).toString()).toBe(search.toString());
    expect(countSegmentFilters(filter)).toBe(7);
  });

  it('leaves out what is not set, and a malformed date', () => {
    expect(writeSegmentFilter(emptySegmentFilter).toString()).toBe('');
    expect(isSegmentFilterSet(readSegmentFilter(new URLSearchParams('from=yesterday&cooccurrence=unit')))).toBe(false);
  });

  it('asks the API for the reader’s local days, a page or an export', () => {
    const query = new URLSearchParams(segmentsApiQuery({ ...emptySegmentFilter, from: '2024-05-01', to: '2024-05-01' }, { limit: 100, offset: 200 }));
    expect(new Date(query.get('from')!).getTime()).toBe(new Date(2024, 4, 1).getTime());
    expect(new Date(query.get('to')!).getTime()).toBe(new Date(2024, 4, 2).getTime() - 1);
    expect([query.get('limit'), query.get('offset')]).toEqual(['100', '200']);
    expect(segmentsApiQuery({ ...emptySegmentFilter, codeIds: ['cost'] }, { format: 'xlsx' })).toBe('codeId=cost&format=xlsx');
  });
});

describe('filterChips', () => {
  const names = { codeName: (id: string) => id.toUpperCase(), coderName: (id: string) => `coder ${id}`, documentName: (id: string) => `doc ${id}`, fieldLabel: (key: string) => key };

  it('names each condition and removes only it', () => {
    const filter = { ...emptySegmentFilter, codeIds: ['cost', 'time'], includeSubcodes: true, q: 'county', attributes: { sector: ['Health'] }, cooccursWith: 'support', cooccurrence: 'unit' as const };
    const chips = filterChips(filter, names);
    expect(chips.map((c) => c.label)).toEqual(['COST and sub-codes', 'TIME and sub-codes', 'Memo: “county”', 'sector: Health', 'In the same turn as SUPPORT']);
    expect(chips[0]!.without.codeIds).toEqual(['time']);
    expect(chips[3]!.without.attributes).toEqual({});
    expect(chips[4]!.without).toMatchObject({ cooccursWith: '', cooccurrence: 'overlap', cooccurrenceBy: 'any', q: 'county' });
  });
});
