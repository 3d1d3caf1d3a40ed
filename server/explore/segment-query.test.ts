import { describe, expect, it } from 'vitest';
import { readSegmentQuery } from './segment-query.ts';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { field?: string }).field;
  }
  return null;
};

describe('readSegmentQuery', () => {
  it('reads repeated ids as any of, attributes by key, and defaults', () => {
    const query = readSegmentQuery({ codeId: ['pull', 'push', 'pull'], userId: ['consensus'], 'attr.sector': ['health', 'education'], q: ['  Cost '] });
    expect(query).toMatchObject({ codeIds: ['pull', 'push'], userIds: ['consensus'], documentIds: null, attributes: [{ key: 'sector', values: ['health', 'education'] }], q: 'Cost', includeSubcodes: false, cooccurrence: 'overlap', limit: 100, offset: 0, format: 'json', provenance: true });
  });

  it('reads a date as a whole UTC day and a date-time as given', () => {
    const query = readSegmentQuery({ from: ['2024-05-01'], to: ['2024-05-01'] });
    expect(new Date(query.from!).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(new Date(query.to!).toISOString()).toBe('2024-05-01T23:59:59.999Z');
    expect(readSegmentQuery({ from: ['2024-05-01T10:00:00+02:00'] }).from).toBe(Date.UTC(2024, 4, 1, 8));
  });

  it('names the parameter that is wrong', () => {
    expect(fieldOf(() => readSegmentQuery({ limit: ['501'] }))).toBe('limit');
    expect(fieldOf(() => readSegmentQuery({ limit: ['0'] }))).toBe('limit');
    expect(fieldOf(() => readSegmentQuery({ offset: ['-1'] }))).toBe('offset');
    expect(fieldOf(() => readSegmentQuery({ format: ['pdf'] }))).toBe('format');
    expect(fieldOf(() => readSegmentQuery({ cooccurrence: ['sentence'] }))).toBe('cooccurrence');
    expect(fieldOf(() => readSegmentQuery({ from: ['2024-02-30'] }))).toBe('from');
    expect(fieldOf(() => readSegmentQuery({ from: ['2024-05-02'], to: ['2024-05-01'] }))).toBe('to');
    expect(fieldOf(() => readSegmentQuery({ codeid: ['pull'] }))).toBe('codeid');
    expect(fieldOf(() => readSegmentQuery({ 'attr.bad key': ['x'] }))).toBe('attr.bad key');
    expect(fieldOf(() => readSegmentQuery({ q: ['x'.repeat(201)] }))).toBe('q');
    expect(fieldOf(() => readSegmentQuery({ codeId: Array.from({ length: 501 }, (_, i) => `c${i}`) }))).toBe('codeId');
    expect(fieldOf(() => readSegmentQuery({ includeSubcodes: ['yes'] }))).toBe('includeSubcodes');
  });
});
