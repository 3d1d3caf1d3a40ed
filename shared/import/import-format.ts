/**
 * How Accord read an imported file. `speakerTurns` wins over the file's own format whenever the
 * text of a .txt, .md or .docx file turned out to be a speaker-turn transcript, because that
 * decides how the transcript is shown and unitised; the file name still tells the original type.
 */
export const ImportFormat = {
  txt: 'txt',
  md: 'md',
  docx: 'docx',
  vtt: 'vtt',
  srt: 'srt',
  speakerTurns: 'speakerTurns',
} as const;
export type ImportFormat = (typeof ImportFormat)[keyof typeof ImportFormat];

/** The file formats a researcher can import, as chosen by extension. */
export type SourceFormat = Exclude<ImportFormat, 'speakerTurns'>;

const sourceFormatByExtension: Readonly<Record<string, SourceFormat>> = {
  txt: ImportFormat.txt,
  md: ImportFormat.md,
  markdown: ImportFormat.md,
  docx: ImportFormat.docx,
  vtt: ImportFormat.vtt,
  srt: ImportFormat.srt,
};

/** The extensions `sourceFormatOf` accepts, for messages and file pickers. */
export const importExtensions = ['.txt', '.md', '.markdown', '.docx', '.vtt', '.srt'] as const;

/**
 * Picks the parser by the file's extension (case-insensitive); `undefined` when Accord cannot
 * read that type.
 *
 * @example
 * sourceFormatOf('P07.DOCX'); // 'docx'
 * sourceFormatOf('P07.pdf');  // undefined
 */
export function sourceFormatOf(fileName: string): SourceFormat | undefined {
  return sourceFormatByExtension[extensionOf(fileName)];
}

/**
 * The lower-cased extension without its dot, or '' when the name has none.
 *
 * @example
 * extensionOf('interviews/P07.Final.TXT'); // 'txt'
 * extensionOf('.bashrc');                  // ''
 */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}
