import { describe, expect, it } from 'vitest';
import { CodePointIndex, type RefiProject, type RefiSelection } from '../refi/index.ts';
import { codingsTableOf } from './refi-codings.ts';

const text = 'I: Why? 😤 P: It was pushed on us, honestly 👩‍👩‍👧 — then we pulled.';

/** A selection of `phrase` in code points, as the `.qdpx` export writes it. */
function select(phrase: string, code: string, user: string, memo: string | null = null): RefiSelection {
  const at = text.indexOf(phrase);
  const range = new CodePointIndex(text).rangeToCodePoints(at, at + phrase.length);
  if (!range.ok) throw new Error('bad phrase');
  return {
    guid: `s-${phrase}-${user}`,
    name: null,
    start: range.start,
    end: range.end,
    creatingUser: user,
    creationDateTime: '2024-05-01T09:00:00.000Z',
    modifyingUser: user,
    modifiedDateTime: '2024-05-03T09:00:00.000Z',
    description: memo,
    codings: [{ guid: `c-${phrase}-${user}`, codeGuid: code, creatingUser: user, creationDateTime: '2024-05-01T09:00:00.000Z', noteGuids: [] }],
    noteGuids: [],
  };
}

const project: RefiProject = {
  name: 'Kit study',
  origin: 'Accord test',
  creatingUser: null,
  creationDateTime: null,
  modifyingUser: null,
  modifiedDateTime: null,
  basePath: null,
  description: null,
  users: [
    { guid: 'u-ana', name: 'Ana Ortiz', id: 'ana' },
    { guid: 'u-consensus', name: 'Consensus', id: 'consensus' },
  ],
  codes: [
    {
      guid: 'stages',
      name: 'Stages',
      isCodable: true,
      color: null,
      description: null,
      noteGuids: [],
      children: [{ guid: 'push', name: 'Push', isCodable: true, color: null, description: null, noteGuids: [], children: [{ guid: 'mandate', name: 'Mandate', isCodable: true, color: null, description: null, noteGuids: [], children: [] }] }],
    },
    { guid: 'pull', name: 'Pull', isCodable: true, color: null, description: null, noteGuids: [], children: [] },
  ],
  variables: [
    { guid: 'v-role', name: 'Role', type: 'Text', description: null },
    { guid: 'v-years', name: 'Years', type: 'Float', description: null },
  ],
  cases: [{ guid: 'case-1', name: 'P07', description: null, values: [{ variableGuid: 'v-years', value: 12.5 }], sourceGuids: ['doc-1'] }],
  sources: [
    {
      guid: 'doc-1',
      name: 'P07',
      text,
      description: null,
      creatingUser: null,
      creationDateTime: null,
      modifyingUser: null,
      modifiedDateTime: null,
      selections: [select('pushed on us, honestly 👩‍👩‍👧', 'mandate', 'u-ana', 'Note the emoji.'), select('pushed on us, honestly 👩‍👩‍👧', 'push', 'u-consensus'), select('pulled', 'pull', 'u-ana')],
      noteGuids: [],
      values: [],
    },
    { guid: 'doc-2', name: 'P12', text: 'Nothing coded.', description: null, creatingUser: null, creationDateTime: null, modifyingUser: null, modifiedDateTime: null, selections: [], noteGuids: [], values: [] },
  ],
  notes: [],
  sets: [],
  noteGuids: [],
};

describe('codingsTableOf', () => {
  const table = codingsTableOf(project);

  it('gives one row per coding, every layer and the consensus, with the code path and the coder by name', () => {
    expect(table.attributeLabels).toEqual(['Role', 'Years']);
    expect(table.rows.map((r) => [r.document, r.codePath, r.coder, r.text, r.memo])).toEqual([
      ['P07', 'Stages / Push / Mandate', 'Ana Ortiz', 'pushed on us, honestly 👩‍👩‍👧', 'Note the emoji.'],
      ['P07', 'Stages / Push', 'Consensus', 'pushed on us, honestly 👩‍👩‍👧', ''],
      ['P07', 'Pull', 'Ana Ortiz', 'pulled', ''],
    ]);
  });

  it('counts positions in UTF-16 units, as the editor does, so text is the slice they span', () => {
    for (const row of table.rows) expect(text.slice(row.start, row.end)).toBe(row.text);
    // 😤 comes before the first passage: one code point, two UTF-16 units.
    expect(table.rows[0]!.start).toBe(text.indexOf('pushed'));
    expect(table.rows[2]!.end).toBe(text.indexOf('pulled') + 'pulled'.length);
  });

  it('takes attribute values from the document’s case, empty where it has none, and the dates as written', () => {
    expect(table.rows[0]!.attributes).toEqual([null, 12.5]);
    expect([table.rows[0]!.created, table.rows[0]!.modified]).toEqual(['2024-05-01T09:00:00.000Z', '2024-05-03T09:00:00.000Z']);
  });
});
