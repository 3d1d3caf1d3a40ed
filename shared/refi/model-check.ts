import { CodePointIndex } from './code-points.ts';
import { RefiError } from './refi-error.ts';
import { isRefiGuid } from './refi-guid.ts';
import { RefiVariableType, walkCodes, type RefiCode, type RefiProject, type RefiVariable, type RefiVariableValue } from './refi-model.ts';

export const dateTimePattern = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
export const datePattern = /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/;
const colorPattern = /^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$/;

/**
 * Checks what the schema checks (GUID, date and colour shapes, integer positions) and what it
 * cannot (unique GUIDs, references that resolve, selections inside their text), so a file Accord
 * writes is one every other tool can open. Throws `RefiError('invalidModel')` naming the object.
 */
export class ModelChecker {
  private readonly guids = new Map<string, string>();

  claim(guid: string, what: string): void {
    if (!isRefiGuid(guid)) throw invalidModel(`${what} has the GUID "${guid}", which is not a GUID`);
    const key = guid.replace(/[{}]/g, '').toLowerCase();
    const earlier = this.guids.get(key);
    if (earlier !== undefined) throw invalidModel(`${what} has the same GUID as ${earlier} (${guid})`);
    this.guids.set(key, what);
  }

  dateTime(value: string | null, what: string): void {
    if (value !== null && !dateTimePattern.test(value)) throw invalidModel(`${what} has the date "${value}", which is not an xsd:dateTime`);
  }

  /** Claims every code's GUID and checks its colour; returns the set of code GUIDs. */
  codes(codes: readonly RefiCode[]): Set<string> {
    const guids = new Set<string>();
    for (const code of walkCodes(codes)) {
      this.claim(code.guid, `code "${code.name}"`);
      if (code.color !== null && !colorPattern.test(code.color)) throw invalidModel(`code "${code.name}" has the colour "${code.color}", which is not #rrggbb`);
      guids.add(code.guid);
    }
    return guids;
  }

  reference(guid: string | null, kind: ReadonlySet<string>, what: string): void {
    if (guid !== null && !kind.has(guid)) throw invalidModel(`${what} refers to ${guid}, which is not in the project`);
  }
}

export function invalidModel(problem: string): RefiError {
  return new RefiError('invalidModel', `The project cannot be written as QDA-XML: ${problem}.`);
}

/**
 * Throws `RefiError('invalidModel')` unless the project can be written as a valid, self-consistent
 * `project.qde` (see `ModelChecker`), naming the first object at fault.
 */
export function checkProject(project: RefiProject): void {
  const check = new ModelChecker();
  const users = new Set<string>();
  for (const user of project.users) {
    check.claim(user.guid, `user "${user.name ?? user.guid}"`);
    users.add(user.guid);
  }
  check.reference(project.creatingUser, users, 'the project');
  check.reference(project.modifyingUser, users, 'the project');
  check.dateTime(project.creationDateTime, 'the project');
  check.dateTime(project.modifiedDateTime, 'the project');
  const codes = check.codes(project.codes);
  const notes = new Set<string>();
  for (const note of project.notes) {
    const what = `note "${note.name ?? note.guid}"`;
    check.claim(note.guid, what);
    checkAuthorship(check, note, users, what);
    notes.add(note.guid);
  }
  const noteRefs = (guids: readonly string[], what: string) => guids.forEach((guid) => check.reference(guid, notes, what));
  for (const code of walkCodes(project.codes)) noteRefs(code.noteGuids, `code "${code.name}"`);
  const variables = new Map<string, RefiVariable>();
  for (const variable of project.variables) {
    check.claim(variable.guid, `variable "${variable.name}"`);
    if (!Object.values(RefiVariableType).includes(variable.type)) throw invalidModel(`variable "${variable.name}" has the unknown type "${variable.type}"`);
    variables.set(variable.guid, variable);
  }
  const sources = new Set<string>();
  for (const source of project.sources) {
    const what = `source "${source.name}"`;
    check.claim(source.guid, what);
    checkAuthorship(check, source, users, what);
    noteRefs(source.noteGuids, what);
    source.values.forEach((value) => checkValue(value, variables, what));
    sources.add(source.guid);
    const length = new CodePointIndex(source.text).codePointLength;
    for (const selection of source.selections) {
      const where = `the selection ${selection.start}–${selection.end} of ${what}`;
      check.claim(selection.guid, where);
      checkAuthorship(check, selection, users, where);
      noteRefs(selection.noteGuids, where);
      const { start, end } = selection;
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end > length) {
        throw invalidModel(`${where} is not within its ${length} characters`);
      }
      for (const coding of selection.codings) {
        check.claim(coding.guid, `a coding of ${where}`);
        check.reference(coding.codeGuid, codes, `a coding of ${where}`);
        check.reference(coding.creatingUser, users, `a coding of ${where}`);
        check.dateTime(coding.creationDateTime, `a coding of ${where}`);
        noteRefs(coding.noteGuids, `a coding of ${where}`);
      }
    }
  }
  for (const kase of project.cases) {
    const what = `case "${kase.name ?? kase.guid}"`;
    check.claim(kase.guid, what);
    kase.values.forEach((value) => checkValue(value, variables, what));
    kase.sourceGuids.forEach((guid) => check.reference(guid, sources, what));
  }
  for (const set of project.sets) {
    const what = `set "${set.name}"`;
    check.claim(set.guid, what);
    set.codeGuids.forEach((guid) => check.reference(guid, codes, what));
    set.sourceGuids.forEach((guid) => check.reference(guid, sources, what));
    noteRefs(set.noteGuids, what);
  }
  noteRefs(project.noteGuids, 'the project');
}

function checkAuthorship(
  check: ModelChecker,
  item: { readonly creatingUser: string | null; readonly modifyingUser: string | null; readonly creationDateTime: string | null; readonly modifiedDateTime: string | null },
  users: ReadonlySet<string>,
  what: string,
): void {
  check.reference(item.creatingUser, users, what);
  check.reference(item.modifyingUser, users, what);
  check.dateTime(item.creationDateTime, what);
  check.dateTime(item.modifiedDateTime, what);
}

function checkValue(value: RefiVariableValue, variables: ReadonlyMap<string, RefiVariable>, what: string): void {
  const variable = variables.get(value.variableGuid);
  if (!variable) throw invalidModel(`a value of ${what} refers to the variable ${value.variableGuid}, which is not in the project`);
  const v = value.value;
  const ok =
    variable.type === RefiVariableType.text
      ? typeof v === 'string'
      : variable.type === RefiVariableType.boolean
        ? typeof v === 'boolean'
        : variable.type === RefiVariableType.integer
          ? Number.isSafeInteger(v) || (typeof v === 'string' && /^[+-]?\d+$/.test(v))
          : variable.type === RefiVariableType.float
            ? typeof v === 'number' && Number.isFinite(v)
            : variable.type === RefiVariableType.date
              ? typeof v === 'string' && datePattern.test(v)
              : typeof v === 'string' && dateTimePattern.test(v);
  if (!ok) throw invalidModel(`the value ${JSON.stringify(v)} of ${what} is not a valid ${variable.type} for variable "${variable.name}"`);
}
