import {
  AgreementError,
  parseAgreementInput,
  type AgreementInput,
  type AgreementStudy,
  type RawValue,
} from '../../shared/agreement/index.ts';
import { CliError } from './cli-error.ts';
import { parseCsv } from './parse-csv.ts';
import { isZip, readQdpxStudy, type QdpxReading, type StudyNames } from './read-qdpx-study.ts';

/** What an input file holds: coefficient data, a continuum, or a whole study (README §2 + studies). */
export type CliInput =
  | {
      readonly kind: 'units_x_coders';
      readonly input: Extract<AgreementInput, { type: 'units_x_coders' }>;
      readonly coderNames: readonly string[];
    }
  | { readonly kind: 'continuum'; readonly input: Extract<AgreementInput, { type: 'continuum' }> }
  | {
      readonly kind: 'study';
      readonly study: AgreementStudy;
      /** Transcript units per document id (`"units"` in the file), for `--unit unit`. */
      readonly units: Readonly<Record<string, readonly (readonly [number, number])[]>> | null;
      /** Names behind the ids, when the file has them (a `.qdpx`, whose ids are GUIDs). */
      readonly names?: StudyNames;
      /** A `.qdpx`: what reading it left out. */
      readonly qdpx?: QdpxReading;
    };

/**
 * Units × coders data from CSV: a header row of coder names, one row per unit, an empty cell for
 * "not coded". Cells are trimmed and kept as strings (nominal measures compare strings; numeric
 * metrics parse them).
 *
 * @example
 * csvInput('ana,ben\n1,1\n2,\n').input // units_x_coders with data [['1', '1'], ['2', null]]
 */
export function csvInput(text: string): CliInput {
  const rows = parseCsv(text);
  const header = rows[0];
  if (header === undefined) throw new CliError('input', 'the CSV file is empty (it needs a header row of coder names)');
  const data: RawValue[][] = rows.slice(1).map((row, i) => {
    if (row.length !== header.length) {
      throw new CliError('input', `CSV row ${i + 2} has ${row.length} cells, the header has ${header.length}`);
    }
    return row.map((cell) => (cell.trim() === '' ? null : cell.trim()));
  });
  const input = parseAgreementInput({ type: 'units_x_coders', data });
  if (input.type !== 'units_x_coders') throw new CliError('input', 'CSV did not parse as units × coders data');
  return { kind: 'units_x_coders', input, coderNames: header.map((h) => h.trim()) };
}

function isStudy(value: Record<string, unknown>): boolean {
  return value.type === 'study' || (Array.isArray(value.documents) && Array.isArray(value.codings));
}

/**
 * Reads an agreement input from file text: JSON (`units_x_coders`, `continuum`, or a study with
 * documents, coders, codes and codings) or CSV, told apart by extension, else by the first
 * character.
 *
 * @example
 * readAgreementInput('{"type":"continuum","length":10,"coders":[[],[]]}', 'x.json').kind // 'continuum'
 */
export function readAgreementInput(text: string, fileName: string): CliInput {
  const lower = fileName.toLowerCase();
  const looksJson = lower.endsWith('.json') || (!lower.endsWith('.csv') && /^\s*[[{]/.test(text));
  try {
    if (!looksJson) return csvInput(text);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CliError('input', `${fileName} is not valid JSON: ${(error as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new CliError('input', `${fileName} must hold a JSON object with a "type"`);
    }
    const object = value as Record<string, unknown>;
    if (isStudy(object)) {
      const units = object.units;
      if (units !== undefined && (units === null || typeof units !== 'object')) {
        throw new CliError('input', '"units" must map document ids to lists of [start, end) ranges');
      }
      return {
        kind: 'study',
        study: {
          documents: object.documents as AgreementStudy['documents'],
          coders: (object.coders ?? []) as AgreementStudy['coders'],
          codes: (object.codes ?? []) as AgreementStudy['codes'],
          codings: object.codings as AgreementStudy['codings'],
        },
        units: (units ?? null) as Record<string, [number, number][]> | null,
      };
    }
    const input = parseAgreementInput(object);
    if (input.type === 'continuum') return { kind: 'continuum', input };
    const coderCount = input.data.coderCount;
    return { kind: 'units_x_coders', input, coderNames: Array.from({ length: coderCount }, (_, i) => `coder${i + 1}`) };
  } catch (error) {
    if (error instanceof AgreementError) throw new CliError('input', `${fileName}: ${error.message}`);
    throw error;
  }
}

/** How a `.qdpx` becomes a study: `--with-consensus`, and whether `--unit unit` needs its transcript units. */
export interface QdpxStudyOptions {
  readonly withConsensus: boolean;
  readonly units: boolean;
}

/**
 * Reads an agreement input from a file's bytes: a REFI-QDA project (a zip, by its signature — or
 * named `.qdpx`/`.qde`, so a damaged one gets the reader's sentence) becomes a study, anything else
 * is text for `readAgreementInput`.
 *
 * @example
 * readAgreementFile(bytes, 'study.qdpx', { withConsensus: false, units: false }).kind // 'study'
 */
export function readAgreementFile(bytes: Uint8Array, fileName: string, options: QdpxStudyOptions): CliInput {
  if (isZip(bytes) || /\.(qdpx|qde)$/i.test(fileName)) {
    const { study, units, names, reading } = readQdpxStudy(bytes, fileName, options);
    return { kind: 'study', study, units, names, qdpx: reading };
  }
  return readAgreementInput(new TextDecoder().decode(bytes), fileName);
}
