import { CodePointIndex, type RefiCode, type RefiProject } from '../refi/index.ts';
import { codePathSeparator } from './codebook-outline.ts';
import type { CodingsRow, CodingsTable } from './codings-table.ts';

/**
 * The codings of a project as the `.qdpx` export gathers it (every member's layer and the
 * consensus, each document's layers resolved against one snapshot of its transcript, the codings
 * that cannot be placed already left out) as table rows: documents in the project's order, each
 * document's codings by position, then layer. Positions go back from code points to the editor's
 * UTF-16 offsets, and `text` is the passage they span; attribute values come from each document's
 * case.
 *
 * @example
 * codingsTableOf(readProjectExport(…).project).rows[0]
 * // { document: 'P07', attributes: ['coach', 12.5], codePath: 'Stages / Push', coder: 'Ana Ortiz', start: 120, end: 152, text: 'It was pushed on us…', … }
 */
export function codingsTableOf(project: RefiProject): CodingsTable {
  const paths = new Map<string, string>();
  const walk = (codes: readonly RefiCode[], parent: string) => {
    for (const code of codes) {
      const path = parent === '' ? code.name : `${parent}${codePathSeparator}${code.name}`;
      paths.set(code.guid, path);
      walk(code.children, path);
    }
  };
  walk(project.codes, '');
  const coders = new Map(project.users.map((user) => [user.guid, user.name ?? user.id ?? user.guid]));
  const column = new Map(project.variables.map((variable, i) => [variable.guid, i]));
  const attributesOf = new Map<string, (string | number | null)[]>();
  for (const projectCase of project.cases) {
    const values: (string | number | null)[] = project.variables.map(() => null);
    for (const { variableGuid, value } of projectCase.values) {
      const i = column.get(variableGuid);
      if (i !== undefined) values[i] = typeof value === 'boolean' ? String(value) : value;
    }
    for (const source of projectCase.sourceGuids) attributesOf.set(source, values);
  }

  const noValues = project.variables.map(() => null);
  const rows: CodingsRow[] = [];
  for (const source of project.sources) {
    const index = new CodePointIndex(source.text);
    const attributes = attributesOf.get(source.guid) ?? noValues;
    for (const selection of source.selections) {
      // Code points of a text always convert back; a selection that did not would be a broken model.
      const range = index.rangeToUtf16(selection.start, selection.end);
      if (!range.ok) throw new Error(`A selection of ${source.name} lies outside its text (${range.problem}).`);
      for (const coding of selection.codings) {
        const coder = coding.creatingUser ?? selection.creatingUser;
        rows.push({
          document: source.name,
          attributes,
          codePath: paths.get(coding.codeGuid) ?? coding.codeGuid,
          coder: coder === null ? '' : (coders.get(coder) ?? coder),
          start: range.start,
          end: range.end,
          text: source.text.slice(range.start, range.end),
          memo: selection.description ?? '',
          created: coding.creationDateTime ?? selection.creationDateTime,
          modified: selection.modifiedDateTime ?? coding.creationDateTime ?? selection.creationDateTime,
        });
      }
    }
  }
  return { attributeLabels: project.variables.map((variable) => variable.name), rows };
}
