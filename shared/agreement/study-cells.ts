import type { StudyIndex } from './agreement-study.ts';
import { characterPatterns, rangePatterns, segmentPatterns, type PatternHistogram } from './coder-patterns.ts';
import { mergeOverlapping, type ValuedUnit } from './continuum.ts';
import { segmentAgreementCounts } from './maxqda-segment-agreement.ts';
import { mergedCharacterCounts } from './nvivo-character-agreement.ts';
import {
  disagreement2004,
  disagreement2004Prepared,
  prepareCoder2004,
  type Coder2004,
  type Disagreement2004,
} from './unitizing-alpha-2004.ts';
import { tallyUnitizing, type UnitizingTally } from './unitizing-coincidences.ts';

/** How units are cut for the coefficient measures of a report (SPEC KA27–KA29). */
export type CellUnit =
  | { readonly kind: 'character' }
  | { readonly kind: 'segment'; readonly overlapThreshold: number }
  | { readonly kind: 'unit'; readonly ranges: readonly (readonly (readonly [number, number])[])[] }
  | { readonly kind: 'document' };

/** Which families of cell structures a report needs (the rest are not computed). */
export type CellNeeds = {
  readonly unitizing: boolean;
  readonly alpha2004: boolean;
  readonly nvivo: boolean;
  /** MAXQDA overlap threshold in %, or null when MAXQDA-style agreement is not wanted. */
  readonly maxqdaThreshold: number | null;
  /** Per-domain code lists (indices into `index.codes`). */
  readonly domainCodes: readonly (readonly number[])[];
};

/**
 * A binary continuum in compressed form: character-level coder-presence histogram plus each
 * coder's Σ ℓ² over units — enough for |u-alpha of any coder subset (`binaryTallyFromPatterns`).
 */
export type BinaryCell = {
  readonly characters: PatternHistogram;
  /** Σ ℓ² of each coder's units. */
  readonly squaredLength: Float64Array;
};

/**
 * The per-cell structures of a study, computed once (SPEC KA25–KA26): a cell is one document × one
 * code (index d·K + k), or one document for whole-codebook structures; "pair" arrays follow `pairs`.
 * A report's sections are sums over cells, so every number of every section comes from these.
 */
export type StudyCells = {
  readonly index: StudyIndex;
  readonly documentCount: number;
  readonly codeCount: number;
  readonly pairs: readonly (readonly [number, number])[];
  /** Coder-presence histogram of each cell over all selected coders, in the report's unit. */
  readonly patterns: readonly PatternHistogram[];
  /** Segment unit only: histograms regrouped for each pair (groups depend on who takes part). */
  readonly pairPatterns: readonly (readonly PatternHistogram[])[] | null;
  /** Character-level binary cell of each code (the code against everything else). */
  readonly codeBinary: readonly BinaryCell[];
  /** Per document: the union of all codes; per domain, per document: the union of its codes. */
  readonly unionBinary: readonly BinaryCell[];
  readonly domainBinary: readonly (readonly BinaryCell[])[];
  /** Per document: tally with the codes as values, or null where some coder's codings overlap. */
  readonly codePartition: readonly (UnitizingTally | null)[];
  readonly pairCodePartition: readonly (readonly (UnitizingTally | null)[])[];
  /** Per document: tally with the semantic domains as values (codes without a domain are gap). */
  readonly domainPartition: readonly (UnitizingTally | null)[];
  readonly pairDomainPartition: readonly (readonly (UnitizingTally | null)[])[];
  /** Per domain, per document: tally with that domain's codes as values. */
  readonly withinDomainPartition: readonly (readonly (UnitizingTally | null)[])[];
  /** 1995/2004 disagreements of each cell, of each code over all documents, and per pair. */
  readonly cell2004: readonly Disagreement2004[];
  readonly code2004: readonly Disagreement2004[];
  readonly pairCode2004: readonly (readonly Disagreement2004[])[];
  /** NVivo counts at ((d·K + k)·P + p)·4: total, a, b, both. */
  readonly characterCounts: Float64Array;
  /** MAXQDA counts at ((d·K + k)·P + p)·2: agreements, non-agreements. */
  readonly segmentCounts: Float64Array;
};

function pairsOf(m: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) pairs.push([i, j]);
  return pairs;
}

function binaryCell(length: number, coders: readonly (readonly ValuedUnit[])[]): BinaryCell {
  const squaredLength = new Float64Array(coders.length);
  coders.forEach((units, c) => {
    let sum = 0;
    for (const u of units) sum += (u.end - u.start) ** 2;
    squaredLength[c] = sum;
  });
  return { characters: characterPatterns(length, coders), squaredLength };
}

