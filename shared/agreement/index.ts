// Public surface of the agreement module: re-exported by name (STYLE rule 9).
export { AgreementError, AgreementErrorReason } from './agreement-error.ts';
export { buildAgreementReport, reportMeasures } from './agreement-report.ts';
export type { AgreementReport, MeasureResult, ReportOptions, ReportSections } from './agreement-report.ts';
export { indexStudy, maxReportCoders } from './agreement-study.ts';
export type {
  AgreementStudy,
  StudyCode,
  StudyCoder,
  StudyCoding,
  StudyDocument,
  StudyIndex,
  StudySelection,
} from './agreement-study.ts';
export { sampleBinomial, sampleMultinomial } from './binomial-sampling.ts';
export { bootstrapAlpha, bootstrapAlphaComponents } from './bootstrap-alpha.ts';
export type { AlphaBootstrap, AlphaBootstrapOptions } from './bootstrap-alpha.ts';
export { brennanPrediger } from './brennan-prediger.ts';
export { categoryCount, categoryPrevalence } from './category-prevalence.ts';
export { coincidenceMatrix } from './coincidence-matrix.ts';
export type { CoincidenceMatrix } from './coincidence-matrix.ts';
export {
  chanceCorrected,
  definedCoefficient,
  oneMinusRatio,
  undefinedCoefficient,
  UndefinedReason,
  undefinedReasonText,
} from './coefficient.ts';
export type { Coefficient } from './coefficient.ts';
export { cohenKappa } from './cohen-kappa.ts';
export { continuumCodes, mergeOverlapping, partitionUnits, validateContinuum } from './continuum.ts';
export { continuumStudy } from './continuum-study.ts';
export type { Continuum, ContinuumInput, Segment, ValuedUnit } from './continuum.ts';
export { isMetric, Metric, numericValue, ordinalOrder, squaredDifferences } from './distance-metric.ts';
export { fleissKappa } from './fleiss-kappa.ts';
export { gwetAc1 } from './gwet-ac1.ts';
export { alphaComponents, krippendorffAlpha } from './krippendorff-alpha.ts';
export type { AlphaComponents } from './krippendorff-alpha.ts';
export {
  maxqdaSegmentAgreement,
  parseThresholdLevel,
  segmentAgreementCounts,
  segmentAgreementFromCounts,
} from './maxqda-segment-agreement.ts';
export type { SegmentAgreementCounts } from './maxqda-segment-agreement.ts';
export { isMeasure, LevelKind, Measure, measureInfo } from './measure.ts';
export type { MeasureInfo } from './measure.ts';
export {
  characterCounts,
  mergedCharacterCounts,
  nvivoCharacterKappa,
  nvivoKappaFromCounts,
  nvivoPercentAgreement,
  nvivoPercentFromCounts,
} from './nvivo-character-agreement.ts';
export type { CharacterCounts } from './nvivo-character-agreement.ts';
export { meanPairwiseAgreement, percentAgreement } from './percent-agreement.ts';
export { buildReliabilityData, categoryKey, createReliabilityData, selectCoders } from './reliability-data.ts';
export type { RawValue, ReliabilityData, UnitsByCodersInput } from './reliability-data.ts';
export type { ReportUnit } from './report-unit.ts';
export { scottPi } from './scott-pi.ts';
export { createSeededRandom, seedFromText } from './seeded-random.ts';
export type { RandomSource } from './seeded-random.ts';
export { studyReliabilityData } from './study-reliability-data.ts';
export {
  alphaFrom2004,
  disagreement2004,
  disagreement2004Prepared,
  prepareCoder2004,
  uAlpha2004Category,
  uAlpha2004Overall,
} from './unitizing-alpha-2004.ts';
export type { Coder2004, Disagreement2004 } from './unitizing-alpha-2004.ts';
export { binaryTallyFromPatterns, sumTallies, tallyUnitizing } from './unitizing-coincidences.ts';
export type { UnitizingTally } from './unitizing-coincidences.ts';
export {
  addPatterns,
  characterPatterns,
  patternReliabilityData,
  projectPatterns,
  rangePatterns,
  segmentPatterns,
} from './coder-patterns.ts';
export type { PatternHistogram } from './coder-patterns.ts';
export {
  binaryUAlpha,
  cuAlpha,
  cuAlphaDomains,
  cuAlphaFromTally,
  cuAlphaWithinDomain,
  kUAlpha,
  kUAlphaFromTally,
  perCodeBinaryUAlpha,
  uAlpha,
  uAlphaFromTally,
} from './unitizing-alpha.ts';
export { computeMeasure, parseAgreementInput, runVector, vectorSpecs } from './vector-runner.ts';
export type { AgreementInput, VectorResult, VectorSpec } from './vector-runner.ts';
