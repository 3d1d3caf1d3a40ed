import type { AgreementStudy, StudyCode, StudyCoder, StudyCoding } from '../agreement/index.ts';
import { ImportError, importTranscript } from '../import/index.ts';
import { CodePointIndex, walkCodes, type RefiProject } from '../refi/index.ts';

/** `User/@id` of Accord's consensus layer in its own export (docs/refi.md, "Mapping"). */
export const refiConsensusUserId = 'consensus';

/** The coder id given to codings that name no user: one "unnamed coder", as the import makes one account for them. */
export const unnamedCoderId = 'unnamed-coder';

export interface RefiStudyOptions {
  /** Compare the consensus user's codings as one more coder (default: left out, and counted). */
  readonly withConsensus?: boolean;
  /** Derive each document's transcript units as a `.txt` upload would (for the "unit" report unit). */
  readonly units?: boolean;
}

/** Codings of the file that are not in the study, by why. */
export interface RefiStudyLeftOut {
  /** Their code is not in the file's code tree. */
  readonly unknownCode: number;
  /** Their positions do not name a range of their text. */
  readonly outsideText: number;
  /** The consensus user's, when it is not compared. */
  readonly consensus: number;
}

/** A REFI-QDA project as an agreement study, with the names behind its ids. */
export interface RefiAgreementStudy {
  /**
   * Documents are the text sources (id = GUID, length = UTF-16 length of the imported text);
   * coders the users who made at least one coding (id = GUID, or `unnamedCoderId`); codes every
   * code of the tree (id = GUID, domain from a "Domain: x" set); codings in UTF-16 offsets.
   */
  readonly study: AgreementStudy;
  /** Transcript units per document id, as `importTranscript` cuts a `.txt` of the text; null unless asked for. */
  readonly unitRanges: Record<string, [number, number][]> | null;
  /** Documents (by name) that have no units: Accord's text import refused or changed their text. */
  readonly documentsWithoutUnits: readonly string[];
  readonly names: {
    readonly coders: Readonly<Record<string, string>>;
    readonly documents: Readonly<Record<string, string>>;
    readonly codes: Readonly<Record<string, string>>;
  };
  readonly leftOut: RefiStudyLeftOut;
}

/**
 * The agreement study of a read `.qdpx` (`readQdpx(bytes).project`), built as the dashboard's
 * server builds a project's study (server/agreement/project-study.ts) so `buildAgreementReport`
 * gives the same numbers for a project and for its export: every document, whatever was coded in
 * it; every code of the tree; coders who coded anything. Selections are code points in the file
 * and become UTF-16 offsets (`CodePointIndex.rangeToUtf16`, as the import converts them); a coding
 * that cannot be placed, or applies a code the tree does not have, is left out and counted, never
 * shifted. A coding with no user belongs to one unnamed coder, as on import. Accord's consensus
 * (`User/@id="consensus"`) is not a coder unless `withConsensus`.
 *
 * Not in a REFI-QDA file, so not in this study: a project's document assignments (SPEC KA33) —
 * every coder is compared on every document.
 *
 * @example
 * const { study, names } = refiAgreementStudy(readQdpx(bytes).project);
 * buildAgreementReport(study, { unit: { kind: 'character' } }).perCode[0].codeId // a code GUID; names.codes[it] is its name
 */
export function refiAgreementStudy(project: RefiProject, options: RefiStudyOptions = {}): RefiAgreementStudy {
  const domains = new Map<string, string>();
  for (const set of project.sets) {
    if (set.name.startsWith('Domain: ')) for (const guid of set.codeGuids) domains.set(guid, set.name.slice('Domain: '.length).trim());
  }
  const codes: StudyCode[] = [];
  const codeNames: Record<string, string> = {};
  for (const code of walkCodes(project.codes)) {
    // A GUID used twice is renamed by the reader, so ids are unique here.
    codes.push({ id: code.guid, name: code.name, domain: domains.get(code.guid) ?? null });
    codeNames[code.guid] = code.name;
  }

  const users = new Map(project.users.map((u) => [u.guid, u]));
  const isConsensus = (userGuid: string | null): boolean => userGuid !== null && users.get(userGuid)?.id === refiConsensusUserId;
  const coderIdOf = (userGuid: string | null): string => userGuid ?? unnamedCoderId;

  const documentNames: Record<string, string> = {};
  const codings: StudyCoding[] = [];
  /** Coder ids with at least one coding in the file (placed or not), as the dashboard counts coders. */
  const coded = new Set<string>();
  let unknownCode = 0;
  let outsideText = 0;
  let consensus = 0;
  for (const source of project.sources) {
    documentNames[source.guid] = source.name;
    const index = new CodePointIndex(source.text);
    for (const selection of source.selections) {
      const range = index.rangeToUtf16(selection.start, selection.end);
      for (const coding of selection.codings) {
        // The reader has already fallen back to the selection's user when the coding names none.
        if (isConsensus(coding.creatingUser) && !options.withConsensus) {
          consensus++;
          continue;
        }
        const coderId = coderIdOf(coding.creatingUser);
        coded.add(coderId);
        if (!(coding.codeGuid in codeNames)) unknownCode++;
        else if (!range.ok) outsideText++;
        else codings.push({ documentId: source.guid, coderId, codeId: coding.codeGuid, start: range.start, end: range.end });
      }
    }
  }

  // Coders in the file's user order (the unnamed coder last); a user no coding names is not one.
  const coders: StudyCoder[] = [];
  const coderNames: Record<string, string> = {};
  const addCoder = (id: string, name: string) => {
    coders.push({ id, name });
    coderNames[id] = name;
  };
  for (const user of project.users) {
    if (coded.has(user.guid)) addCoder(user.guid, user.name ?? (isConsensus(user.guid) ? 'Consensus' : `Coder ${user.guid.slice(0, 8)}`));
  }
  // The reader lists every user a coding names; a model built elsewhere may not.
  for (const id of coded) {
    if (id !== unnamedCoderId && !users.has(id)) addCoder(id, `Coder ${id.slice(0, 8)}`);
  }
  if (coded.has(unnamedCoderId)) addCoder(unnamedCoderId, `Unnamed coder (${project.origin ?? 'no origin given'})`);

  let unitRanges: Record<string, [number, number][]> | null = null;
  const documentsWithoutUnits: string[] = [];
  if (options.units) {
    unitRanges = {};
    for (const source of project.sources) {
      const units = transcriptUnits(source.text);
      if (units === null) documentsWithoutUnits.push(source.name);
      unitRanges[source.guid] = units ?? [];
    }
  }

  return {
    study: { documents: project.sources.map((s) => ({ id: s.guid, length: s.text.length })), coders, codes, codings },
    unitRanges,
    documentsWithoutUnits,
    names: { coders: coderNames, documents: documentNames, codes: codeNames },
    leftOut: { unknownCode, outsideText, consensus },
  };
}

/**
 * A text's units as importing it as a `.txt` cuts them (speaker turns, else paragraphs) — the path
 * every imported document takes — or null when that import refuses the text or changes it (then
 * its units would not index this text).
 */
function transcriptUnits(text: string): [number, number][] | null {
  try {
    const imported = importTranscript({ name: 'x.txt', bytes: new TextEncoder().encode(text) });
    if (imported.text !== text) return null;
    return imported.units.map((u) => [u.start, u.end]);
  } catch (error) {
    if (error instanceof ImportError) return null;
    throw error;
  }
}