/**
 * Tally of the coders' codings with `valueOf(code)` as value (−1: treat as gap), or null when some
 * coder's kept codings overlap (they do not form a partition, SPEC KA15).
 */
function partitionTally(
  length: number,
  byCode: readonly (readonly (readonly ValuedUnit[])[])[],
  coders: readonly number[],
  valueCount: number,
  valueOf: (code: number) => number,
): UnitizingTally | null {
  const units: ValuedUnit[][] = [];
  for (const c of coders) {
    const kept: ValuedUnit[] = [];
    for (let k = 0; k < byCode.length; k++) {
      const value = valueOf(k);
      if (value < 0) continue;
      for (const s of byCode[k]?.[c] ?? []) kept.push(s.value === value ? s : { start: s.start, end: s.end, value });
    }
    kept.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < kept.length; i++) {
      if ((kept[i] as ValuedUnit).start < (kept[i - 1] as ValuedUnit).end) return null;
    }
    units.push(kept);
  }
  return tallyUnitizing(length, units, valueCount);
}

function unionUnits(byCode: readonly (readonly (readonly ValuedUnit[])[])[], codes: readonly number[], coder: number): ValuedUnit[] {
  const all: ValuedUnit[] = [];
  for (const k of codes) for (const u of byCode[k]?.[coder] ?? []) all.push(u);
  return mergeOverlapping(all, 0);
}

/**
 * Computes the cells of an indexed study for one way of cutting units and the measures wanted.
 *
 * @example
 * const cells = createStudyCells(indexStudy(study), { kind: 'character' }, needs);
 * cells.patterns[0] // histogram of document 0, code 0
 */
