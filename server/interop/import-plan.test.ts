import { describe, expect, it } from 'vitest';
import { refiGuid, type RefiCode, type RefiProject } from '../../shared/refi/index.ts';
import { codeFixture } from '../../tests/support/code-fixture.ts';
import { emptyProject, planCodes, planImport } from './import-plan.ts';
import { codeDescription, codeOfDescription } from './refi-codebook.ts';

const refiCode = (guid: string, name: string, children: RefiCode[] = [], description: string | null = null): RefiCode => ({ guid, name, isCodable: true, color: null, description, noteGuids: [], children });
const options = { ownerId: 'owner', now: Date.UTC(2026, 0, 1) };

describe('planCodes', () => {
  const existing = [
    codeFixture('stages', { name: 'Stages', order: 0 }),
    codeFixture('push', { name: 'Push', parentId: 'stages', order: 0, isStage: true, stageOrder: 1 }),
    codeFixture('trust', { name: 'Trust', order: 1 }),
    codeFixture('cost-a', { name: 'Cost', order: 2 }),
    codeFixture('cost-b', { name: 'Cost', parentId: 'trust', order: 0 }),
  ];

  it('matches by GUID, then by path (ignoring case and spaces), then by a unique name; adds the rest under their parent', () => {
    const plan = planCodes(
      existing,
      [
        refiCode(refiGuid('code', 'trust'), 'Renamed trust', [refiCode('g-new', 'Distrust')]),
        refiCode('g-stages', ' stages ', [refiCode('g-push', 'PUSH'), refiCode('g-pull', 'Pull')]),
        refiCode('g-cost', 'Cost'),
        refiCode('g-sub', 'Else', [refiCode('g-push-2', 'Push')]),
      ],
      [{ guid: 's', name: 'Stages', description: null, codeGuids: ['g-push', 'g-pull'] }],
      options,
    );
    expect(plan.items.matched.map((i) => [i.name, i.reason])).toEqual([
      ['Renamed trust', 'It has the same identifier (GUID) as a code of this project.'],
      [' stages ', 'A code with the same path is already in the codebook.'],
      [' stages  / PUSH', 'A code with the same path is already in the codebook.'],
      // "Cost" is the path of a top-level code: path beats the ambiguous name.
      ['Cost', 'A code with the same path is already in the codebook.'],
    ]);
    expect(plan.codeIdOf.get('g-push')).toBe('push');
    expect(plan.codeIdOf.get('g-cost')).toBe('cost-a');
    // Under a new parent nothing is matched: "Else / Push" is a new code even though Push exists.
    expect(plan.items.added.map((i) => i.name)).toEqual(['Renamed trust / Distrust', ' stages  / Pull', 'Else', 'Else / Push']);
    const pull = plan.added.find((c) => c.name === 'Pull')!;
    expect(pull).toMatchObject({ parentId: 'stages', order: 1, isStage: true, stageOrder: 3 });
    expect(plan.added.find((c) => c.name === 'Distrust')).toMatchObject({ parentId: 'trust', order: 1, isStage: false });
  });

  it('takes a unique name anywhere in the tree, but never an ambiguous one', () => {
    const plan = planCodes(existing, [refiCode('g1', 'push'), refiCode('g2', 'cost', [])], [], options);
    // "push" is only under Stages; "cost" is a top-level path, so matched by path.
    expect(plan.codeIdOf.get('g1')).toBe('push');
    expect(plan.items.matched[0]!.reason).toBe('The codebook has one code of this name (Stages / Push).');
    const nested = planCodes(existing.filter((c) => c.id !== 'cost-a'), [refiCode('g3', 'Renamed', [refiCode('g4', 'Cost')])], [], options);
    expect(nested.items.added.map((i) => i.name)).toEqual(['Renamed', 'Renamed / Cost']);
  });

  it('lists sets of codes Accord has no place for', () => {
    const plan = planCodes([], [refiCode('a', 'A')], [{ guid: 's', name: 'Favourites', description: null, codeGuids: ['a'] }], options);
    expect(plan.items.ignored).toEqual([{ kind: 'set', name: 'Favourites', reason: 'A set of 1 code: Accord groups codes by their hierarchy, stages and domains only.' }]);
  });
});

