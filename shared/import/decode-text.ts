import { ImportError } from './import-error.ts';

/** Signatures of files researchers commonly pick by mistake, for a message that says what it is. */
const binarySignatures: ReadonlyArray<{ readonly bytes: readonly number[]; readonly looksLike: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], looksLike: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], looksLike: 'a zip archive (perhaps a Word .docx document)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], looksLike: 'an old Word (.doc) document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], looksLike: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], looksLike: 'a JPEG image' },
];

/** A C0 control other than tab, line feed, vertical tab, form feed and carriage return, or DEL. */
const controlCharacter = /[\x00-\x08\x0e-\x1f\x7f]/g;
/** Text may carry a stray control character or two (old word processors); a binary file carries many. */
const maxControlShare = 0.05;
const controlSampleChars = 65_536;

/**
 * Decodes a text file: UTF-8 (a BOM is dropped), or UTF-16 LE/BE when the file starts with that
 * byte-order mark. Refuses binary content ('binary') and invalid UTF-8 ('encoding') rather than
 * importing replacement characters that would silently corrupt quotes.
 *
 * @example
 * decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, 0x48, 0x69), 'P07.txt'); // 'Hi'
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  const utf16 = utf16ByteOrder(bytes);
  const text = utf16 ? decodeUtf16(bytes.subarray(2), utf16 === 'le', fileName) : decodeUtf8(bytes, fileName);
  if (text.includes('\0') || controlShare(text) > maxControlShare) throw notText(fileName, undefined);
  return text;
}

function decodeUtf8(bytes: Uint8Array, fileName: string): string {
  // A NUL byte never occurs in UTF-8 text, so it is the cheapest binary test; check it before
  // decoding so an image is reported as binary rather than as badly encoded text.
  const signature = binarySignatures.find((candidate) => candidate.bytes.every((byte, index) => bytes[index] === byte));
  if (signature || bytes.includes(0)) throw notText(fileName, signature?.looksLike);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(hasBom ? bytes.subarray(3) : bytes);
  } catch (error) {
    throw new ImportError(
      'encoding',
      fileName,
      'the text is not in UTF-8 (it may be in an older Windows or Mac encoding). ' +
        'Open it in a text editor, save it with the encoding "UTF-8", and import it again.',
      { cause: error },
    );
  }
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean, fileName: string): string {
  // 'utf-16le' is the one UTF-16 label every TextDecoder supports; big-endian is byte-swapped into it.
  let littleEndianBytes = bytes;
  if (!littleEndian) {
    littleEndianBytes = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      littleEndianBytes[i] = bytes[i + 1] ?? 0;
      littleEndianBytes[i + 1] = bytes[i] ?? 0;
    }
    if (bytes.length % 2 === 1) littleEndianBytes[bytes.length - 1] = bytes[bytes.length - 1] ?? 0;
  }
  try {
    return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(littleEndianBytes);
  } catch (error) {
    throw new ImportError(
      'encoding',
      fileName,
      'the file starts like UTF-16 text but is damaged or cut short. ' +
        'Open it in a text editor, save it with the encoding "UTF-8", and import it again.',
      { cause: error },
    );
  }
}

function utf16ByteOrder(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'be';
  return undefined;
}

function controlShare(text: string): number {
  const sample = text.length > controlSampleChars ? text.slice(0, controlSampleChars) : text;
  if (sample.length === 0) return 0;
  return (sample.match(controlCharacter)?.length ?? 0) / sample.length;
}

function notText(fileName: string, looksLike: string | undefined): ImportError {
  return new ImportError(
    'binary',
    fileName,
    `this is not a text file${looksLike ? ` — it looks like ${looksLike}` : ''}. ` +
      'Import transcripts as .docx, .txt, .md, .vtt or .srt; if this is a text file saved as UTF-16 ' +
      'without a byte-order mark, save it again as UTF-8.',
  );
}
