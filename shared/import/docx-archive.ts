import { Unzip, UnzipInflate, unzipSync, type UnzipFileInfo } from 'fflate';
import { ImportError } from './import-error.ts';
import { formatByteSize } from './import-limits.ts';

/** The main part of every WordprocessingML package written by Word, LibreOffice and Google Docs. */
export const documentPartName = 'word/document.xml';

/** Above this size, a compression ratio beyond `maxCompressionRatio` is treated as a zip bomb. */
const ratioCheckFromBytes = 10 * 1024 * 1024;
/** Real document.xml parts compress 5–20:1; 200:1 only happens with crafted or padded content. */
const maxCompressionRatio = 200;
/** A .docx has tens of parts; a central directory claiming more is damaged or hostile. */
const maxEntries = 10_000;
/** Compressed bytes handed to the inflater at a time: DEFLATE's 1032:1 maximum bounds one step to ~4 MB. */
const pushBytes = 4 * 1024;

const oleSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Returns the text of `word/document.xml` from a .docx, defending against zip bombs in two steps:
 * 1. the central directory is read without inflating anything, and the part is refused
 *    ('zipBomb') when its declared size exceeds `maxUnzippedBytes`, or when it is over 10 MB and
 *    compressed more than 200:1;
 * 2. the part is then inflated in small steps while counting, and refused as soon as it grows
 *    past its declared size (a lying header) or the limit. No other part is ever inflated.
 * Anything that is not a readable zip with that part is 'corrupt'.
 *
 * @example
 * const xml = readDocumentXml(bytes, 'P07.docx', 64 * 1024 * 1024); // '<?xml …?><w:document …'
 */
export function readDocumentXml(bytes: Uint8Array, fileName: string, maxUnzippedBytes: number): string {
  if (oleSignature.every((byte, index) => bytes[index] === byte)) {
    throw new ImportError(
      'unsupported',
      fileName,
      'this is an old-format Word document (.doc) or a password-protected one. ' +
        'Open it in Word, choose Save As › Word Document (.docx) without a password, and import that file.',
    );
  }
  const entry = findDocumentEntry(bytes, fileName);
  checkDeclaredSize(entry, fileName, maxUnzippedBytes);
  return decodeXml(inflateDocumentEntry(bytes, entry, fileName, maxUnzippedBytes), fileName);
}

/** XML parts are UTF-8 unless they start with a UTF-16 byte-order mark (XML 1.0 §4.3.3). */
function decodeXml(bytes: Uint8Array, fileName: string): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  try {
    return new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw damaged(fileName, `its text (${documentPartName}) is not valid ${utf16 ?? 'UTF-8'}`, error);
  }
}

function findDocumentEntry(bytes: Uint8Array, fileName: string): UnzipFileInfo {
  let entry: UnzipFileInfo | undefined;
  let entries = 0;
  try {
    // The filter sees each central-directory record and declines it, so nothing is inflated here.
    unzipSync(bytes, {
      filter: (info) => {
        entries += 1;
        if (entries > maxEntries) throw damaged(fileName, `its zip directory lists more than ${maxEntries} parts`);
        if (!entry && partName(info.name) === documentPartName) entry = info;
        return false;
      },
    });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw damaged(fileName, 'it is not a readable zip archive (it may be cut short or not really a .docx)', error);
  }
  if (!entry) {
    throw damaged(fileName, `it has no ${documentPartName}, so it is not a Word document (perhaps another Office file renamed to .docx)`);
  }
  if (entry.compression !== 0 && entry.compression !== 8) {
    throw damaged(fileName, `its text is compressed with a method Word does not use (zip method ${entry.compression})`);
  }
  return entry;
}

function checkDeclaredSize(entry: UnzipFileInfo, fileName: string, maxUnzippedBytes: number): void {
  if (entry.originalSize > maxUnzippedBytes) {
    throw new ImportError(
      'zipBomb',
      fileName,
      `its text would unzip to ${formatByteSize(entry.originalSize)}, more than the ${formatByteSize(maxUnzippedBytes)} ` +
        'Accord accepts, so it was not opened. If this is a genuine transcript, split it into smaller documents.',
    );
  }
  if (entry.originalSize > ratioCheckFromBytes && entry.originalSize > maxCompressionRatio * entry.size) {
    throw new ImportError(
      'zipBomb',
      fileName,
      `its text is compressed more than ${maxCompressionRatio}:1 (${formatByteSize(entry.size)} unzipping to ` +
        `${formatByteSize(entry.originalSize)}), the signature of a "zip bomb", so it was not opened. ` +
        'If you trust the file, open it in Word and save a fresh copy.',
    );
  }
}

function inflateDocumentEntry(bytes: Uint8Array, entry: UnzipFileInfo, fileName: string, maxUnzippedBytes: number): Uint8Array {
  const allowed = Math.min(entry.originalSize, maxUnzippedBytes);
  const chunks: Uint8Array[] = [];
  let inflated = 0;
  let found = false;
  let finished = false;
  let failure: ImportError | undefined;

  // fflate reports problems through ondata; they are kept here and thrown after push returns,
  // because an exception inside its callbacks would be re-reported through the same callback.
  const unzipper = new Unzip((file) => {
    if (found || partName(file.name) !== documentPartName) return;
    found = true;
    file.ondata = (error, chunk, final) => {
      if (failure || finished) return;
      if (error) {
        failure = damaged(fileName, `its text (${documentPartName}) cannot be unzipped: ${error.message}`, error);
        return;
      }
      inflated += chunk.length;
      if (inflated > allowed) {
        chunks.length = 0;
        failure = new ImportError(
          'zipBomb',
          fileName,
          `its text unzips to more than the ${formatByteSize(allowed)} its zip directory declares ` +
            `(or Accord accepts), the signature of a "zip bomb", so it was not opened. ` +
            'If you trust the file, open it in Word and save a fresh copy.',
        );
        return;
      }
      chunks.push(chunk);
      finished = final;
    };
    file.start();
  });
  unzipper.register(UnzipInflate);

  try {
    for (let offset = 0; offset < bytes.length && !failure && !finished; offset += pushBytes) {
      const end = Math.min(offset + pushBytes, bytes.length);
      unzipper.push(bytes.subarray(offset, end), end === bytes.length);
    }
  } catch (error) {
    throw damaged(fileName, 'its zip data is damaged or cut short', error);
  }
  if (failure) throw failure;
  if (!found) throw damaged(fileName, `its ${documentPartName} is listed in the zip directory but missing from the archive`);
  if (!finished || inflated !== entry.originalSize) {
    throw damaged(fileName, `its text (${documentPartName}) is incomplete: the file is damaged or was cut short`);
  }
  return concatenate(chunks, inflated);
}

/** Zip tools on Windows sometimes write `\` separators. */
function partName(name: string): string {
  return name.replace(/\\/g, '/');
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const result = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

function damaged(fileName: string, problem: string, cause?: unknown): ImportError {
  return new ImportError(
    'corrupt',
    fileName,
    `this .docx file cannot be read: ${problem}. Open it in Word or LibreOffice, save it again as .docx, and import the new copy.`,
    cause === undefined ? undefined : { cause },
  );
}
