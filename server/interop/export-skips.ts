/**
 * Why an export left a coding out. QDA-XML addresses a passage by code points and a code by its
 * GUID; a coding without a passage, with an offset no code point matches, or of a code no longer in
 * the codebook cannot be written, and is reported (never shifted or silently dropped).
 */
export const ExportSkipReason = {
  /** Its text was deleted from the transcript: the anchor no longer resolves to a passage. */
  orphaned: 'orphaned',
  /** Its start or end falls between the two UTF-16 units of one character (inside an emoji). */
  splitsSurrogatePair: 'splitsSurrogatePair',
  /** Its offsets lie outside the transcript. */
  outOfRange: 'outOfRange',
  /** It ends before it starts. */
  reversed: 'reversed',
  /** Its code is not in the codebook any more. */
  unknownCode: 'unknownCode',
} as const;
export type ExportSkipReason = (typeof ExportSkipReason)[keyof typeof ExportSkipReason];

/** One coding an export left out, as a researcher would look for it. */
export interface ExportSkip {
  readonly documentName: string;
  /** The coder's name, or "Consensus". */
  readonly coderName: string;
  /** The code's name, or its id when the codebook no longer has it. */
  readonly codeName: string;
  /** The coding's UTF-16 offsets into the transcript, when it has any. */
  readonly start: number | null;
  readonly end: number | null;
  readonly reason: ExportSkipReason;
}

const reasonText: Readonly<Record<ExportSkipReason, string>> = {
  orphaned: 'its text was deleted from the transcript, so it has no passage',
  splitsSurrogatePair: 'it starts or ends inside a character written with two UTF-16 units (an emoji, say), which QDA-XML’s code-point positions cannot address',
  outOfRange: 'its positions lie outside the transcript',
  reversed: 'it ends before it starts',
  unknownCode: 'its code is no longer in the codebook',
};

/** How many skipped codings the description lists one by one before it counts the rest. */
export const maxListedSkips = 200;

/**
 * The project `Description` that tells the file's reader what Accord left out, one line per coding
 * (past `maxListedSkips`, one line counts the rest); null when nothing was.
 *
 * @example
 * describeSkips([{ documentName: 'P1', coderName: 'Ana', codeName: 'Cost', start: null, end: null, reason: 'orphaned' }])
 * // 'Accord left 1 coding out of this file:\n- P1, Ana, “Cost”: its text was deleted from the transcript, so it has no passage.'
 */
export function describeSkips(skips: readonly ExportSkip[]): string | null {
  if (skips.length === 0) return null;
  const lines = [`Accord left ${skips.length === 1 ? '1 coding' : `${skips.length.toLocaleString('en')} codings`} out of this file:`];
  for (const skip of skips.slice(0, maxListedSkips)) {
    const where = skip.start === null || skip.end === null ? '' : ` (characters ${skip.start}–${skip.end})`;
    lines.push(`- ${skip.documentName}, ${skip.coderName}, “${skip.codeName}”${where}: ${reasonText[skip.reason]}.`);
  }
  if (skips.length > maxListedSkips) lines.push(`- … and ${(skips.length - maxListedSkips).toLocaleString('en')} more.`);
  return lines.join('\n');
}
