import { describe, expect, it } from 'vitest';
import { codeDomains } from './code-domains.ts';
import { computeLoci } from './disagreement-loci.ts';
import { exampleCodes as codes, example1, example4, coding } from './worked-examples.ts';

const summary = (loci: ReturnType<typeof computeLoci>) =>
  loci.map((l) => ({ type: l.type, range: [l.start, l.end], codings: l.versions.map((v) => v.codingId), missing: l.missingCoderIds }));

describe('code domains', () => {
  it('RC1: stage codes and their sub-codes share the exclusive stage domain; domains are exclusive; other codes are binary', () => {
    const domains = codeDomains(codes);
    expect(domains.get('push.training')).toEqual({ domainId: 'stages', exclusive: true, codeId: 'push' });
    expect(domains.get('pull')).toEqual({ domainId: 'stages', exclusive: true, codeId: 'pull' });
    expect(domains.get('trust')).toEqual({ domainId: 'domain:Mechanisms', exclusive: true, codeId: 'trust' });
    expect(domains.get('barriers')).toEqual({ domainId: 'code:barriers', exclusive: false, codeId: 'barriers' });
  });

  it('RC1: survives a parent cycle', () => {
    const cyclic = codeDomains([
      { id: 'a', parentId: 'b', isStage: false, domain: null },
      { id: 'b', parentId: 'a', isStage: false, domain: null },
    ]);
    expect(cyclic.get('a')?.domainId).toBe('code:a');
  });
});

describe('disagreement loci', () => {
  it('RC2/RC3: worked example 1 gives L1 granularity, L2 boundary, L3 omission, L4 agreed in the stage domain', () => {
    const loci = computeLoci({ documentId: 'P1', coderIds: ['A', 'B'], codes, codings: example1 }).filter((l) => l.domainId === 'stages');
    expect(summary(loci)).toEqual([
      { type: 'granularity', range: [0, 260], codings: ['a1', 'b1', 'a2'], missing: [] },
      { type: 'boundary', range: [290, 430], codings: ['b2', 'a3'], missing: [] },
      { type: 'omission', range: [440, 480], codings: ['b3'], missing: ['A'] },
      { type: 'agreed', range: [500, 650], codings: ['a4', 'b4'], missing: [] },
    ]);
    // a2 was coded as a sub-code of push and counts as push.
    expect(loci[0]!.versions.find((v) => v.codingId === 'a2')).toMatchObject({ codeId: 'push', appliedCodeId: 'push.training' });
  });

  it('RC1: a thematic code is compared on its own: barriers, coded by A only, is an omission of B', () => {
    const barriers = computeLoci({ documentId: 'P1', coderIds: ['A', 'B'], codes, codings: example1 }).filter((l) => l.domainId === 'code:barriers');
    expect(summary(barriers)).toEqual([{ type: 'omission', range: [600, 700], codings: ['a5'], missing: ['B'] }]);
  });

  it('RC2/RC3: worked example 4 gives M1 code conflict over [300,425) and M2 omission of B', () => {
    const loci = computeLoci({ documentId: 'P3', coderIds: ['A', 'B', 'C'], codes, codings: example4 });
    expect(summary(loci)).toEqual([
      { type: 'codeConflict', range: [300, 425], codings: ['x1', 'x2', 'x3'], missing: [] },
      { type: 'omission', range: [500, 640], codings: ['x4', 'x5'], missing: ['B'] },
    ]);
    expect(loci[0]!.codeIds).toEqual(['cocreation', 'pull']);
  });

  it('RC2: links only codings that overlap by at least half of the shorter one, so long barely-touching segments do not chain', () => {
    const loci = computeLoci({
      documentId: 'D',
      coderIds: ['A', 'B'],
      codes,
      codings: [coding('a', 'A', 'pull', 0, 100), coding('b', 'B', 'pull', 60, 300), coding('c', 'B', 'pull', 0, 100)],
    });
    // a–b overlap 40 of the shorter 100 (< 0.5): not linked; a–c are the same passage.
    expect(summary(loci)).toEqual([
      { type: 'agreed', range: [0, 100], codings: ['a', 'c'], missing: [] },
      { type: 'omission', range: [60, 300], codings: ['b'], missing: ['A'] },
    ]);
  });

  it('RC3: flags combine and the type follows their precedence', () => {
    const [locus] = computeLoci({
      documentId: 'D',
      coderIds: ['A', 'B', 'C'],
      codes,
      codings: [coding('a1', 'A', 'trust', 0, 50), coding('a2', 'A', 'trust', 50, 100), coding('b', 'B', 'capacity', 0, 100)],
    });
    expect(locus!.flags).toEqual(['codeConflict', 'omission']);
    expect(locus!.type).toBe('codeConflict');
    const [split] = computeLoci({ documentId: 'D', coderIds: ['A', 'B'], codes, codings: [coding('a1', 'A', 'pull', 0, 60), coding('a2', 'A', 'pull', 60, 120), coding('b1', 'B', 'pull', 0, 60), coding('b2', 'B', 'pull', 58, 120)] });
    // Both coders split the passage alike: their k-th codings are compared, and they agree.
    expect(split!.flags).toEqual(['agreed']);
  });

  it('RC4: ids are stable for the same codings and change when a coding in the locus changes', () => {
    const first = computeLoci({ documentId: 'P3', coderIds: ['A', 'B', 'C'], codes, codings: example4 });
    const again = computeLoci({ documentId: 'P3', coderIds: ['A', 'B', 'C'], codes, codings: [...example4].reverse() });
    expect(again.map((l) => l.id)).toEqual(first.map((l) => l.id));
    const edited = computeLoci({ documentId: 'P3', coderIds: ['A', 'B', 'C'], codes, codings: [...example4.slice(0, 4), coding('x5b', 'C', 'cocreation', 500, 640)] });
    expect(edited[0]!.id).toBe(first[0]!.id);
    expect(edited[1]!.id).not.toBe(first[1]!.id);
    expect(new Set(first.map((l) => l.id)).size).toBe(first.length);
  });

  it('RC1: ignores codings of codes that are not in the codebook and empty ranges', () => {
    const loci = computeLoci({ documentId: 'D', coderIds: ['A'], codes, codings: [coding('g', 'A', 'ghost', 0, 10), coding('e', 'A', 'pull', 5, 5)] });
    expect(loci).toEqual([]);
  });
});
