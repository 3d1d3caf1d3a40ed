/**
 * A plain model of a REFI-QDA project (QDA-XML 1.0, `project.qde` inside a `.qdpx`) and codebook
 * (`.qdc`): what `writeProjectXml`/`writeQdpx`/`writeCodebookXml` take and what `readQdpx`/
 * `readCodebook` return. Only the parts Accord uses or must report are modelled; the rest of the
 * schema (graphs, PDF/picture/audio/video selections) is listed as skipped on import.
 *
 * Conventions:
 * - GUIDs are lower-case, without braces (`refiGuid`, `normalizeGuid`); references hold the GUID
 *   of the element they point to.
 * - Selection positions are Unicode **code points** into `RefiTextSource.text` (QDA-XML's unit),
 *   not the UTF-16 code units of Accord's editor; convert with `CodePointIndex` (`code-points.ts`).
 * - Dates are `xsd:dateTime` strings (`2024-05-01T09:30:00Z`), or null when unknown.
 *
 * Mapping to Accord (the routes build the model from Accord data and back; `docs/refi.md`):
 * - **Coder layer → `RefiUser`.** One user per coder whose layer is exported; `RefiUser.id` holds
 *   the Accord account id so a re-import can match the layer. **Consensus → its own user**
 *   (`id: 'consensus'`, name "Consensus"), so it never merges with a coder's codings.
 * - **Code → `RefiCode`** (tree by `children`; `color` from the code colour; `description` from the
 *   definition, with inclusion/exclusion/examples appended as labelled paragraphs; a parent that
 *   exists only to group its children is `isCodable: false`).
 * - **Coding → `RefiSelection` with one `RefiCoding`.** Accord writes one selection per coding, so
 *   the coding memo is the selection's `description` and the coder is both the selection's and the
 *   coding's `creatingUser`. On import a selection may carry several codings (other tools group
 *   them); each becomes a coding in the layer of its `creatingUser`, falling back to the
 *   selection's, and shares the selection's description as its memo.
 * - **Document memo → `RefiNote`** referenced by the source's `noteGuids` (a `NoteRef`).
 *   **Project memo → `RefiNote`** referenced by `RefiProject.noteGuids` (project-level `NoteRef`).
 * - **Participant attributes → `RefiVariable`s, and one `RefiCase` per document** holding its
 *   values and a `SourceRef` to it. A category attribute is a `Text` variable (QDA-XML has no
 *   category type). Values found directly on a source (MAXQDA's document variables) are read too.
 * - **Stage set and code domains → `RefiSet`s of codes** (QDA-XML sets are unordered, so the stage
 *   order is also written in the set's description). Document sets → `RefiSet`s of sources.
 */

/** A QDA-XML `User`: in Accord, one coder layer (or the consensus). */
export interface RefiUser {
  readonly guid: string;
  readonly name: string | null;
  /** Free identifier (`User/@id`): Accord writes its account id, or `consensus`. */
  readonly id: string | null;
}

/** A QDA-XML `Code`, with its sub-codes. */
export interface RefiCode {
  readonly guid: string;
  readonly name: string;
  /** False for a grouping parent that cannot be applied to text itself. */
  readonly isCodable: boolean;
  /** `#rrggbb` (or `#rgb` as some tools write); null when the code has none. */
  readonly color: string | null;
  /** The code's definition (QDA-XML `Description`); null when absent. */
  readonly description: string | null;
  readonly noteGuids: readonly string[];
  readonly children: readonly RefiCode[];
}

/** QDA-XML `typeOfVariable`. */
export const RefiVariableType = {
  text: 'Text',
  boolean: 'Boolean',
  integer: 'Integer',
  float: 'Float',
  date: 'Date',
  dateTime: 'DateTime',
} as const;
export type RefiVariableType = (typeof RefiVariableType)[keyof typeof RefiVariableType];

/** A QDA-XML `Variable`: in Accord, a participant attribute field. */
export interface RefiVariable {
  readonly guid: string;
  readonly name: string;
  readonly type: RefiVariableType;
  readonly description: string | null;
}

/**
 * One `VariableValue`. The value's type is written from its variable's type:
 * Text/Date/DateTime → string (`2024-05-01`, `2024-05-01T09:30:00Z`), Boolean → boolean,
 * Integer/Float → number (finite; an Integer must be a safe integer).
 */
export interface RefiVariableValue {
  readonly variableGuid: string;
  readonly value: string | number | boolean;
}

/** A QDA-XML `Case`: in Accord, the participant a document belongs to. */
export interface RefiCase {
  readonly guid: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly values: readonly RefiVariableValue[];
  readonly sourceGuids: readonly string[];
}

