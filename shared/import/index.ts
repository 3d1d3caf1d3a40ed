// Public surface of transcript import: re-exported by name (STYLE rule 9).
export { ImportError, ImportErrorReason } from './import-error.ts';
export { extensionOf, ImportFormat, importExtensions, sourceFormatOf } from './import-format.ts';
export type { SourceFormat } from './import-format.ts';
export { defaultImportLimits, resolveImportLimits } from './import-limits.ts';
export type { ImportLimits } from './import-limits.ts';
export { importTranscript } from './import-transcript.ts';
export type { ImportFile } from './import-transcript.ts';
export { TranscriptUnitKind } from './imported-transcript.ts';
export type { ImportedTranscript, TranscriptUnit } from './imported-transcript.ts';
export { normalizeText } from './normalize-text.ts';
