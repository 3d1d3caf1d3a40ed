import { AgreementError } from './agreement-error.ts';
import type { StudyIndex } from './agreement-study.ts';
import type { CellUnit } from './study-cells.ts';

/**
 * How a report cuts the text into units for the coefficient measures (SPEC KA27–KA29): characters;
 * groups of matching segments (overlap ≥ threshold % of the union); transcript units given as
 * [start, end) ranges per document id; or whole documents.
 */
export type ReportUnit =
  | { readonly kind: 'character' }
  | { readonly kind: 'segment'; readonly overlapThreshold: number }
  | { readonly kind: 'unit'; readonly ranges: Readonly<Record<string, readonly (readonly [number, number])[]>> }
  | { readonly kind: 'document' };

/**
 * Checks a report unit against the indexed study and turns transcript-unit ranges into per-document
 * lists in index order.
 *
 * @example
 * resolveReportUnit({ kind: 'unit', ranges: { t1: [[0, 120], [120, 300]] } }, index)
 */
export function resolveReportUnit(unit: ReportUnit, index: StudyIndex): CellUnit {
  if (unit === null || typeof unit !== 'object' || !['character', 'segment', 'unit', 'document'].includes(unit.kind)) {
    throw new AgreementError('invalidInput', `unknown report unit ${JSON.stringify((unit as { kind?: unknown } | null)?.kind)}`);
  }
  if (unit.kind === 'segment') {
    const t = unit.overlapThreshold;
    if (typeof t !== 'number' || !(t > 0 && t <= 100)) {
      throw new AgreementError('invalidInput', `segment overlap threshold must be in (0, 100] %, got ${String(t)}`);
    }
    return unit;
  }
  if (unit.kind !== 'unit') return unit;
  const ranges = index.documents.map((document) => {
    const list = unit.ranges?.[document.id] ?? [];
    if (!Array.isArray(list)) throw new AgreementError('invalidInput', `units of document "${document.id}" must be a list of [start, end)`);
    return list.map((range) => {
      const [start, end] = Array.isArray(range) ? range : [];
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) <= (start as number) || (end as number) > document.length) {
        throw new AgreementError('segmentOutOfRange', `unit ${JSON.stringify(range)} is not a range within document "${document.id}"`);
      }
      return [start, end] as const;
    });
  });
  return { kind: 'unit', ranges };
}

