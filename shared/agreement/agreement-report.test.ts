import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement-error.ts';
import { buildAgreementReport, type AgreementReport, type MeasureResult } from './agreement-report.ts';
import type { AgreementStudy, StudyCoding } from './agreement-study.ts';
import { cohenKappa } from './cohen-kappa.ts';
import { continuumStudy } from './continuum-study.ts';
import { validateContinuum, type ContinuumInput } from './continuum.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { percentAgreement } from './percent-agreement.ts';
import { buildReliabilityData, type RawValue } from './reliability-data.ts';
import { createSeededRandom } from './seeded-random.ts';
import { disagreement2004 } from './unitizing-alpha-2004.ts';

type Vector = { id: string; measure: string; level: string | null; input: ContinuumInput & { type: string }; expected: number | null; undefined: boolean };
const vectors = (
  JSON.parse(readFileSync(new URL('../../tests/fixtures/agreement-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] }
).vectors.filter((v) => v.input.type === 'continuum');

function find(results: readonly MeasureResult[], measure: string, level?: string | null): MeasureResult {
  const r = results.find((x) => x.measure === measure && (level === undefined || x.level === level));
  if (r === undefined) throw new Error(`no ${measure} ${level ?? ''} in section`);
  return r;
}

function randomStudy(seed: number, options: { documents?: number; coders?: number; codes?: number; codings?: number } = {}): AgreementStudy {
  const random = createSeededRandom(seed);
  const documents = Array.from({ length: options.documents ?? 2 }, (_, d) => ({ id: `d${d}`, length: 50 + Math.floor(random() * 100) }));
  const coders = Array.from({ length: options.coders ?? 3 }, (_, c) => ({ id: `c${c}` }));
  const codes = Array.from({ length: options.codes ?? 3 }, (_, k) => ({ id: `k${k}`, domain: k % 2 === 0 ? 'even' : 'odd' }));
  const codings: StudyCoding[] = [];
  for (let i = 0; i < (options.codings ?? 40); i++) {
    const document = documents[Math.floor(random() * documents.length)] as { id: string; length: number };
    const start = Math.floor(random() * (document.length - 1));
    const end = Math.min(document.length, start + 1 + Math.floor(random() * 30));
    codings.push({
      documentId: document.id,
      coderId: (coders[Math.floor(random() * coders.length)] as { id: string }).id,
      codeId: (codes[Math.floor(random() * codes.length)] as { id: string }).id,
      start,
      end,
    });
  }
  return { documents, coders, codes, codings };
}

// The per-character reliability data the report compresses: one row per (character, code).
function characterRows(study: AgreementStudy, coderIds: readonly string[]): RawValue[][] {
  const rows: RawValue[][] = [];
  for (const document of study.documents) {
    for (const code of study.codes) {
      for (let x = 0; x < document.length; x++) {
        rows.push(
          coderIds.map((coderId) =>
            study.codings.some((c) => c.documentId === document.id && c.codeId === code.id && c.coderId === coderId && c.start <= x && x < c.end) ? 1 : 0,
          ),
        );
      }
    }
  }
  return rows;
}

describe('agreement report: same numbers as the single-measure path (KA2)', () => {
  const byCase = new Map<string, Vector[]>();
  for (const v of vectors) byCase.set(v.id.split('/')[0] as string, [...(byCase.get(v.id.split('/')[0] as string) ?? []), v]);

  it.each([...byCase.entries()])('%s', (_, list) => {
    const continuum = validateContinuum((list[0] as Vector).input);
    const report = buildAgreementReport(continuumStudy(continuum));
    const perCode = (code: string): readonly MeasureResult[] => report.perCode.find((c) => c.codeId === code)?.results ?? [];
    const checked: string[] = [];
    for (const v of list) {
      let r: MeasureResult | undefined;
      if (['u_alpha', 'binary_u_alpha', 'cu_alpha', 'Cu_alpha_domains'].includes(v.measure)) r = find(report.overall, v.measure);
      else if (v.measure === 'u_alpha_2004') r = v.level === 'overall' ? find(report.overall, v.measure) : find(perCode(v.level as string), v.measure);
      else if (v.measure === 'cu_alpha_within_domain') r = find(report.perDomain.find((d) => d.domain === v.level)?.results ?? [], v.measure);
      else if (v.measure === 'maxqda_segment_agreement') {
        if (!(v.level as string).endsWith('@90%')) continue;
        r = find(perCode((v.level as string).slice(0, -4)), v.measure);
      } else r = find(perCode(v.level as string), v.measure);
      if (v.undefined) expect(r.undefined, v.id).toBe(true);
      else expect(Math.abs((r.value as number) - (v.expected as number)), v.id).toBeLessThanOrEqual(1e-9);
      checked.push(v.id);
    }
    expect(checked.length).toBeGreaterThan(0);
  });
});

describe('agreement report: units (KA26–KA30)', () => {
  const study = randomStudy(11);
  const coderIds = study.coders.map((c) => c.id);

  it('KA27: character-level coefficients equal the uncompressed (character × code) data', () => {
    const report = buildAgreementReport(study);
    const data = buildReliabilityData({ data: characterRows(study, coderIds), categories: [0, 1] });
    expect(find(report.overall, 'krippendorff_alpha').value).toBeCloseTo(krippendorffAlpha(data).value as number, 12);
    expect(find(report.overall, 'percent_agreement').value).toBeCloseTo(percentAgreement(data).value as number, 12);
  });

  it('KA26: a two-document study gives the same additive measures as one concatenated document', () => {
    const [a, b] = study.documents as [{ id: string; length: number }, { id: string; length: number }];
    const joined: AgreementStudy = {
      ...study,
      documents: [{ id: 'all', length: a.length + b.length }],
      codings: study.codings.map((c) =>
        c.documentId === a.id ? { ...c, documentId: 'all' } : { ...c, documentId: 'all', start: c.start + a.length, end: c.end + a.length },
      ),
    };
    const split = buildAgreementReport(study);
    const one = buildAgreementReport(joined);
    for (const measure of ['fleiss_kappa', 'krippendorff_alpha', 'gwet_ac1', 'binary_u_alpha', 'nvivo_char_kappa', 'maxqda_segment_agreement']) {
      expect(find(split.overall, measure).value, measure).toBeCloseTo(find(one.overall, measure).value as number, 12);
    }
  });

  it('KA26: the 1995/2004 alpha concatenates documents with gaps cut at their boundaries', () => {
    const two: AgreementStudy = {
      documents: [{ id: 'x', length: 30 }, { id: 'y', length: 30 }],
      coders: [{ id: 'p' }, { id: 'q' }],
      codes: [{ id: 'A' }],
      codings: [
        { documentId: 'x', coderId: 'p', codeId: 'A', start: 2, end: 10 },
        { documentId: 'x', coderId: 'q', codeId: 'A', start: 4, end: 12 },
        { documentId: 'y', coderId: 'p', codeId: 'A', start: 20, end: 25 },
      ],
    };
    const d = disagreement2004(
      60,
      [[{ start: 2, end: 10, value: 0 }, { start: 50, end: 55, value: 0 }], [{ start: 4, end: 12, value: 0 }]],
      [30],
    );
    expect(find(buildAgreementReport(two).perCode[0]?.results ?? [], 'u_alpha_2004').value).toBeCloseTo(1 - d.observed / d.expected, 14);
  });

  it('KA28: transcript units count a coder present when any coding of the code overlaps the unit', () => {
    const small: AgreementStudy = {
      documents: [{ id: 't', length: 30 }],
      coders: [{ id: 'p' }, { id: 'q' }],
      codes: [{ id: 'A' }],
      codings: [
        { documentId: 't', coderId: 'p', codeId: 'A', start: 8, end: 12 },
        { documentId: 't', coderId: 'q', codeId: 'A', start: 11, end: 13 },
        { documentId: 't', coderId: 'q', codeId: 'A', start: 25, end: 26 },
      ],
    };
    const ranges = { t: [[0, 10], [10, 20], [20, 30]] as [number, number][] };
    const report = buildAgreementReport(small, { unit: { kind: 'unit', ranges } });
    // units: [p], [p, q], [q]
    const data = buildReliabilityData({ data: [[1, 0], [1, 1], [0, 1]], categories: [0, 1] });
    expect(find(report.overall, 'cohen_kappa')).toEqual({ measure: 'cohen_kappa', level: null, ...cohenKappa(data) });
    // p_o = 1/3, p_e = (2/3)(2/3) + (1/3)(1/3) = 5/9 → κ = −1/2
    expect(cohenKappa(data).value).toBeCloseTo(-0.5, 15);
    const byDocument = buildAgreementReport(small, { unit: { kind: 'document' } });
    expect(find(byDocument.overall, 'percent_agreement').value).toBe(1);
  });

  it('KA29: segment units group matching segments', () => {
    const small: AgreementStudy = {
      documents: [{ id: 't', length: 100 }],
      coders: [{ id: 'p' }, { id: 'q' }],
      codes: [{ id: 'A' }],
      codings: [
        { documentId: 't', coderId: 'p', codeId: 'A', start: 0, end: 10 },
        { documentId: 't', coderId: 'q', codeId: 'A', start: 1, end: 10 },
        { documentId: 't', coderId: 'p', codeId: 'A', start: 40, end: 50 },
      ],
    };
    const report = buildAgreementReport(small, { unit: { kind: 'segment', overlapThreshold: 90 } });
    expect(find(report.overall, 'percent_agreement').value).toBe(0.5);
    expect(find(report.overall, 'maxqda_segment_agreement').value).toBeCloseTo(2 / 3, 15);
  });

  it('KA30: excluding uncoded units drops units nobody in the comparison marked', () => {
    const report = buildAgreementReport(study, { excludeUncoded: true, measures: ['percent_agreement'] });
    const rows = characterRows(study, coderIds).filter((row) => row.some((v) => v === 1));
    expect(find(report.overall, 'percent_agreement').value).toBeCloseTo(
      percentAgreement(buildReliabilityData({ data: rows })).value as number,
      12,
    );
  });
});

describe('agreement report: sections and selection (KA25, KA31)', () => {
  const study = randomStudy(23);

  it('KA31: a coder-pair section equals a report on just that pair', () => {
    const report = buildAgreementReport(study);
    const pair = report.perCoderPair.find((p) => p.coderIds[0] === 'c0' && p.coderIds[1] === 'c2');
    const alone = buildAgreementReport(study, { coderIds: ['c0', 'c2'] });
    for (const r of alone.overall) {
      expect(find(pair?.results ?? [], r.measure, r.level), r.measure).toEqual(r);
    }
  });

  it('KA31: two-coder measures are undefined for more coders; NVivo averages over pairs', () => {
    const report = buildAgreementReport(study);
    expect(find(report.overall, 'cohen_kappa')).toMatchObject({ undefined: true, reason: 'notTwoCoders' });
    const pairs = report.perCoderPair.map((p) => find(p.results, 'nvivo_char_kappa').value as number);
    expect(find(report.overall, 'nvivo_char_kappa').value).toBeCloseTo(pairs.reduce((s, x) => s + x, 0) / pairs.length, 14);
  });

  it('KA15, KA31: partition measures are undefined when codings overlap within a coder', () => {
    const overlapping: AgreementStudy = {
      documents: [{ id: 't', length: 20 }],
      coders: [{ id: 'p' }, { id: 'q' }],
      codes: [{ id: 'A' }, { id: 'B' }],
      codings: [
        { documentId: 't', coderId: 'p', codeId: 'A', start: 0, end: 10 },
        { documentId: 't', coderId: 'p', codeId: 'B', start: 5, end: 15 },
        { documentId: 't', coderId: 'q', codeId: 'A', start: 0, end: 10 },
      ],
    };
    const report = buildAgreementReport(overlapping);
    expect(find(report.overall, 'u_alpha')).toMatchObject({ undefined: true, reason: 'overlappingSegments' });
    expect(find(report.overall, 'binary_u_alpha').undefined).toBe(false);
  });

  it('KA25: selects coders, documents and codes; breakdowns can be switched off', () => {
    const report = buildAgreementReport(study, {
      coderIds: ['c1', 'c0'],
      documentIds: ['d1'],
      codeIds: ['k2'],
      sections: { perDomain: false },
    });
    expect(report.coderIds).toEqual(['c1', 'c0']);
    expect(report.documentIds).toEqual(['d1']);
    expect(report.codeIds).toEqual(['k2']);
    expect(report.perCodeDocument).toEqual([]); // opt-in
    expect(report.perDomain).toEqual([]);
    expect(report.perCoderPair).toHaveLength(1);
    const rows = buildAgreementReport(study, { sections: { perCodeDocument: true } }).perCodeDocument;
    expect(rows).toHaveLength(study.documents.length * study.codes.length);
    const [first] = rows;
    const single = buildAgreementReport(study, { documentIds: [first?.documentId as string], codeIds: [first?.codeId as string] });
    for (const r of single.perCode[0]?.results ?? []) expect(find(first?.results ?? [], r.measure, r.level), r.measure).toEqual(r);
  });

  it('KA3, KA31: with fewer than two coders every measure is undefined', () => {
    const report: AgreementReport = buildAgreementReport(study, { coderIds: ['c0'] });
    expect(report.overall.length).toBeGreaterThan(0);
    expect(report.overall.every((r) => r.undefined && r.reason === 'tooFewCoders')).toBe(true);
  });

  it('KA25: rejects codings that do not fit the study, and unknown measures', () => {
    const bad = (codings: StudyCoding[]): (() => unknown) => () => buildAgreementReport({ ...study, codings });
    expect(bad([{ documentId: 'nope', coderId: 'c0', codeId: 'k0', start: 0, end: 1 }])).toThrow(AgreementError);
    expect(bad([{ documentId: 'd0', coderId: 'c0', codeId: 'k0', start: 0, end: 10_000 }])).toThrow(
      expect.objectContaining({ reason: 'segmentOutOfRange' }),
    );
    expect(() => buildAgreementReport(study, { measures: ['kappa'] })).toThrow(expect.objectContaining({ reason: 'unknownMeasure' }));
    expect(() => buildAgreementReport(study, { unit: { kind: 'document' }, measures: ['u_alpha'] })).toThrow(AgreementError);
    expect(() => buildAgreementReport(study, { coderIds: ['zz'] })).toThrow(AgreementError);
    expect(() => buildAgreementReport(study, { unit: { kind: 'segment', overlapThreshold: 0 } })).toThrow(AgreementError);
  });
});
