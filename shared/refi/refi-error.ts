/**
 * Why a REFI-QDA file (`.qdpx` project or `.qdc` codebook) was refused, or why a model could not
 * be written. A closed set, so the server can map each to a status and the UI can show its help.
 */
export const RefiErrorReason = {
  /** The bytes are not a zip archive (a `.qdpx` is one), or the archive is damaged or cut short. */
  notZip: 'notZip',
  /** The archive has no `project.qde` at its top level. */
  noProject: 'noProject',
  /** The XML is not well-formed; the message names the line and column. */
  malformedXml: 'malformedXml',
  /** The XML declares a DTD (`<!DOCTYPE …>`), which could define entities or fetch files: never read. */
  dtd: 'dtd',
  /** The root element is not a QDA-XML `Project` (or `CodeBook` for a `.qdc`). */
  notRefi: 'notRefi',
  /** An archive entry or a source path points outside the archive (`..`, an absolute path, a drive letter). */
  unsafePath: 'unsafePath',
  /** Entry count, declared or actual unzipped size, or compression ratio beyond reason: refused before or while inflating. */
  zipBomb: 'zipBomb',
  /** The file, or the XML inside it, is larger than the configured limit. */
  tooLarge: 'tooLarge',
  /** The XML is not UTF-8 (nor UTF-16 with a byte-order mark). */
  encoding: 'encoding',
  /** Writing: the model breaks a rule of the schema (a GUID, date or colour of the wrong shape). */
  invalidModel: 'invalidModel',
} as const;
export type RefiErrorReason = (typeof RefiErrorReason)[keyof typeof RefiErrorReason];

/**
 * The one error type of `shared/refi`. The message is a sentence a researcher can act on, starting
 * with the file name when there is one, so an import dialog can show it as is.
 *
 * @example
 * throw new RefiError('noProject', 'study.qdpx: the archive has no project.qde, so it is not a REFI-QDA project.');
 */
export class RefiError extends Error {
  readonly reason: RefiErrorReason;

  constructor(reason: RefiErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RefiError';
    this.reason = reason;
  }
}
