import { describe, expect, it } from 'vitest';
import { computeLoci } from './disagreement-loci.ts';
import { example4, exampleCodes as example4Codes } from './worked-examples.ts';
import { preMerge, type PreMergeOutcome, type PreMergeStrategy } from './pre-merge.ts';

const loci = computeLoci({ documentId: 'P3', coderIds: ['A', 'B', 'C'], codes: example4Codes, codings: example4 });
const [m1, m2] = loci as [(typeof loci)[number], (typeof loci)[number]];

/** What a row of the spec's table says: merged code and range, confidence, dissent — or the reason. */
const row = (outcome: PreMergeOutcome) =>
  outcome.merged ? { merged: outcome.result.map((r) => `${r.codeId} [${r.start},${r.end})`).join(', '), confidence: Number(outcome.confidence.toFixed(3)), dissent: outcome.dissent } : { reason: outcome.reason };

const run = (strategy: PreMergeStrategy) => preMerge(loci, strategy).map(row);

describe('pre-merge on worked example 4', () => {
  it('RC5: completeAgreement merges neither M1 (code conflict) nor M2 (omission)', () => {
    expect(run({ kind: 'completeAgreement' })).toEqual([{ reason: 'codeConflict' }, { reason: 'omission' }]);
  });

  it('RC6: incompleteAgreement merges M2, where everyone who coded agrees', () => {
    expect(run({ kind: 'incompleteAgreement' })).toEqual([{ reason: 'codeConflict' }, { merged: 'cocreation [500,640)', confidence: 1, dissent: [] }]);
  });

  it('RC7: threshold {2, 0.6, annotated} merges pull for M1 with C dissenting, and M2 with confidence 1', () => {
    expect(run({ kind: 'threshold', userThreshold: 2, confidence: 0.6, denominator: 'annotated' })).toEqual([
      { merged: 'pull [300,420)', confidence: 0.667, dissent: ['C'] },
      { merged: 'cocreation [500,640)', confidence: 1, dissent: [] },
    ]);
  });

  it('RC7: threshold {2, 0.75, annotated} leaves M1 open with its reason', () => {
    expect(run({ kind: 'threshold', userThreshold: 2, confidence: 0.75, denominator: 'annotated' })).toEqual([
      { reason: 'confidence 0.67 < 0.75' },
      { merged: 'cocreation [500,640)', confidence: 1, dissent: [] },
    ]);
  });

  it('RC7: threshold {2, 0.6, assigned} counts B as "no" on M2', () => {
    expect(run({ kind: 'threshold', userThreshold: 2, confidence: 0.6, denominator: 'assigned' })).toEqual([
      { merged: 'pull [300,420)', confidence: 0.667, dissent: ['C'] },
      { merged: 'cocreation [500,640)', confidence: 0.667, dissent: ['B'] },
    ]);
  });

  it('RC7: a tie, too few votes, or supporting codings that disagree on boundaries stay open', () => {
    const tie = computeLoci({ documentId: 'D', coderIds: ['A', 'B'], codes: example4Codes, codings: [{ id: 'a', coderId: 'A', codeId: 'pull', start: 0, end: 100 }, { id: 'b', coderId: 'B', codeId: 'push', start: 0, end: 100 }] });
    expect(preMerge(tie, { kind: 'threshold', userThreshold: 1, confidence: 0.1, denominator: 'annotated' }).map(row)).toEqual([{ reason: 'tie' }]);
    expect(preMerge([m2], { kind: 'threshold', userThreshold: 3, confidence: 0.1, denominator: 'annotated' }).map(row)).toEqual([{ reason: 'votes 2 < 3' }]);
    const loose = computeLoci({ documentId: 'D', coderIds: ['A', 'B'], codes: example4Codes, codings: [{ id: 'a', coderId: 'A', codeId: 'pull', start: 0, end: 100 }, { id: 'b', coderId: 'B', codeId: 'pull', start: 20, end: 100 }] });
    expect(preMerge(loose, { kind: 'threshold', userThreshold: 2, confidence: 0.5, denominator: 'annotated' }).map(row)).toEqual([{ reason: 'boundary review needed' }]);
  });

  it('RC8: every merged locus records its strategy and sources; a re-merge leaves decided loci alone', () => {
    const strategy: PreMergeStrategy = { kind: 'threshold', userThreshold: 2, confidence: 0.6, denominator: 'annotated' };
    const outcomes = preMerge(loci, strategy);
    expect(outcomes.filter((o) => o.merged)).toHaveLength(2);
    for (const outcome of outcomes) if (outcome.merged) expect(outcome.strategy).toEqual(strategy);
    expect(outcomes[0]).toMatchObject({ sourceCodingIds: ['x1', 'x2'] });
    expect(preMerge(loci, strategy, { decided: new Set([m1.id]) }).map((o) => o.locusId)).toEqual([m2.id]);
  });
});

describe('pre-merge on worked example 1', () => {
  it('RC8: completeAgreement merges L4 as cocreation [500,650), the union, or [500,640) as the intersection', () => {
    const example1 = computeLoci({
      documentId: 'P1',
      coderIds: ['A', 'B'],
      codes: example4Codes,
      codings: [
        { id: 'a4', coderId: 'A', codeId: 'cocreation', start: 500, end: 640 },
        { id: 'b4', coderId: 'B', codeId: 'cocreation', start: 500, end: 650 },
      ],
    });
    expect(preMerge(example1, { kind: 'completeAgreement' }).map(row)).toEqual([{ merged: 'cocreation [500,650)', confidence: 1, dissent: [] }]);
    expect(preMerge(example1, { kind: 'completeAgreement' }, { agreedRange: 'intersection' }).map(row)).toEqual([{ merged: 'cocreation [500,640)', confidence: 1, dissent: [] }]);
  });
});