describe('codeOfDescription', () => {
  it('splits Accord’s labelled paragraphs back into criteria and examples', () => {
    const code = { definition: 'Help from outside.\n\nSecond paragraph.', inclusion: 'Mandates.', exclusion: 'Complaints.', examples: ['“They came.”', 'Two\nlines.'] };
    expect(codeOfDescription(codeDescription(code))).toEqual(code);
    expect(codeOfDescription(null)).toEqual({ definition: '', inclusion: '', exclusion: '', examples: [] });
    expect(codeOfDescription('Includes: not a label.')).toMatchObject({ definition: 'Includes: not a label.', inclusion: '' });
  });
});

describe('planImport', () => {
  const file = (over: Partial<RefiProject>): RefiProject => ({ ...emptyProject.refi, name: 'F', ...over });

  it('lists a source Accord cannot take (an empty text) with its lost passages, and places the rest', () => {
    const plan = planImport(
      emptyProject,
      file({
        codes: [refiCode('c', 'C')],
        users: [{ guid: 'u', name: 'Una', id: null }],
        sources: [
          { guid: 's1', name: 'Empty', text: '', description: null, creatingUser: null, creationDateTime: null, modifyingUser: null, modifiedDateTime: null, selections: [], noteGuids: [], values: [] },
          {
            guid: 's2',
            name: 'Kept 😀',
            text: 'Hi 😀 there',
            description: null,
            creatingUser: null,
            creationDateTime: null,
            modifyingUser: null,
            modifiedDateTime: null,
            noteGuids: [],
            values: [],
            selections: [{ guid: 'sel', name: null, start: 5, end: 10, creatingUser: 'u', creationDateTime: null, modifyingUser: null, modifiedDateTime: null, description: 'm', noteGuids: [], codings: [{ guid: 'k', codeGuid: 'c', creatingUser: 'u', creationDateTime: null, noteGuids: [] }] }],
          },
        ],
      }),
      { skipped: [], warnings: [] },
      { ...options, consensus: 'import' },
    );
    expect(plan.report.ignored.map((i) => i.name)).toEqual(['Empty']);
    expect(plan.report.ignored[0]!.reason).toMatch(/empty/);
    // Code points 5–10 of "Hi 😀 there" are "there": UTF-16 6–11.
    expect(plan.layers).toEqual([{ name: 'Una', codings: [expect.objectContaining({ start: 6, end: 11, memo: 'm' })] }]);
  });

  it('types a variable with Accord’s "Category:" description as a category, and lists values outside it', () => {
    const plan = planImport(
      emptyProject,
      file({
        variables: [{ guid: 'v', name: 'Role', type: 'Text', description: 'Category: Nurse, Doctor' }],
        cases: [{ guid: 'k', name: null, description: null, sourceGuids: ['s1', 's2'], values: [{ variableGuid: 'v', value: 'Nurse' }] }],
        sources: ['s1', 's2'].map((guid) => ({ guid, name: guid, text: `Text of ${guid}`, description: null, creatingUser: null, creationDateTime: null, modifyingUser: null, modifiedDateTime: null, selections: [], noteGuids: [], values: guid === 's2' ? [{ variableGuid: 'v', value: 'Porter' }] : [] })),
      }),
      { skipped: [], warnings: [] },
      { ...options, consensus: 'import' },
    );
    expect(plan.fields).toEqual([{ key: 'f1', label: 'Role', type: 'category', options: ['Nurse', 'Doctor'] }]);
    expect(plan.attributeUpdates.map((u) => u.attributes)).toEqual([{ f1: 'Nurse' }, { f1: 'Nurse' }]);
    expect(plan.report.ignored).toEqual([{ kind: 'attribute', name: 's2: Role', reason: '“Porter” is not one of the category’s options.' }]);
  });
});
