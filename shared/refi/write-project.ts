import { strToU8, zipSync, type Zippable } from 'fflate';
import { checkProject } from './model-check.ts';
import {
  RefiVariableType,
  type RefiCase,
  type RefiCode,
  type RefiCoding,
  type RefiNote,
  type RefiProject,
  type RefiSelection,
  type RefiSet,
  type RefiTextSource,
  type RefiVariable,
  type RefiVariableValue,
} from './refi-model.ts';
import { escapeXmlAttribute, escapeXmlText, toXsdDecimal } from './xml-text.ts';

export const projectNamespace = 'urn:QDA-XML:project:1.0';
/** The folder of a `.qdpx` that `internal://` paths point into (lower case, as ATLAS.ti requires). */
export const sourcesFolder = 'sources';
export const projectEntryName = 'project.qde';

/** An XML element as the writer builds it: attributes in schema order, then children or text. */
type Attributes = readonly (readonly [string, string | number | boolean | null | undefined])[];

/** Appends indented XML to `out`; children are written in the order given (the schema's). */
class XmlWriter {
  readonly out: string[] = [];
  private depth = 0;

  open(name: string, attributes: Attributes = [], extra = ''): void {
    this.out.push(`${this.indent()}<${name}${extra}${attributeText(attributes)}>`);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    this.out.push(`${this.indent()}</${name}>`);
  }

  empty(name: string, attributes: Attributes = []): void {
    this.out.push(`${this.indent()}<${name}${attributeText(attributes)}/>`);
  }

  text(name: string, value: string): void {
    this.out.push(`${this.indent()}<${name}>${escapeXmlText(value)}</${name}>`);
  }

  /** Null and empty values are left out: the reader gives both back as null. */
  optionalText(name: string, value: string | null): void {
    if (value !== null && value !== '') this.text(name, value);
  }

  /** Writes `open`, the children (when `body` writes any), `close`; or a self-closed element. */
  element(name: string, attributes: Attributes, body: () => void): void {
    const mark = this.out.length;
    this.open(name, attributes);
    body();
    if (this.out.length === mark + 1) {
      this.out.length = mark;
      this.depth--;
      this.empty(name, attributes);
    } else this.close(name);
  }

  private indent(): string {
    return '  '.repeat(this.depth);
  }
}

