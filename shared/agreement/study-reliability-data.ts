import { indexStudy, type AgreementStudy, type StudySelection } from './agreement-study.ts';
import { addMissingPatterns, missingPatternReliabilityData, type MissingPatternGroups } from './coder-patterns.ts';
import type { ReliabilityData } from './reliability-data.ts';
import { resolveReportUnit, type ReportUnit } from './report-unit.ts';
import { createStudyCells } from './study-cells.ts';

/**
 * The binary reliability data behind a report's coefficient measures for the selected coders,
 * documents and codes, pooled as the report's overall section pools them (units × codes, SPEC
 * KA27–KA30): what the alpha bootstrap resamples, so its interval belongs to the alpha shown.
 *
 * @example
 * const data = studyReliabilityData(study, { unit: { kind: 'character' }, codeIds: ['hope'] });
 * bootstrapAlpha(data, { random: createSeededRandom(1) })
 */
export function studyReliabilityData(
  study: AgreementStudy,
  options: StudySelection & { readonly unit?: ReportUnit; readonly excludeUncoded?: boolean } = {},
): ReliabilityData {
  const index = indexStudy(study, options);
  const cells = createStudyCells(index, resolveReportUnit(options.unit ?? { kind: 'character' }, index), {
    unitizing: false,
    alpha2004: false,
    nvivo: false,
    maxqdaThreshold: null,
    domainCodes: [],
  });
  // Grouped by the coders missing in each cell's document (SPEC KA33), as the report's overall section groups them.
  const groups: MissingPatternGroups = new Map();
  cells.patterns.forEach((cell, i) => addMissingPatterns(groups, index.absent[Math.floor(i / cells.codeCount)] as number, cell));
  return missingPatternReliabilityData(groups, index.coderIds.length, options.excludeUncoded ?? false);
}
