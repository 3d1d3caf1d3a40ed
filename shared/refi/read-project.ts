import { dateTimePattern } from './model-check.ts';
import { QdpxArchive, type ArchiveEntry } from './qdpx-archive.ts';
import { readCodes, type CodeDraft } from './read-codes.ts';
import { readVariableValues } from './read-values.ts';
import { ReadReport } from './read-report.ts';
import { RefiError } from './refi-error.ts';
import { refiGuid } from './refi-guid.ts';
import { formatOverLimit, resolveRefiLimits, type RefiLimits } from './refi-limits.ts';
import {
  RefiVariableType,
  walkCodes,
  type RefiCase,
  type RefiCoding,
  type RefiNote,
  type RefiProject,
  type RefiSelection,
  type RefiSet,
  type RefiSkipped,
  type RefiTextSource,
  type RefiUser,
  type RefiVariable,
} from './refi-model.ts';
import { decodeSourceText, ImportedSourceText, LineEndingCount } from './source-text.ts';
import { EntryLookup, resolveSourcePath, type SourcePath } from './source-paths.ts';
import { attribute, checkRoot, childrenByName, childText, guidAttribute, isQdaElement, reportUnknownElement } from './xml-access.ts';
import { parseXml, type XmlElement } from './xml-tree.ts';

export interface RefiReadOptions {
  /** The uploaded file's name, for messages (default `project.qdpx`). */
  readonly fileName?: string;
  readonly limits?: RefiLimits;
  /**
   * Apply Accord's text normalisation to every source (default true), carrying selections with it
   * (`normalizeWithOffsets`). False keeps the text exactly as the file has it.
   */
  readonly normalize?: boolean;
  /**
   * How selection positions count `\r\n`: `auto` (default) counts it as one when the project's
   * `origin` names ATLAS.ti, as two (as stored) otherwise.
   */
  readonly lineEndings?: 'auto' | LineEndingCount;
}

export interface RefiReadResult {
  readonly project: RefiProject;
  /** What was not brought into the model, each with its reason. */
  readonly skipped: RefiSkipped[];
  /** What was changed on the way (a GUID given, a selection widened to whole characters), grouped. */
  readonly warnings: RefiSkipped[];
}

const projectChildren = ['Users', 'CodeBook', 'Variables', 'Cases', 'Sources', 'Notes', 'Links', 'Sets', 'Graphs', 'Description', 'NoteRef'];
const textSourceChildren = ['Description', 'PlainTextContent', 'PlainTextSelection', 'Coding', 'NoteRef', 'VariableValue'];
const otherSources: Readonly<Record<string, { readonly label: string; readonly selection: string }>> = {
  PDFSource: { label: 'a PDF', selection: 'PDFSelection' },
  PictureSource: { label: 'a picture', selection: 'PictureSelection' },
  AudioSource: { label: 'an audio', selection: 'AudioSelection' },
  VideoSource: { label: 'a video', selection: 'VideoSelection' },
};

/**
 * Reads a `.qdpx` into the plain model, refusing unsafe or unreadable input with a `RefiError`
 * (the reasons are in `refi-error.ts`) and listing everything it does not import in `skipped`.
 * Pure: the same bytes give the same result in the browser and on the server.
 *
 * Vendor quirks handled: `Sources/` or `sources/`; `internal://`, `relative://` (ATLAS.ti, with or
 * without `basePath`) and scheme-less paths; `PlainTextContent` instead of a file; a missing or
 * other-version QDA-XML namespace; unknown elements (ignored, reported once per name); CRLF text
 * files (normalised to `\n`, positions carried, counted as one for ATLAS.ti); MAXQDA selections
 * without `Coding` (a `CodeRef` straight in the selection is a coding by the selection's creator;
 * with no code at all the selection stays in the model as an annotation, reported as not imported
 * as a coding); NVivo annotations (a `Link` between a `Note` and a selection or source is read as
 * that object's `NoteRef`); PDF, picture, audio and video sources (skipped, with their codings
 * counted). See `docs/refi.md`.
 *
 * @example
 * const { project, skipped } = readQdpx(bytes, { fileName: 'study.qdpx' });
 * project.sources[0].selections[0].codings[0].creatingUser // the GUID of the coder's RefiUser
 */