function attributeText(attributes: Attributes): string {
  let text = '';
  for (const [name, value] of attributes) {
    if (value === null || value === undefined) continue;
    text += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return text;
}

/**
 * The `project.qde` of a model: UTF-8 XML (no byte-order mark) in the `urn:QDA-XML:project:1.0`
 * namespace, elements in the schema's order, every text source as
 * `plainTextPath="internal://<guid>.txt"` (the text itself goes into the archive: `writeQdpx`),
 * every note likewise. Throws `RefiError('invalidModel')` when the model breaks a rule.
 *
 * @example
 * writeProjectXml({ name: 'Study', …, users: [{ guid, name: 'Ana', id: 'u1' }], … })
 * // '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Study" …'
 */
export function writeProjectXml(project: RefiProject): string {
  checkProject(project);
  const xml = new XmlWriter();
  xml.open(
    'Project',
    [
      ['name', project.name],
      ['origin', project.origin],
      ['creatingUserGUID', project.creatingUser],
      ['creationDateTime', project.creationDateTime],
      ['modifyingUserGUID', project.modifyingUser],
      ['modifiedDateTime', project.modifiedDateTime],
      ['basePath', project.basePath],
    ],
    ` xmlns="${projectNamespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${projectNamespace} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"`,
  );
  if (project.users.length > 0) {
    xml.open('Users');
    for (const user of project.users) xml.empty('User', [['guid', user.guid], ['name', user.name], ['id', user.id]]);
    xml.close('Users');
  }
  if (project.codes.length > 0) {
    xml.open('CodeBook');
    xml.open('Codes');
    for (const code of project.codes) writeCode(xml, code, true);
    xml.close('Codes');
    xml.close('CodeBook');
  }
  const variableTypes = new Map(project.variables.map((v) => [v.guid, v.type]));
  if (project.variables.length > 0) {
    xml.open('Variables');
    for (const variable of project.variables) writeVariable(xml, variable);
    xml.close('Variables');
  }
  if (project.cases.length > 0) {
    xml.open('Cases');
    for (const kase of project.cases) writeCase(xml, kase, variableTypes);
    xml.close('Cases');
  }
  if (project.sources.length > 0) {
    xml.open('Sources');
    for (const source of project.sources) writeSource(xml, source, variableTypes);
    xml.close('Sources');
  }
  if (project.notes.length > 0) {
    xml.open('Notes');
    for (const note of project.notes) writeNote(xml, note);
    xml.close('Notes');
  }
  if (project.sets.length > 0) {
    xml.open('Sets');
    for (const set of project.sets) writeSet(xml, set);
    xml.close('Sets');
  }
  xml.optionalText('Description', project.description);
  for (const guid of project.noteGuids) xml.empty('NoteRef', [['targetGUID', guid]]);
  xml.close('Project');
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml.out.join('\n')}\n`;
}

/**
 * A `.qdpx` archive: `project.qde` plus `sources/<guid>.txt` for every text source and note
 * (UTF-8, no BOM), deflated by fflate. Entry times come from `modified` (default: the project's
 * `modifiedDateTime`, else 1980-01-01), so the same model always gives the same bytes.
 *
 * @example
 * const bytes = writeQdpx(project); // Uint8Array, starts with 'PK'
 */
export function writeQdpx(project: RefiProject, options: { readonly modified?: Date } = {}): Uint8Array {
  const xml = writeProjectXml(project);
  const mtime = options.modified ?? (project.modifiedDateTime ? new Date(project.modifiedDateTime) : new Date('1980-01-01T00:00:00Z'));
  const safeTime = Number.isNaN(mtime.getTime()) || mtime.getUTCFullYear() < 1980 ? new Date('1980-01-01T00:00:00Z') : mtime;
  const files: Zippable = { [projectEntryName]: strToU8(xml) };
  for (const item of [...project.sources, ...project.notes]) files[`${sourcesFolder}/${item.guid}.txt`] = strToU8(item.text);
  return zipSync(files, { level: 6, mtime: safeTime });
}

function writeCode(xml: XmlWriter, code: RefiCode, withNotes: boolean): void {
  xml.element('Code', [['guid', code.guid], ['name', code.name], ['isCodable', code.isCodable], ['color', code.color]], () => {
    xml.optionalText('Description', code.description);
    if (withNotes) for (const guid of code.noteGuids) xml.empty('NoteRef', [['targetGUID', guid]]);
    for (const child of code.children) writeCode(xml, child, withNotes);
  });
}

function writeVariable(xml: XmlWriter, variable: RefiVariable): void {
  xml.element('Variable', [['guid', variable.guid], ['name', variable.name], ['typeOfVariable', variable.type]], () => {
    xml.optionalText('Description', variable.description);
  });
}

function writeValue(xml: XmlWriter, value: RefiVariableValue, types: ReadonlyMap<string, RefiVariableType>): void {
  xml.open('VariableValue');
  xml.empty('VariableRef', [['targetGUID', value.variableGuid]]);
  const type = types.get(value.variableGuid)!;
  xml.text(`${type}Value`, formatValue(type, value.value));
  xml.close('VariableValue');
}

/** The text of a value; the model check has already matched it to its variable's type. */
function formatValue(type: RefiVariableType, value: string | number | boolean): string {
  if (type === RefiVariableType.float && typeof value === 'number') return toXsdDecimal(value);
  return String(value);
}

function writeCase(xml: XmlWriter, kase: RefiCase, types: ReadonlyMap<string, RefiVariableType>): void {
  xml.element('Case', [['guid', kase.guid], ['name', kase.name]], () => {
    xml.optionalText('Description', kase.description);
    for (const value of kase.values) writeValue(xml, value, types);
    for (const guid of kase.sourceGuids) xml.empty('SourceRef', [['targetGUID', guid]]);
  });
}

function writeSource(xml: XmlWriter, source: RefiTextSource, types: ReadonlyMap<string, RefiVariableType>): void {
  xml.element(
    'TextSource',
    [
      ['guid', source.guid],
      ['name', source.name],
      ['plainTextPath', `internal://${source.guid}.txt`],
      ['creatingUser', source.creatingUser],
      ['creationDateTime', source.creationDateTime],
      ['modifyingUser', source.modifyingUser],
      ['modifiedDateTime', source.modifiedDateTime],
    ],
    () => {
      xml.optionalText('Description', source.description);
      for (const selection of source.selections) writeSelection(xml, selection);
      for (const guid of source.noteGuids) xml.empty('NoteRef', [['targetGUID', guid]]);
      for (const value of source.values) writeValue(xml, value, types);
    },
  );
}

function writeSelection(xml: XmlWriter, selection: RefiSelection): void {
  xml.element(
    'PlainTextSelection',
    [
      ['guid', selection.guid],
      ['name', selection.name],
      ['startPosition', selection.start],
      ['endPosition', selection.end],
      ['creatingUser', selection.creatingUser],
      ['creationDateTime', selection.creationDateTime],
      ['modifyingUser', selection.modifyingUser],
      ['modifiedDateTime', selection.modifiedDateTime],
    ],
    () => {
      xml.optionalText('Description', selection.description);
      for (const coding of selection.codings) writeCoding(xml, coding);
      for (const guid of selection.noteGuids) xml.empty('NoteRef', [['targetGUID', guid]]);
    },
  );
}

function writeCoding(xml: XmlWriter, coding: RefiCoding): void {
  xml.open('Coding', [['guid', coding.guid], ['creatingUser', coding.creatingUser], ['creationDateTime', coding.creationDateTime]]);
  xml.empty('CodeRef', [['targetGUID', coding.codeGuid]]);
  for (const guid of coding.noteGuids) xml.empty('NoteRef', [['targetGUID', guid]]);
  xml.close('Coding');
}

function writeNote(xml: XmlWriter, note: RefiNote): void {
  xml.empty('Note', [
    ['guid', note.guid],
    ['name', note.name],
    ['plainTextPath', `internal://${note.guid}.txt`],
    ['creatingUser', note.creatingUser],
    ['creationDateTime', note.creationDateTime],
    ['modifyingUser', note.modifyingUser],
    ['modifiedDateTime', note.modifiedDateTime],
  ]);
}

function writeSet(xml: XmlWriter, set: RefiSet): void {
  xml.element('Set', [['guid', set.guid], ['name', set.name]], () => {
    xml.optionalText('Description', set.description);
    for (const guid of set.codeGuids) xml.empty('MemberCode', [['targetGUID', guid]]);
    for (const guid of set.sourceGuids) xml.empty('MemberSource', [['targetGUID', guid]]);
    for (const guid of set.noteGuids) xml.empty('MemberNote', [['targetGUID', guid]]);
  });
}
