import { describe, expect, it } from 'vitest';
import { buildAgreementReport, type AgreementReport, type MeasureResult } from './agreement-report.ts';
import type { AgreementStudy, StudyCoding } from './agreement-study.ts';
import { cohenKappa } from './cohen-kappa.ts';
import { fleissKappa } from './fleiss-kappa.ts';
import { gwetAc1 } from './gwet-ac1.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { percentAgreement } from './percent-agreement.ts';
import { buildReliabilityData, type RawValue } from './reliability-data.ts';
import { createSeededRandom } from './seeded-random.ts';
import { studyReliabilityData } from './study-reliability-data.ts';

// SPEC KA33: a document's `coderIds` are the coders who coded it; every other coder is missing there.

const coders = [{ id: 'ana' }, { id: 'ben' }, { id: 'cy' }];
const codes = [{ id: 'hope' }, { id: 'fear' }];

/** A random study: three documents, each coded by the coders `present[d]` names (and noise by others). */
function randomStudy(seed: number, present: readonly (readonly string[])[]): AgreementStudy {
  const random = createSeededRandom(seed);
  const documents = present.map((ids, d) => ({ id: `d${d}`, length: 30 + d * 7, coderIds: ids }));
  const codings: StudyCoding[] = [];
  for (const document of documents) {
    for (const coder of coders) {
      for (let i = 0; i < 4; i++) {
        const start = Math.floor(random() * (document.length - 1));
        const end = start + 1 + Math.floor(random() * Math.min(8, document.length - start - 1));
        codings.push({ documentId: document.id, coderId: coder.id, codeId: codes[Math.floor(random() * codes.length)]!.id, start, end });
      }
    }
  }
  return { documents, coders, codes, codings };
}

/**
 * The character-unit reliability data straight from the definition: one unit per character per
 * code, 1 where the coder's codings cover it, 0 where they do not, null where the coder is missing.
 */
function characterMatrix(study: AgreementStudy, coderIds: readonly string[]): RawValue[][] {
  const rows: RawValue[][] = [];
  for (const code of study.codes) {
    for (const document of study.documents) {
      for (let x = 0; x < document.length; x++) {
        rows.push(
          coderIds.map((coderId) => {
            if (document.coderIds && !document.coderIds.includes(coderId)) return null;
            return study.codings.some((c) => c.documentId === document.id && c.coderId === coderId && c.codeId === code.id && c.start <= x && x < c.end) ? 1 : 0;
          }),
        );
      }
    }
  }
  return rows;
}

const measureOf = (results: readonly MeasureResult[], measure: string): MeasureResult => results.find((r) => r.measure === measure)!;
const pairOf = (report: AgreementReport, a: string, b: string) => report.perCoderPair.find((p) => p.coderIds[0] === a && p.coderIds[1] === b)!.results;

describe('per-document coders (SPEC KA33)', () => {
  it('computes the coefficient measures with a missing coder’s values as not coded, as the definition does', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const study = randomStudy(seed, [['ana', 'ben'], ['ben', 'cy'], ['ana', 'ben', 'cy']]);
      const report = buildAgreementReport(study, { unit: { kind: 'character' }, sections: { perCode: false, perDocument: false } });
      const data = buildReliabilityData({ data: characterMatrix(study, ['ana', 'ben', 'cy']), categories: ['0', '1'] });
      expect(measureOf(report.overall, 'krippendorff_alpha').value).toBeCloseTo(krippendorffAlpha(data).value!, 12);
      expect(measureOf(report.overall, 'fleiss_kappa').value).toBeCloseTo(fleissKappa(data).value!, 12);
      expect(measureOf(report.overall, 'gwet_ac1').value).toBeCloseTo(gwetAc1(data).value!, 12);
      expect(measureOf(report.overall, 'percent_agreement').value).toBeCloseTo(percentAgreement(data).value!, 12);
      // A pair compares the units both coded: ana and cy only meet in the third document.
      const pair = buildReliabilityData({ data: characterMatrix(study, ['ana', 'cy']), categories: ['0', '1'] });
      expect(measureOf(pairOf(report, 'ana', 'cy'), 'cohen_kappa').value).toBeCloseTo(cohenKappa(pair).value!, 12);
      expect(measureOf(pairOf(report, 'ana', 'cy'), 'krippendorff_alpha').value).toBeCloseTo(krippendorffAlpha(pair).value!, 12);
    }
  });

  it('gives the report it gave before when every document names every coder', () => {
    const study = randomStudy(7, [['ana', 'ben', 'cy'], ['cy', 'ben', 'ana'], ['ana', 'ben', 'cy']]);
    const without = { ...study, documents: study.documents.map(({ id, length }) => ({ id, length })) };
    expect(buildAgreementReport(study, { unit: { kind: 'character' } })).toEqual(buildAgreementReport(without, { unit: { kind: 'character' } }));
  });

  it('ignores codings by a coder missing in their document', () => {
    const study = randomStudy(8, [['ana', 'ben'], ['ben', 'cy'], ['ana', 'ben', 'cy']]);
    const stray = { ...study, codings: [...study.codings, { documentId: 'd0', coderId: 'cy', codeId: 'hope', start: 0, end: 20 }] };
    expect(buildAgreementReport(stray, { unit: { kind: 'character' } })).toEqual(buildAgreementReport(study, { unit: { kind: 'character' } }));
  });

  it('compares a pair’s continua over the documents both coded, and leaves a three-coder continuum undefined', () => {
    const study = randomStudy(9, [['ana', 'ben'], ['ben', 'cy'], ['ana', 'ben', 'cy']]);
    const report = buildAgreementReport(study, { unit: { kind: 'character' } });
    // ana–cy on the third document only, as if the study had only that document.
    const third = buildAgreementReport({ ...study, documents: [study.documents[2]!], codings: study.codings.filter((c) => c.documentId === 'd2') }, { unit: { kind: 'character' } });
    for (const measure of ['u_alpha', 'binary_u_alpha', 'nvivo_char_kappa', 'maxqda_segment_agreement']) {
      const got = measureOf(pairOf(report, 'ana', 'cy'), measure);
      const want = measureOf(pairOf(third, 'ana', 'cy'), measure);
      expect(got.undefined ? null : got.value, measure).toBeCloseTo(want.value!, 12);
    }
    for (const measure of ['u_alpha', 'binary_u_alpha', 'cu_alpha', 'u_alpha_2004']) {
      expect(measureOf(report.overall, measure), measure).toMatchObject({ undefined: true, reason: 'unequalCoderSets' });
    }
    // A document all three coded still has every measure.
    const perDocument = report.perDocument.find((d) => d.documentId === 'd2')!.results;
    expect(measureOf(perDocument, 'binary_u_alpha').undefined).toBe(false);
  });

  it('refuses a document naming an unknown coder', () => {
    const study = randomStudy(10, [['ana', 'ben'], ['ben', 'zed'], ['ana']]);
    expect(() => buildAgreementReport(study)).toThrow(/unknown coder "zed"/);
  });
});

describe('the bootstrap’s data with per-document coders', () => {
  it('is the report’s overall alpha data: missing coders are not coded there too', () => {
    const study = randomStudy(11, [['ana', 'ben'], ['ben', 'cy'], ['ana', 'ben', 'cy']]);
    const report = buildAgreementReport(study, { unit: { kind: 'character' }, sections: { perCode: false, perDocument: false, perCoderPair: false } });
    expect(krippendorffAlpha(studyReliabilityData(study, { unit: { kind: 'character' } })).value).toBeCloseTo(measureOf(report.overall, 'krippendorff_alpha').value!, 12);
  });
});