export function readQdpx(bytes: Uint8Array, options: RefiReadOptions = {}): RefiReadResult {
  const fileName = options.fileName ?? 'project.qdpx';
  const limits = resolveRefiLimits(options.limits);
  if (bytes.length > limits.maxBytes) {
    const sizes = formatOverLimit(bytes.length, limits.maxBytes);
    throw new RefiError('tooLarge', `${fileName} is ${sizes.size}, more than the ${sizes.limit} Accord accepts.`);
  }
  const archive = QdpxArchive.open(bytes, fileName, { maxEntries: limits.maxEntries, maxUnzippedBytes: limits.maxUnzippedBytes });
  const { entry, root } = findProjectEntry(archive.entries, fileName);
  const xml = archive.inflate([entry]).get(entry)!;
  const document = parseXml(xml, 'project.qde', limits);
  checkRoot(document, 'Project', 'project', `${fileName}: its project.qde`);
  const reader = new ProjectReader(document, archive, new EntryLookup(archive.entries.keys(), root), fileName, options, limits.maxSourceChars);
  return reader.read();
}

/**
 * `project.qde` at the top of the archive (any case), or inside one folder when the export was
 * zipped together with its folder.
 */
function findProjectEntry(entries: ReadonlyMap<string, ArchiveEntry>, fileName: string): { entry: string; root: string } {
  const names = [...entries.keys()];
  const top = names.find((name) => name === 'project.qde') ?? names.find((name) => name.toLowerCase() === 'project.qde');
  if (top) return { entry: top, root: '' };
  const nested = names.filter((name) => /^[^/]+\/project\.qde$/i.test(name));
  if (nested.length === 1) return { entry: nested[0]!, root: nested[0]!.slice(0, nested[0]!.lastIndexOf('/') + 1) };
  throw new RefiError(
    'noProject',
    `${fileName}: the archive has no project.qde, so it is not a REFI-QDA project. ` + 'Export the project again as a REFI-QDA project (.qdpx), or import a codebook (.qdc) as a codebook.',
  );
}

interface SelectionDraft extends RefiSelection {
  codings: RefiCoding[];
  noteGuids: string[];
}
interface SourceDraft extends RefiTextSource {
  selections: SelectionDraft[];
  noteGuids: string[];
}

/** One read of one `project.qde`; the drafts are mutable until `read` returns them as the model. */
class ProjectReader {
  private readonly report = new ReadReport();
  private readonly guids = new Set<string>();
  private readonly users = new Map<string, RefiUser>();
  private codes: CodeDraft[] = [];
  private readonly codeGuids = new Set<string>();
  private readonly variables = new Map<string, RefiVariable>();
  private readonly sources: SourceDraft[] = [];
  private readonly notes = new Map<string, RefiNote>();
  private readonly texts = new Map<XmlElement, SourcePath>();
  private files = new Map<string, Uint8Array>();
  private readonly lineEndings: LineEndingCount;
  private readonly normalize: boolean;

  constructor(
    private readonly root: XmlElement,
    private readonly archive: QdpxArchive,
    private readonly lookup: EntryLookup,
    private readonly fileName: string,
    options: RefiReadOptions,
    private readonly maxSourceChars: number,
  ) {
    const origin = attribute(root, 'origin') ?? '';
    this.lineEndings = options.lineEndings && options.lineEndings !== 'auto' ? options.lineEndings : /atlas/i.test(origin) ? LineEndingCount.asOne : LineEndingCount.asStored;
    this.normalize = options.normalize ?? true;
  }

