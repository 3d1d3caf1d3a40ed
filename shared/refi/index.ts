// Public surface of REFI-QDA (QDA-XML 1.0) interchange: re-exported by name (STYLE rule 9).
export { CodePointIndex, codePointLength, OffsetProblem } from './code-points.ts';
export type { RangeConversion } from './code-points.ts';
export { readCodebook } from './read-codebook.ts';
export type { RefiCodebookReadResult } from './read-codebook.ts';
export { readQdpx } from './read-project.ts';
export type { RefiReadOptions, RefiReadResult } from './read-project.ts';
export { RefiError, RefiErrorReason } from './refi-error.ts';
export { isRefiGuid, normalizeGuid, refiGuid } from './refi-guid.ts';
export { defaultRefiLimits, resolveRefiLimits } from './refi-limits.ts';
export type { RefiLimits } from './refi-limits.ts';
export { RefiVariableType, walkCodes } from './refi-model.ts';
export type {
  RefiCase,
  RefiCode,
  RefiCodebook,
  RefiCodeSet,
  RefiCoding,
  RefiNote,
  RefiProject,
  RefiSelection,
  RefiSet,
  RefiSkipped,
  RefiTextSource,
  RefiUser,
  RefiVariable,
  RefiVariableValue,
} from './refi-model.ts';
export { LineEndingCount } from './source-text.ts';
export { normalizeWithOffsets } from './text-normalization.ts';
export type { NormalizedText } from './text-normalization.ts';
export { codebookNamespace, writeCodebookXml } from './write-codebook.ts';
export { projectEntryName, projectNamespace, sourcesFolder, writeProjectXml, writeQdpx } from './write-project.ts';
