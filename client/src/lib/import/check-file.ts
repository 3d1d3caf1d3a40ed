import { sourceFormatOf } from '../../../../shared/import/import-format.ts';
import { defaultImportLimits, formatByteSize } from '../../../../shared/import/import-limits.ts';

/** What the file picker offers; the server accepts the same extensions (shared/import). */
export const acceptedExtensions = ['.txt', '.md', '.docx', '.vtt', '.srt'] as const;
export const acceptAttribute = [...acceptedExtensions, '.markdown'].join(',');
export const maxFileSize = defaultImportLimits.maxBytes;

/**
 * Why a file is refused before it is sent (an extension Accord cannot read, a file over the size
 * limit), or null when it may go to the server, which checks everything again.
 */
export function checkFile(file: { readonly name: string; readonly size: number }): string | null {
  if (!sourceFormatOf(file.name)) return `Accord cannot read this type of file. Import ${acceptedExtensions.join(', ')} files, or paste the text instead.`;
  if (file.size > maxFileSize) return `The file is ${formatByteSize(file.size)}; files up to ${formatByteSize(maxFileSize)} can be imported. Split the transcript into parts.`;
  return null;
}