  read(): RefiReadResult {
    const root = this.root;
    const report = this.report;
    if (root.namespace === null) report.warn('element', 'Project', 'The project has no QDA-XML namespace; it was read as QDA-XML 1.0.');
    else if (root.namespace.toLowerCase() !== 'urn:qda-xml:project:1.0') report.warn('element', 'Project', `The project is in ${root.namespace}; it was read as QDA-XML 1.0.`);
    const groups = childrenByName(root, projectChildren, report);
    for (const users of groups.Users ?? []) this.readUsers(users);
    for (const codebook of groups.CodeBook ?? []) {
      for (const codes of childrenByName(codebook, ['Codes'], report).Codes ?? []) {
        this.codes.push(...readCodes(childrenByName(codes, ['Code'], report).Code ?? [], report, this.guids));
      }
    }
    for (const code of walkCodes(this.codes)) this.codeGuids.add(code.guid);
    for (const variables of groups.Variables ?? []) this.readVariables(variables);

    // Every text file the project names is inflated in one pass, within the archive's budget.
    const sourceElements = (groups.Sources ?? []).flatMap((sources) => sources.children.filter(isQdaElement));
    const noteElements = (groups.Notes ?? []).flatMap((notes) => childrenByName(notes, ['Note'], report).Note ?? []);
    const basePath = attribute(root, 'basePath');
    for (const element of [...sourceElements.filter((e) => e.name === 'TextSource'), ...noteElements]) {
      const path = attribute(element, 'plainTextPath');
      if (path !== null) this.texts.set(element, resolveSourcePath(path, this.lookup, basePath, this.fileName));
    }
    const entries = [...this.texts.values()].flatMap((path) => (path.kind === 'entry' ? [path.entry] : []));
    this.files = this.archive.inflate(entries);

    for (const element of noteElements) this.readNote(element);
    for (const sources of groups.Sources ?? []) {
      for (const element of sources.children) {
        if (isQdaElement(element) && element.name === 'TextSource') this.readTextSource(element);
        else if (isQdaElement(element) && otherSources[element.name]) this.skipOtherSource(element);
        else reportUnknownElement(report, element, sources);
      }
    }
    const cases = (groups.Cases ?? []).flatMap((cases) => (childrenByName(cases, ['Case'], report).Case ?? []).map((kase) => this.readCase(kase)));
    for (const links of groups.Links ?? []) this.foldLinks(links);
    const sets = (groups.Sets ?? []).flatMap((sets) => (childrenByName(sets, ['Set'], report).Set ?? []).map((set) => this.readSet(set)));
    for (const graphs of groups.Graphs ?? []) report.skip('element', 'Graphs', `The project's ${graphs.children.length} graph(s) (network views) are not imported.`);
    this.reportAnnotations();

    const projectNotes = this.noteRefs(groups.NoteRef ?? []);
    const project: RefiProject = {
      name: attribute(root, 'name') ?? this.fileName.replace(/\.qdpx$/i, ''),
      origin: attribute(root, 'origin'),
      creatingUser: this.userRef(guidAttribute(root, 'creatingUserGUID'), 'the project'),
      creationDateTime: this.dateTime(root, 'creationDateTime', 'the project'),
      modifyingUser: this.userRef(guidAttribute(root, 'modifyingUserGUID'), 'the project'),
      modifiedDateTime: this.dateTime(root, 'modifiedDateTime', 'the project'),
      basePath,
      description: childText(groups.Description),
      users: [...this.users.values()],
      codes: this.codes,
      variables: [...this.variables.values()],
      cases,
      sources: this.sources,
      notes: [...this.notes.values()],
      sets,
      noteGuids: projectNotes,
    };
    this.dropDanglingNotes(project);
    return { project, skipped: report.skipped, warnings: report.warnings };
  }

  /** A GUID unique in this project: the one written, or a stable new one when it is missing or taken. */
  private claim(guid: string | null, kind: string, fallback: string, label: string): string {
    if (guid !== null && !this.guids.has(guid)) {
      this.guids.add(guid);
      return guid;
    }
    let made = refiGuid(`imported-${kind}`, `${fallback}:${guid ?? ''}`);
    for (let attempt = 1; this.guids.has(made); attempt++) made = refiGuid(`imported-${kind}`, `${fallback}:${guid ?? ''}:${attempt}`);
    this.report.warn(kind, label, guid === null ? `It has no GUID; Accord gave it one.` : `Its GUID is used twice in the project; Accord gave it a new one.`);
    this.guids.add(made);
    return made;
  }

  private readUsers(element: XmlElement): void {
    for (const [index, user] of (childrenByName(element, ['User'], this.report).User ?? []).entries()) {
      const guid = guidAttribute(user, 'guid');
      const name = attribute(user, 'name');
      if (guid === null) {
        this.report.skip('user', name ?? `user ${index + 1}`, 'The user has no GUID, so nothing can refer to it.');
        continue;
      }
      if (this.users.has(guid)) {
        this.report.warn('user', name ?? guid, 'The user is listed twice; the first entry was kept.');
        continue;
      }
      this.guids.add(guid);
      this.users.set(guid, { guid, name, id: attribute(user, 'id') });
    }
  }

