import { describe, expect, it } from 'vitest';
import { pairKey } from './agreement-snapshot.ts';
import { hostileStudy } from './export-fixture.test-support.ts';
import { sectionUnitCounts } from './unit-counts.ts';

describe('units compared per section', () => {
  it('KA27: on characters every character counts for each code, pooled codes multiply', () => {
    const counts = sectionUnitCounts(hostileStudy, { unit: { kind: 'character' }, excludeUncoded: false });
    expect(counts.perCode.hope).toBe(160);
    expect(counts.overall).toBe(160 * 3);
    expect(counts.perDocument.d2).toBe(60 * 3);
    expect(counts.perCodeDocument[pairKey('hope', 'd1')]).toBe(100);
    expect(counts.perCoderPair[pairKey('ana', 'ben')]).toBe(480);
  });

  it('KA30: excluding uncoded text counts only characters some compared coder coded', () => {
    const counts = sectionUnitCounts(hostileStudy, { unit: { kind: 'character' }, excludeUncoded: true });
    expect(counts.perCode.hope).toBe(40 + 20);
    expect(counts.perCode.rare).toBe(10);
    expect(counts.perCode.none).toBe(0);
    expect(counts.perCodeDocument[pairKey('hope', 'd2')]).toBe(20);
  });

  it('KA28: whole documents count one unit per document and code', () => {
    const counts = sectionUnitCounts(hostileStudy, { unit: { kind: 'document' }, excludeUncoded: false });
    expect(counts.perCode.hope).toBe(2);
    expect(counts.overall).toBe(6);
    expect(sectionUnitCounts(hostileStudy, { unit: { kind: 'document' }, excludeUncoded: true }).overall).toBe(3);
  });

  it('respects the selection of documents', () => {
    const counts = sectionUnitCounts(hostileStudy, { unit: { kind: 'character' }, excludeUncoded: false, documentIds: ['d2'] });
    expect(counts.perCode.hope).toBe(60);
    expect(Object.keys(counts.perDocument)).toEqual(['d2']);
  });
});