export function createStudyCells(index: StudyIndex, unit: CellUnit, needs: CellNeeds): StudyCells {
  const D = index.documents.length;
  const K = index.codes.length;
  const m = index.coderIds.length;
  const coders = index.coderIds.map((_, c) => c);
  const pairs = pairsOf(m);
  const P = pairs.length;
  const G = needs.domainCodes.length;
  const lengthOf = (d: number): number => (index.documents[d] as { length: number }).length;

  const patterns: PatternHistogram[] = [];
  const pairPatterns: PatternHistogram[][] | null = unit.kind === 'segment' ? pairs.map(() => []) : null;
  const codeBinary: BinaryCell[] = [];
  for (let d = 0; d < D; d++) {
    for (let k = 0; k < K; k++) {
      const units = index.units[d]?.[k] ?? [];
      const binary = unit.kind === 'character' || needs.unitizing ? binaryCell(lengthOf(d), units) : null;
      if (binary !== null) codeBinary.push(binary);
      switch (unit.kind) {
        case 'character':
          patterns.push((binary as BinaryCell).characters);
          break;
        case 'unit':
          patterns.push(rangePatterns(unit.ranges[d] ?? [], units));
          break;
        case 'document':
          patterns.push(rangePatterns(lengthOf(d) > 0 ? [[0, lengthOf(d)]] : [], units));
          break;
        case 'segment':
          patterns.push(segmentPatterns(units, unit.overlapThreshold));
          pairs.forEach(([a, b], p) =>
            pairPatterns?.[p]?.push(segmentPatterns([units[a] ?? [], units[b] ?? []], unit.overlapThreshold)),
          );
          break;
      }
    }
  }

  const unionBinary: BinaryCell[] = [];
  const domainBinary: BinaryCell[][] = needs.domainCodes.map(() => []);
  const codePartition: (UnitizingTally | null)[] = [];
  const pairCodePartition: (UnitizingTally | null)[][] = pairs.map(() => []);
  const domainPartition: (UnitizingTally | null)[] = [];
  const pairDomainPartition: (UnitizingTally | null)[][] = pairs.map(() => []);
  const withinDomain: (UnitizingTally | null)[][] = needs.domainCodes.map(() => []);
  if (needs.unitizing) {
    const domainOf = new Int32Array(K).fill(-1);
    needs.domainCodes.forEach((codes, g) => codes.forEach((k) => (domainOf[k] = g)));
    const allCodes = index.codes.map((_, k) => k);
    const byDomainValue = needs.domainCodes.map((codes) => {
      const value = new Int32Array(K).fill(-1);
      codes.forEach((k, i) => (value[k] = i));
      return value;
    });
    for (let d = 0; d < D; d++) {
      const L = lengthOf(d);
      const byCode = index.segments[d] ?? [];
      unionBinary.push(
        binaryCell(
          L,
          coders.map((c) => unionUnits(byCode, allCodes, c)),
        ),
      );
      for (let g = 0; g < G; g++) {
        const codes = needs.domainCodes[g] ?? [];
        domainBinary[g]?.push(
          binaryCell(
            L,
            coders.map((c) => unionUnits(byCode, codes, c)),
          ),
        );
        const value = byDomainValue[g] as Int32Array;
        withinDomain[g]?.push(partitionTally(L, byCode, coders, codes.length, (k) => value[k] as number));
      }
      codePartition.push(partitionTally(L, byCode, coders, K, (k) => k));
      domainPartition.push(partitionTally(L, byCode, coders, G, (k) => domainOf[k] as number));
      pairs.forEach((pair, p) => {
        // A coder's codings overlap or not whoever they are compared with: reuse the full verdict.
        pairCodePartition[p]?.push(codePartition[d] === null ? null : partitionTally(L, byCode, pair, K, (k) => k));
        pairDomainPartition[p]?.push(
          domainPartition[d] === null ? null : partitionTally(L, byCode, pair, G, (k) => domainOf[k] as number),
        );
      });
    }
  }

  const cell2004: Disagreement2004[] = [];
  const code2004: Disagreement2004[] = [];
  const pairCode2004: Disagreement2004[][] = pairs.map(() => []);
  if (needs.alpha2004) {
    for (let d = 0; d < D; d++) {
      for (let k = 0; k < K; k++) cell2004.push(disagreement2004(lengthOf(d), index.units[d]?.[k] ?? []));
    }
    // Over all documents the 1995/2004 alpha is not a sum of per-document parts (D_e depends on all
    // unit and gap lengths), so documents are concatenated; a gap may not cross a boundary.
    const breaks: number[] = [];
    const offsets: number[] = [];
    let total = 0;
    for (let d = 0; d < D; d++) {
      if (d > 0) breaks.push(total);
      offsets.push(total);
      total += lengthOf(d);
    }
    for (let k = 0; k < K; k++) {
      const concatenated: ValuedUnit[][] = coders.map((c) => {
        const out: ValuedUnit[] = [];
        for (let d = 0; d < D; d++) {
          const shift = offsets[d] as number;
          for (const u of index.units[d]?.[k]?.[c] ?? []) out.push({ start: u.start + shift, end: u.end + shift, value: 0 });
        }
        return out;
      });
      const prepared = concatenated.map((units) => prepareCoder2004(total, units, breaks));
      code2004.push(disagreement2004Prepared(total, prepared));
      pairs.forEach(([a, b], p) =>
        pairCode2004[p]?.push(disagreement2004Prepared(total, [prepared[a] as Coder2004, prepared[b] as Coder2004])),
      );
    }
  }

  const characters = new Float64Array(needs.nvivo ? D * K * P * 4 : 0);
  const segments = new Float64Array(needs.maxqdaThreshold !== null ? D * K * P * 2 : 0);
  if (needs.nvivo || needs.maxqdaThreshold !== null) {
    for (let d = 0; d < D; d++) {
      for (let k = 0; k < K; k++) {
        const cell = d * K + k;
        const merged = index.units[d]?.[k] ?? [];
        const given = index.segments[d]?.[k] ?? [];
        for (let p = 0; p < P; p++) {
          const [a, b] = pairs[p] as [number, number];
          if (needs.nvivo) {
            const c = mergedCharacterCounts(lengthOf(d), merged[a] ?? [], merged[b] ?? []);
            const at = (cell * P + p) * 4;
            characters[at] = c.total;
            characters[at + 1] = c.a;
            characters[at + 2] = c.b;
            characters[at + 3] = c.both;
          }
          if (needs.maxqdaThreshold !== null) {
            const s = segmentAgreementCounts(given[a] ?? [], given[b] ?? [], needs.maxqdaThreshold);
            segments[(cell * P + p) * 2] = s.agreements;
            segments[(cell * P + p) * 2 + 1] = s.nonAgreements;
          }
        }
      }
    }
  }

  return {
    index,
    documentCount: D,
    codeCount: K,
    pairs,
    patterns,
    pairPatterns,
    codeBinary,
    unionBinary,
    domainBinary,
    codePartition,
    pairCodePartition,
    domainPartition,
    pairDomainPartition,
    withinDomainPartition: withinDomain,
    cell2004,
    code2004,
    pairCode2004,
    characterCounts: characters,
    segmentCounts: segments,
  };
}