  /** A user reference; a GUID not listed under Users becomes a user without a name (reported). */
  private userRef(guid: string | null, what: string): string | null {
    if (guid === null || this.users.has(guid)) return guid;
    this.report.warn('user', guid, `${capitalize(what)} names a user that is not listed under Users; the user was added without a name.`);
    this.users.set(guid, { guid, name: null, id: null });
    this.guids.add(guid);
    return guid;
  }

  private dateTime(element: XmlElement, name: string, what: string): string | null {
    const value = attribute(element, name);
    if (value === null || dateTimePattern.test(value)) return value;
    this.report.warn('date', what, `A ${name} of "${value}" is not a date and time; it was left out.`);
    return null;
  }

  private readVariables(element: XmlElement): void {
    for (const [index, variable] of (childrenByName(element, ['Variable'], this.report).Variable ?? []).entries()) {
      const name = attribute(variable, 'name') ?? `Variable ${index + 1}`;
      const guid = this.claim(guidAttribute(variable, 'guid'), 'variable', `${index}:${name}`, name);
      const declared = attribute(variable, 'typeOfVariable');
      const type = Object.values(RefiVariableType).find((t) => t.toLowerCase() === declared?.toLowerCase());
      if (!type) this.report.warn('variable', name, `Its type "${declared ?? ''}" is not a QDA-XML variable type; it was read as Text.`);
      this.variables.set(guid, { guid, name, type: type ?? RefiVariableType.text, description: childText(childrenByName(variable, ['Description'], this.report).Description) });
    }
  }

  /** The text of a source or note: its file when that resolves, else its `PlainTextContent`. */
  private textOf(element: XmlElement, content: string | null | undefined): { text: string } | { reason: string } {
    const path = this.texts.get(element);
    if (path?.kind === 'entry') {
      const text = decodeSourceText(this.files.get(path.entry) ?? new Uint8Array());
      if (text !== null) return { text };
      if (content === undefined) return { reason: `Its text file (${path.entry}) is not UTF-8 text, so its positions cannot be trusted.` };
    }
    if (content !== undefined) return { text: content ?? '' };
    if (path?.kind === 'unavailable') return { reason: path.reason };
    if (attribute(element, 'richTextPath')) return { reason: 'It has only rich text (no plain text), which Accord does not read.' };
    return { reason: 'It has no text: neither a plainTextPath nor PlainTextContent.' };
  }

  private readNote(element: XmlElement): void {
    const name = attribute(element, 'name');
    const label = name ?? 'a note';
    const guid = this.claim(guidAttribute(element, 'guid'), 'note', `${this.notes.size}:${name ?? ''}`, label);
    const groups = childrenByName(element, textSourceChildren, this.report);
    const text = this.textOf(element, groups.PlainTextContent ? (groups.PlainTextContent[0]!.text ?? '') : undefined);
    if ('reason' in text) {
      this.report.skip('note', label, text.reason);
      return;
    }
    if ((groups.PlainTextSelection?.length ?? 0) + (groups.Coding?.length ?? 0) > 0) {
      this.report.skip('coding', label, 'Codings inside a note are not imported: Accord codes documents, not memos.');
    }
    this.notes.set(guid, {
      guid,
      name,
      text: text.text,
      creatingUser: this.userRef(guidAttribute(element, 'creatingUser'), `note "${label}"`),
      creationDateTime: this.dateTime(element, 'creationDateTime', label),
      modifyingUser: this.userRef(guidAttribute(element, 'modifyingUser'), `note "${label}"`),
      modifiedDateTime: this.dateTime(element, 'modifiedDateTime', label),
    });
  }

