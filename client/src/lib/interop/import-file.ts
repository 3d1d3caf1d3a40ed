import { formatByteSize } from '../../../../shared/import/import-limits.ts';

/** What an import accepts: the extensions the picker offers, and the words that name such a file. */
export interface ImportFileKind {
  readonly extensions: readonly string[];
  /** "a REFI-QDA project file (.qdpx)": completes "… is not" and "Choose …". */
  readonly description: string;
}

/** A whole project from MAXQDA, ATLAS.ti, NVivo, QualCoder or Accord. */
export const projectFileKind: ImportFileKind = { extensions: ['.qdpx'], description: 'a REFI-QDA project file (.qdpx)' };

/** A codebook on its own, or the codebook of a project file. */
export const codebookFileKind: ImportFileKind = { extensions: ['.qdc', '.qdpx'], description: 'a REFI-QDA codebook (.qdc) or project file (.qdpx)' };

/** The file input's `accept`. */
export function acceptOf(kind: ImportFileKind): string {
  return kind.extensions.join(',');
}

/**
 * Why a file is refused before it is sent, or null when it may go to the server (which reads it
 * whole and says what is wrong inside). Only the name and size are looked at: a `.qdpx` is a zip,
 * and whether it is a REFI-QDA one only the reader can tell.
 *
 * checkImportFile({ name: 'study.nvp', size: 10 }, projectFileKind)
 * // '“study.nvp” is not a REFI-QDA project file (.qdpx). …'
 */
export function checkImportFile(file: { readonly name: string; readonly size: number }, kind: ImportFileKind): string | null {
  const name = file.name.toLowerCase();
  if (!kind.extensions.some((extension) => name.endsWith(extension))) {
    return `“${file.name}” is not ${kind.description}. In MAXQDA, ATLAS.ti, NVivo or QualCoder, export as REFI-QDA, then choose that file.`;
  }
  if (file.size === 0) return `“${file.name}” is empty (${formatByteSize(0)}). Export it again, then choose the new file.`;
  return null;
}

/** As `checkImportFile`, for what was picked or dropped: an import reads one file. */
export function checkImportFiles(files: readonly { readonly name: string; readonly size: number }[], kind: ImportFileKind): string | null {
  if (files.length === 0) return null;
  if (files.length > 1) return `Choose one file: an import reads one ${kind.extensions.join(' or ')} file at a time.`;
  return checkImportFile(files[0]!, kind);
}
