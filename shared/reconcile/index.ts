// Public surface of reconciliation's pure core: re-exported by name (STYLE rule 9).
export { codeDomains, stageDomainId } from './code-domains.ts';
export type { CodeDomain, DomainCode } from './code-domains.ts';
export { computeLoci, iou, LocusType } from './disagreement-loci.ts';
export type { LociInput, LociOptions, Locus, LocusCoding, LocusVersion } from './disagreement-loci.ts';
export { preMerge } from './pre-merge.ts';
export type { MergedRange, PreMergeOptions, PreMergeOutcome, PreMergeStrategy } from './pre-merge.ts';
export { DecisionAction, DecisionError, DecisionFailure, decisionActions, planDecision } from './decision-plan.ts';
export type { ConsensusResult, DecisionPlan, DecisionRequest } from './decision-plan.ts';