  private readTextSource(element: XmlElement): void {
    const groups = childrenByName(element, textSourceChildren, this.report);
    const name = attribute(element, 'name') ?? `Source ${this.sources.length + 1}`;
    const selections = groups.PlainTextSelection ?? [];
    const text = this.textOf(element, groups.PlainTextContent ? groups.PlainTextContent[0]!.text : undefined);
    const lost = () => (selections.length > 0 ? ` Its ${selections.length} coded passage(s) were not imported either.` : '');
    if ('reason' in text) {
      this.report.skip('source', name, text.reason + lost());
      return;
    }
    if (text.text.length > this.maxSourceChars) {
      this.report.skip('source', name, `Its text has ${text.text.length} characters, more than the ${this.maxSourceChars} Accord accepts for one document.${lost()}`);
      return;
    }
    const guid = this.claim(guidAttribute(element, 'guid'), 'source', `${this.sources.length}:${name}`, name);
    const imported = new ImportedSourceText(text.text, { normalize: this.normalize, lineEndings: this.lineEndings });
    if (groups.Coding?.length) {
      this.report.skip('coding', name, `${groups.Coding.length} coding(s) of the whole source (not of a passage) were not imported.`);
    }
    const source: SourceDraft = {
      guid,
      name,
      text: imported.text,
      description: childText(groups.Description),
      creatingUser: this.userRef(guidAttribute(element, 'creatingUser'), `source "${name}"`),
      creationDateTime: this.dateTime(element, 'creationDateTime', name),
      modifyingUser: this.userRef(guidAttribute(element, 'modifyingUser'), `source "${name}"`),
      modifiedDateTime: this.dateTime(element, 'modifiedDateTime', name),
      selections: [],
      noteGuids: this.noteRefs(groups.NoteRef ?? []),
      values: readVariableValues(groups.VariableValue ?? [], this.variables, this.report, name),
    };
    for (const [index, selection] of selections.entries()) {
      const draft = this.readSelection(selection, index, source, imported);
      if (draft) source.selections.push(draft);
    }
    this.sources.push(source);
  }

  private readSelection(element: XmlElement, index: number, source: SourceDraft, imported: ImportedSourceText): SelectionDraft | null {
    const start = parseInteger(attribute(element, 'startPosition'));
    const end = parseInteger(attribute(element, 'endPosition'));
    const label = `${source.name}: ${start ?? '?'}–${end ?? '?'}`;
    const groups = childrenByName(element, ['Description', 'Coding', 'NoteRef', 'CodeRef'], this.report);
    const codingCount = (groups.Coding?.length ?? 0) + (groups.CodeRef?.length ?? 0);
    const what = codingCount === 0 ? 'selection' : 'coding';
    if (start === null || end === null) {
      this.report.skip(what, label, 'It has no valid startPosition and endPosition.');
      return null;
    }
    const placed = imported.place(start, end);
    if (!placed.ok) {
      this.report.skip(what, label, placed.reason);
      return null;
    }
    if (placed.widened) this.report.warn('selection', label, 'It began or ended inside a character that importing composed (NFC); it now covers the whole character.');
    const guid = this.claim(guidAttribute(element, 'guid'), 'selection', `${source.guid}:${index}`, label);
    const creatingUser = this.userRef(guidAttribute(element, 'creatingUser') ?? guidAttribute(element, 'modifyingUser'), `selection ${label}`);
    const selection: SelectionDraft = {
      guid,
      name: attribute(element, 'name'),
      start: placed.start,
      end: placed.end,
      creatingUser,
      creationDateTime: this.dateTime(element, 'creationDateTime', label),
      modifyingUser: this.userRef(guidAttribute(element, 'modifyingUser'), `selection ${label}`),
      modifiedDateTime: this.dateTime(element, 'modifiedDateTime', label),
      description: childText(groups.Description),
      codings: [],
      noteGuids: this.noteRefs(groups.NoteRef ?? []),
    };
    for (const [codingIndex, coding] of (groups.Coding ?? []).entries()) {
      const codingGroups = childrenByName(coding, ['CodeRef', 'NoteRef'], this.report);
      const codeGuid = codingGroups.CodeRef?.[0] ? guidAttribute(codingGroups.CodeRef[0], 'targetGUID') : null;
      if (!this.knownCode(codeGuid, label)) continue;
      const coder = this.userRef(guidAttribute(coding, 'creatingUser'), `a coding of ${label}`) ?? creatingUser;
      if (coder === null) this.report.warn('coding', label, 'Neither the coding nor its selection names the user who made it.');
      selection.codings.push({
        guid: this.claim(guidAttribute(coding, 'guid'), 'coding', `${guid}:${codingIndex}`, label),
        codeGuid: codeGuid!,
        creatingUser: coder,
        creationDateTime: this.dateTime(coding, 'creationDateTime', label) ?? selection.creationDateTime,
        noteGuids: this.noteRefs(codingGroups.NoteRef ?? []),
      });
    }
    // MAXQDA quirk: a CodeRef straight inside the selection, no Coding around it.
    for (const ref of groups.CodeRef ?? []) {
      const codeGuid = guidAttribute(ref, 'targetGUID');
      if (!this.knownCode(codeGuid, label)) continue;
      this.report.warn('coding', label, 'The selection names its code without a Coding element (as MAXQDA can); it was read as a coding by the selection’s creator.');
      selection.codings.push({
        guid: this.claim(null, 'coding', `${guid}:ref:${codeGuid}`, label),
        codeGuid: codeGuid!,
        creatingUser,
        creationDateTime: selection.creationDateTime,
        noteGuids: [],
      });
    }
    if (codingCount > 0 && selection.codings.length === 0) return null; // each coding was reported
    return selection;
  }

