import { refiAgreementStudy, type RefiStudyLeftOut } from '../../shared/refi-agreement/index.ts';
import { readQdpx, RefiError, type RefiSkipped } from '../../shared/refi/index.ts';
import { CliError } from './cli-error.ts';

/** The first bytes of every zip file with at least one entry (a local file header). */
const zipSignature = [0x50, 0x4b, 0x03, 0x04] as const;

/**
 * Whether bytes are a zip (as every `.qdpx` is), by signature: an export renamed `.zip` or saved
 * without an extension still reads as a project.
 *
 * @example
 * isZip(new Uint8Array([0x50, 0x4b, 3, 4, 20])) // true
 */
export function isZip(bytes: Uint8Array): boolean {
  return zipSignature.every((b, i) => bytes[i] === b);
}

/** Names behind a study's ids (a `.qdpx` has them: ids are GUIDs). */
export interface StudyNames {
  readonly coders: Readonly<Record<string, string>>;
  readonly documents: Readonly<Record<string, string>>;
  readonly codes: Readonly<Record<string, string>>;
}

/** What reading a `.qdpx` did not bring into the study, for the note and the JSON. */
export interface QdpxReading {
  readonly projectName: string;
  readonly origin: string | null;
  readonly leftOut: RefiStudyLeftOut;
  /** What the REFI-QDA reader itself did not read (sources, selections, codings …), each with why. */
  readonly skipped: readonly RefiSkipped[];
  readonly documentsWithoutUnits: readonly string[];
}

/**
 * Reads a REFI-QDA project into the agreement study the dashboard would build for it
 * (`refiAgreementStudy`); a refused file is an input error with the reader's sentence.
 *
 * @example
 * readQdpxStudy(bytes, 'study.qdpx', { withConsensus: false, units: false }).study.coders
 */
export function readQdpxStudy(bytes: Uint8Array, fileName: string, options: { withConsensus: boolean; units: boolean }) {
  let read;
  try {
    read = readQdpx(bytes, { fileName: fileName.replace(/^.*[\\/]/, '') });
  } catch (error) {
    if (error instanceof RefiError) throw new CliError('input', error.message);
    throw error;
  }
  const built = refiAgreementStudy(read.project, options);
  const reading: QdpxReading = {
    projectName: read.project.name,
    origin: read.project.origin,
    leftOut: built.leftOut,
    skipped: read.skipped,
    documentsWithoutUnits: built.documentsWithoutUnits,
  };
  return { study: built.study, units: built.unitRanges, names: built.names as StudyNames, reading };
}
