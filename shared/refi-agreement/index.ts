// Public surface of agreement from REFI-QDA files: re-exported by name (STYLE rule 9).
export { refiAgreementStudy, refiConsensusUserId, unnamedCoderId } from './refi-study.ts';
export type { RefiAgreementStudy, RefiStudyLeftOut, RefiStudyOptions } from './refi-study.ts';