  private knownCode(codeGuid: string | null, label: string): boolean {
    if (codeGuid === null) {
      this.report.skip('coding', label, 'The coding names no code (it has no CodeRef).');
      return false;
    }
    if (!this.codeGuids.has(codeGuid)) {
      this.report.skip('coding', label, `It refers to a code (${codeGuid}) that is not in the codebook.`);
      return false;
    }
    return true;
  }

  private skipOtherSource(element: XmlElement): void {
    const kind = otherSources[element.name]!;
    const name = attribute(element, 'name') ?? attribute(element, 'path') ?? `${kind.label} source`;
    const passages = countDescendants(element, new Set([kind.selection, 'PlainTextSelection', 'TranscriptSelection']));
    const lost = passages > 0 ? ` Its ${passages} coded passage(s) were not imported either.` : '';
    this.report.skip('source', name, `It is ${kind.label} source; Accord imports text sources only.${lost}`);
  }

  private readCase(element: XmlElement): RefiCase {
    const groups = childrenByName(element, ['Description', 'CodeRef', 'VariableValue', 'SourceRef', 'SelectionRef'], this.report);
    const name = attribute(element, 'name');
    const label = name ?? 'a case';
    if (groups.CodeRef?.length) this.report.skip('case', label, `${groups.CodeRef.length} code(s) applied to the case as a whole were not imported.`);
    if (groups.SelectionRef?.length) this.report.skip('case', label, `${groups.SelectionRef.length} passage(s) assigned to the case were not imported.`);
    const known = new Set(this.sources.map((s) => s.guid));
    const sourceGuids: string[] = [];
    for (const ref of groups.SourceRef ?? []) {
      const guid = guidAttribute(ref, 'targetGUID');
      if (guid !== null && known.has(guid)) sourceGuids.push(guid);
      else this.report.warn('case', label, 'The case refers to a source that was not imported; that reference was left out.');
    }
    return {
      guid: this.claim(guidAttribute(element, 'guid'), 'case', `case:${label}`, label),
      name,
      description: childText(groups.Description),
      values: readVariableValues(groups.VariableValue ?? [], this.variables, this.report, label),
      sourceGuids,
    };
  }

  /**
   * NVivo writes an annotation as a `Note` and a `Link` between the note and the annotated
   * selection (or source, or code). Such a link is read as that object's `NoteRef`.
   */
  private foldLinks(element: XmlElement): void {
    const selections = new Map(this.sources.flatMap((s) => s.selections.map((sel) => [sel.guid, sel] as const)));
    const sources = new Map(this.sources.map((s) => [s.guid, s]));
    const codes = new Map([...walkCodes(this.codes)].map((c) => [c.guid, c as CodeDraft]));
    for (const link of childrenByName(element, ['Link'], this.report).Link ?? []) {
      const origin = guidAttribute(link, 'originGUID');
      const target = guidAttribute(link, 'targetGUID');
      const label = attribute(link, 'name') ?? `link ${origin ?? '?'} → ${target ?? '?'}`;
      const [note, other] = origin !== null && this.notes.has(origin) ? [origin, target] : target !== null && this.notes.has(target) ? [target, origin] : [null, null];
      const holder = other === null ? undefined : (selections.get(other) ?? sources.get(other) ?? codes.get(other));
      if (note === null || !holder) {
        this.report.skip('link', label, 'Only links between a note and a passage, source or code are imported (as that note on it).');
        continue;
      }
      if (!holder.noteGuids.includes(note)) holder.noteGuids.push(note);
    }
  }

