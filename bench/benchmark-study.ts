// The benchmark study of bench/agreement.ts, shared by the benches that measure the same study
// (matrix, retrieval, search): 17 transcripts × 60,000 characters, 3 coders, 40 codes and 6,000
// overlapping codings from one seeded generator. Importing this runs nothing.
import type { RandomSource } from '../shared/agreement/index.ts';

export const benchmarkStudy = {
  documentCount: 17,
  documentLength: 60_000,
  coderIds: ['ana', 'ben', 'cho'],
  codeCount: 40,
  codingCount: 6_000,
  seed: 20240611,
} as const;

/** One coding of the study: `document` and `coder` index `documentCount` and `coderIds`. */
export interface BenchmarkCoding {
  readonly document: number;
  readonly coder: number;
  readonly codeId: `code-${number}`;
  readonly start: number;
  readonly end: number;
}

/**
 * The study's codings. Each "passage" is a reference coding every coder sees; the coders then
 * disagree QDA-style: shifted boundaries, a different code now and then, an occasional miss
 * replaced by a stray coding. The same `random` sequence gives the same codings.
 *
 * @example
 * syntheticCodings(createSeededRandom(benchmarkStudy.seed)).length // 6000
 */
export function syntheticCodings(random: RandomSource): BenchmarkCoding[] {
  const { documentCount, documentLength, coderIds, codeCount, codingCount } = benchmarkStudy;
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const codings: BenchmarkCoding[] = [];
  for (let p = 0; p < codingCount / coderIds.length; p++) {
    const document = int(1, documentCount) - 1;
    const length = int(40, 900);
    const start = int(0, documentLength - length);
    const code = int(1, codeCount);
    for (let coder = 0; coder < coderIds.length; coder++) {
      let s = Math.max(0, start + int(-30, 30));
      let e = Math.min(documentLength, start + length + int(-30, 30));
      let codeId: `code-${number}` = `code-${code}`;
      const roll = random();
      if (roll < 0.08) codeId = `code-${int(1, codeCount)}`;
      else if (roll < 0.14) {
        const l = int(40, 900);
        s = int(0, documentLength - l);
        e = s + l;
      }
      if (e <= s) e = s + 1;
      codings.push({ document, coder, codeId, start: s, end: e });
    }
  }
  return codings;
}