/** One code applied to a selection (`Coding` + `CodeRef`). */
export interface RefiCoding {
  readonly guid: string;
  readonly codeGuid: string;
  /** The coder; on import falls back to the selection's `creatingUser` when the coding has none. */
  readonly creatingUser: string | null;
  readonly creationDateTime: string | null;
  readonly noteGuids: readonly string[];
}

/** A `PlainTextSelection`: a span of a text source, in code points, half-open `[start, end)`. */
export interface RefiSelection {
  readonly guid: string;
  readonly name: string | null;
  readonly start: number;
  readonly end: number;
  readonly creatingUser: string | null;
  readonly creationDateTime: string | null;
  readonly modifyingUser: string | null;
  readonly modifiedDateTime: string | null;
  /** The coding memo. */
  readonly description: string | null;
  /** Empty for an annotation (a comment on a span without a code, as MAXQDA and NVivo write them). */
  readonly codings: readonly RefiCoding[];
  /** Notes on this span (`NoteRef`, and NVivo's `Link`s from a note, folded in on import). */
  readonly noteGuids: readonly string[];
}

/** A `TextSource`: in Accord, a document (its transcript text). */
export interface RefiTextSource {
  readonly guid: string;
  readonly name: string;
  /** Plain text, `\n` line endings; written to `sources/<guid>.txt` as UTF-8 without a BOM. */
  readonly text: string;
  readonly description: string | null;
  readonly creatingUser: string | null;
  readonly creationDateTime: string | null;
  readonly modifyingUser: string | null;
  readonly modifiedDateTime: string | null;
  readonly selections: readonly RefiSelection[];
  /** The document memo (and NVivo annotations linked to the whole source). */
  readonly noteGuids: readonly string[];
  /** Values stored on the source itself (MAXQDA's document variables); Accord writes cases. */
  readonly values: readonly RefiVariableValue[];
}

/** A `Note` (QDA-XML gives notes the shape of a text source; only their text is used). */
export interface RefiNote {
  readonly guid: string;
  readonly name: string | null;
  readonly text: string;
  readonly creatingUser: string | null;
  readonly creationDateTime: string | null;
  readonly modifyingUser: string | null;
  readonly modifiedDateTime: string | null;
}

/** A `Set` of codes, sources and notes. */
export interface RefiSet {
  readonly guid: string;
  readonly name: string;
  readonly description: string | null;
  readonly codeGuids: readonly string[];
  readonly sourceGuids: readonly string[];
  readonly noteGuids: readonly string[];
}

/** A whole `project.qde`. */
export interface RefiProject {
  readonly name: string;
  /** The tool and version that wrote it, e.g. `Accord 0.1.0`, `MAXQDA 2022`, `ATLAS.ti 23`. */
  readonly origin: string | null;
  readonly creatingUser: string | null;
  readonly creationDateTime: string | null;
  readonly modifyingUser: string | null;
  readonly modifiedDateTime: string | null;
  /** Where `relative://` source paths point (outside the archive; never read by Accord). */
  readonly basePath: string | null;
  readonly description: string | null;
  readonly users: readonly RefiUser[];
  readonly codes: readonly RefiCode[];
  readonly variables: readonly RefiVariable[];
  readonly cases: readonly RefiCase[];
  readonly sources: readonly RefiTextSource[];
  readonly notes: readonly RefiNote[];
  readonly sets: readonly RefiSet[];
  /** Project memo(s): project-level `NoteRef`s. */
  readonly noteGuids: readonly string[];
}

/** A `Set` in a codebook (`.qdc`): codes only. */
export interface RefiCodeSet {
  readonly guid: string;
  readonly name: string;
  readonly description: string | null;
  readonly codeGuids: readonly string[];
}

/** A whole `.qdc` codebook. */
export interface RefiCodebook {
  readonly origin: string | null;
  readonly codes: readonly RefiCode[];
  readonly sets: readonly RefiCodeSet[];
}

/** What a reader did not bring into the model, or changed on the way: never dropped silently. */
export interface RefiSkipped {
  /** `source`, `selection`, `coding`, `code`, `note`, `variable`, `value`, `case`, `set`, `user`, `element`. */
  readonly kind: string;
  /** What the researcher knows it by: a source name, `P07.txt: 120–180`, a code name, an element name. */
  readonly name: string;
  /** A sentence saying why. */
  readonly reason: string;
}

/** Visits every code of a tree, parents before children. */
export function* walkCodes(codes: readonly RefiCode[]): Generator<RefiCode> {
  for (const code of codes) {
    yield code;
    yield* walkCodes(code.children);
  }
}