  private readSet(element: XmlElement): RefiSet {
    const groups = childrenByName(element, ['Description', 'MemberCode', 'MemberSource', 'MemberNote'], this.report);
    const name = attribute(element, 'name') ?? 'Set';
    const sources = new Set(this.sources.map((s) => s.guid));
    const members = (refs: readonly XmlElement[] | undefined, known: ReadonlySet<string> | ReadonlyMap<string, unknown>, kind: string): string[] => {
      const found: string[] = [];
      for (const ref of refs ?? []) {
        // The codebook schema names a member by `guid`, the project schema by `targetGUID`.
        const guid = guidAttribute(ref, 'targetGUID') ?? guidAttribute(ref, 'guid');
        if (guid !== null && known.has(guid)) found.push(guid);
        else this.report.warn('set', name, `The set lists a ${kind} that is not in the project (or was not imported); it was left out.`);
      }
      return found;
    };
    return {
      guid: this.claim(guidAttribute(element, 'guid'), 'set', `set:${name}`, name),
      name,
      description: childText(groups.Description),
      codeGuids: members(groups.MemberCode, this.codeGuids, 'code'),
      sourceGuids: members(groups.MemberSource, sources, 'source'),
      noteGuids: members(groups.MemberNote, this.notes, 'note'),
    };
  }

  /** Note GUIDs as written; those that lead nowhere are dropped at the end (`dropDanglingNotes`). */
  private noteRefs(refs: readonly XmlElement[]): string[] {
    return refs.map((ref) => guidAttribute(ref, 'targetGUID')).filter((guid): guid is string => guid !== null);
  }

  /** Selections without a code stay in the model (their comment is data) but are no coding. */
  private reportAnnotations(): void {
    for (const source of this.sources) {
      source.selections = source.selections.filter((selection) => {
        if (selection.codings.length > 0) return true;
        const label = `${source.name}: ${selection.start}–${selection.end}`;
        const hasComment = selection.description !== null || selection.noteGuids.length > 0;
        this.report.skip(
          'selection',
          label,
          hasComment
            ? 'It applies no code: it is a comment on a passage (an annotation), so no coding was made from it; its comment is kept with the source.'
            : 'It applies no code and has no comment.',
        );
        return hasComment;
      });
    }
  }

  /** Note references that lead nowhere (a missing or skipped note) are left out, once reported. */
  private dropDanglingNotes(project: RefiProject): void {
    const keep = (guids: string[], what: string): void => {
      for (let i = guids.length - 1; i >= 0; i--) {
        if (this.notes.has(guids[i]!)) continue;
        this.report.warn('note', what, 'It refers to a note that is not in the project (or was not imported); the reference was left out.');
        guids.splice(i, 1);
      }
    };
    keep(project.noteGuids as string[], 'the project');
    for (const code of walkCodes(this.codes)) keep((code as CodeDraft).noteGuids, `code "${code.name}"`);
    for (const source of this.sources) {
      keep(source.noteGuids, `source "${source.name}"`);
      for (const selection of source.selections) {
        keep(selection.noteGuids, `${source.name}: ${selection.start}–${selection.end}`);
        for (const coding of selection.codings) keep(coding.noteGuids as string[], `a coding in ${source.name}`);
      }
    }
  }
}

/** `xsd:integer`, within JavaScript's safe integers; null otherwise. */
function parseInteger(value: string | null): number | null {
  if (value === null || !/^[+-]?\d+$/.test(value)) return null;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : null;
}

function countDescendants(element: XmlElement, names: ReadonlySet<string>): number {
  let count = 0;
  const stack = [...element.children];
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (names.has(child.name)) count++;
    stack.push(...child.children);
  }
  return count;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
