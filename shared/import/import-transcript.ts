import { decodeText } from './decode-text.ts';
import { readDocumentXml } from './docx-archive.ts';
import { readDocxText } from './docx-text.ts';
import { ImportError } from './import-error.ts';
import { extensionOf, ImportFormat, importExtensions, sourceFormatOf, type SourceFormat } from './import-format.ts';
import { formatByteSize, resolveImportLimits, type ImportLimits } from './import-limits.ts';
import type { ImportedTranscript } from './imported-transcript.ts';
import { normalizeText } from './normalize-text.ts';
import { paragraphUnits } from './paragraph-units.ts';
import { parseSubtitles, type SubtitleDialect } from './parse-subtitles.ts';
import { speakerTurnUnits } from './speaker-turns.ts';
import { renderCues } from './subtitle-cue.ts';

/** A file as the browser's File or the server's upload gives it. */
export interface ImportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What to suggest for types researchers often try. */
const adviceByExtension: Readonly<Record<string, string>> = {
  pdf: 'Export the transcript from the program that made the PDF as .docx or .txt (or copy the text into a .txt file)',
  doc: 'Open it in Word and choose Save As › Word Document (.docx)',
  rtf: 'Open it in Word or LibreOffice and save it as .docx',
  odt: 'Open it in LibreOffice and save it as Word (.docx)',
  pages: 'In Pages choose File › Export To › Word (.docx)',
};

/**
 * Imports one transcript file: picks the reader by extension, decodes and normalises the text
 * once (see `normalizeText`), and cuts it into units — cues for .vtt/.srt, speaker turns when the
 * text of a .txt/.md/.docx is a speaker-turn transcript (format 'speakerTurns'), paragraphs
 * otherwise. Pure and synchronous: the browser and the server both call it on the file's bytes.
 * Throws `ImportError`, whose message names the file and says what to do.
 *
 * @example
 * const bytes = new TextEncoder().encode('Interviewer: How did it start?\nP07: Slowly.');
 * importTranscript({ name: 'P07.txt', bytes });
 * // { text: 'Interviewer: How did it start?\nP07: Slowly.', format: 'speakerTurns', warnings: [],
 * //   units: [{ start: 0, end: 30, kind: 'turn', speaker: 'Interviewer' }, { start: 31, end: 43, kind: 'turn', speaker: 'P07' }] }
 */
export function importTranscript(file: ImportFile, limits?: ImportLimits): ImportedTranscript {
  const { maxBytes, maxChars, maxUnzippedBytes } = resolveImportLimits(limits);
  const { name, bytes } = file;
  const format = sourceFormatOf(name);
  if (!format) throw unsupported(name);
  if (bytes.length === 0) throw new ImportError('empty', name, 'the file is empty (0 bytes). Check that you picked the right file.');
  if (bytes.length > maxBytes) {
    throw new ImportError(
      'tooLarge',
      name,
      `the file is ${formatByteSize(bytes.length)}, more than the ${formatByteSize(maxBytes)} Accord imports at once. ` +
        'Split the transcript into smaller files, or remove images from the document.',
    );
  }
  if (format === ImportFormat.docx) {
    const docx = readDocxText(readDocumentXml(bytes, name, maxUnzippedBytes));
    const warnings: string[] = [];
    if (docx.hadDeletions || docx.hadInsertions) {
      warnings.push('The document has tracked changes; they were imported as if accepted (deleted text left out, inserted text kept).');
    }
    return structuredText(checkLength(docx.text, name, maxChars), format, name, warnings);
  }
  const decoded = checkLength(decodeText(bytes, name), name, maxChars);
  if (format === ImportFormat.vtt || format === ImportFormat.srt) return subtitles(decoded, format, name);
  return structuredText(decoded, format, name, []);
}

function structuredText(raw: string, format: SourceFormat, fileName: string, warnings: string[]): ImportedTranscript {
  const text = normalizeText(raw);
  if (text.length === 0) throw blank(fileName);
  const turns = speakerTurnUnits(text);
  return turns
    ? { text, units: turns, format: ImportFormat.speakerTurns, warnings }
    : { text, units: paragraphUnits(text), format, warnings };
}

function subtitles(raw: string, dialect: SubtitleDialect, fileName: string): ImportedTranscript {
  const normalized = normalizeText(raw);
  if (normalized.length === 0) throw blank(fileName);
  const parsed = parseSubtitles(normalized, dialect);
  const label = dialect === 'vtt' ? 'WebVTT (.vtt)' : 'SubRip (.srt)';
  if (parsed.cues.length === 0) {
    if (parsed.timingLines === 0) {
      throw new ImportError(
        'corrupt',
        fileName,
        `no subtitle cues were found (lines like "00:00:01.000 --> 00:00:04.000"), so this is not a ${label} file. ` +
          'Export the captions again, or rename the file to .txt to import it as plain text.',
      );
    }
    throw new ImportError(
      'corrupt',
      fileName,
      `none of its ${parsed.timingLines} cue timings could be read. Export the captions again from the recording or transcription service.`,
    );
  }
  const { text, units, emptyCues } = renderCues(parsed.cues);
  if (units.length === 0) {
    throw new ImportError('empty', fileName, 'its subtitle cues contain no text. Check that you picked the transcript, not an empty caption track.');
  }
  const warnings: string[] = [];
  if (dialect === 'vtt' && !parsed.hasHeader) warnings.push('The file does not start with "WEBVTT"; it was read as WebVTT anyway.');
  if (parsed.skippedBlocks > 0) warnings.push(`${count(parsed.skippedBlocks, 'block')} without a readable cue timing ${parsed.skippedBlocks === 1 ? 'was' : 'were'} left out.`);
  if (emptyCues > 0) warnings.push(`${count(emptyCues, 'cue')} without text ${emptyCues === 1 ? 'was' : 'were'} left out.`);
  if (parsed.reversedCues > 0) warnings.push(`${count(parsed.reversedCues, 'cue')} ${parsed.reversedCues === 1 ? 'ends' : 'end'} before ${parsed.reversedCues === 1 ? 'it starts' : 'they start'}; the times were kept as written.`);
  return { text, units, format: dialect, warnings };
}

function checkLength(text: string, fileName: string, maxChars: number): string {
  if (text.length > maxChars) {
    throw new ImportError(
      'tooLarge',
      fileName,
      `its text has ${text.length.toLocaleString('en')} characters, more than the ${maxChars.toLocaleString('en')} Accord imports at once. ` +
        'Split the transcript into smaller files.',
    );
  }
  return text;
}

function blank(fileName: string): ImportError {
  return new ImportError('empty', fileName, 'the file contains no text, only blank space. Check that you picked the right file.');
}

function unsupported(fileName: string): ImportError {
  const extension = extensionOf(fileName);
  const advice = adviceByExtension[extension] ?? 'Save the transcript in one of those formats';
  const type = extension ? `.${extension} files` : 'files without an extension';
  return new ImportError(
    'unsupported',
    fileName,
    `Accord cannot import ${type}; it reads ${importExtensions.join(', ')}. ${advice}, then import that file.`,
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
