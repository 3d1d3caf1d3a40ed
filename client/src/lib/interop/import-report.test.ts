import { describe, expect, it } from 'vitest';
import type { ImportPlanReport, ProjectImportResponse } from '../../../../shared/api/index.ts';
import { collapseAbove, collapsedLength, describeNewProject, describePlan, groupByKind, isCollapsible, kindLabel, visibleItems, type ReportGroup } from './import-report.ts';

describe('groupByKind', () => {
  it('groups by kind in a researcher’s order — documents, layers, codes, codings — keeping the file’s order inside each', () => {
    const groups = groupByKind([
      { kind: 'coding', name: 'P07.txt: 10–20', reason: 'Its code was not imported.' },
      { kind: 'code', name: 'Push' },
      { kind: 'document', name: 'P12' },
      { kind: 'code', name: 'Pull' },
      { kind: 'layer', name: 'Ana', codings: 12 },
      { kind: 'document', name: 'P07' },
    ]);
    expect(groups.map((g) => [g.label, g.items.map((i) => i.name)])).toEqual([
      ['Documents', ['P12', 'P07']],
      ['Coder layers', ['Ana']],
      ['Codes', ['Push', 'Pull']],
      ['Codings', ['P07.txt: 10–20']],
    ]);
  });

  it('says why for a left-out item, and how many codings a coder layer brings', () => {
    const [layers, codings] = groupByKind([
      { kind: 'layer', name: 'Ana', codings: 1 },
      { kind: 'layer', name: 'Ben', codings: 1200, reason: 'Matched by name.' },
      { kind: 'coding', name: 'x', reason: '  Out of range.  ' },
    ]);
    expect(layers!.items.map((i) => i.detail)).toEqual(['1 coding', `${(1200).toLocaleString()} codings — Matched by name.`]);
    expect(codings!.items[0]!.detail).toBe('Out of range.');
  });

  it('puts kinds it does not know after the known ones, alphabetically, and the reader’s "N more" line last', () => {
    const groups = groupByKind([
      { kind: 'more', name: '40 more', reason: '40 more items were skipped.' },
      { kind: 'widget', name: 'w' },
      { kind: 'element', name: 'Graphs', reason: 'Not imported.' },
      { kind: 'gadget', name: 'g' },
      { kind: 'source', name: 'P01', reason: 'No text.' },
    ]);
    expect(groups.map((g) => g.label)).toEqual(['Sources', 'Other parts of the file', 'Gadget', 'Widget', 'Not listed']);
  });

  it('is empty for no items', () => {
    expect(groupByKind([])).toEqual([]);
  });
});

describe('kindLabel', () => {
  it('names every kind of the import contract', () => {
    for (const kind of ['document', 'code', 'layer', 'coding', 'consensus', 'attribute', 'memo', 'set', 'source', 'selection', 'note', 'user', 'case', 'file']) {
      expect(kindLabel(kind)).not.toBe(kind);
      expect(kindLabel(kind)).toMatch(/^[A-Z]/);
    }
  });
});

describe('collapsing long groups', () => {
  const group = (n: number): ReportGroup => ({ kind: 'code', label: 'Codes', items: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, detail: null })) });

  it(`shows a group of up to ${collapseAbove} items whole`, () => {
    expect(isCollapsible(group(collapseAbove))).toBe(false);
    expect(visibleItems(group(collapseAbove), false)).toHaveLength(collapseAbove);
  });

  it(`shows the first ${collapsedLength} of a longer group until expanded`, () => {
    const long = group(collapseAbove + 1);
    expect(isCollapsible(long)).toBe(true);
    expect(visibleItems(long, false).map((i) => i.name)).toEqual(Array.from({ length: collapsedLength }, (_, i) => `c${i}`));
    expect(visibleItems(long, true)).toHaveLength(collapseAbove + 1);
  });
});

describe('describeNewProject', () => {
  const response: ProjectImportResponse = {
    project: { id: 'p1', name: 'Kit study' },
    report: {
      documents: 2,
      codes: 5,
      codings: 1,
      layers: 3,
      skipped: [
        { kind: 'element', name: 'Graphs', reason: 'Not imported.' },
        { kind: 'source', name: 'P09', reason: 'Its text file is missing.' },
      ],
      warnings: [],
    },
  };

  it('counts documents, codes, codings and coder layers, in the singular where one', () => {
    expect(describeNewProject(response).counts).toEqual([
      { value: 2, label: 'documents' },
      { value: 5, label: 'codes' },
      { value: 1, label: 'coding' },
      { value: 3, label: 'coder layers' },
    ]);
  });

  it('titles the report with the new project’s name and lists what was skipped, by kind', () => {
    const view = describeNewProject(response);
    expect(view.title).toBe('Imported “Kit study”');
    expect(view.sections).toHaveLength(1);
    expect(view.sections[0]).toMatchObject({ key: 'ignored', heading: 'Not imported', total: 2 });
    expect(view.sections[0]!.groups.map((g) => g.label)).toEqual(['Sources', 'Other parts of the file']);
  });

  it('shows what was read differently in its own section', () => {
    const view = describeNewProject({ ...response, report: { ...response.report, warnings: [{ kind: 'project', name: 'Kit study', reason: 'No namespace: read as QDA-XML 1.0.' }] } });
    expect(view.sections.map((s) => [s.key, s.total])).toEqual([['ignored', 2], ['changed', 1]]);
  });

  it('has no "Not imported" section when nothing was skipped', () => {
    expect(describeNewProject({ ...response, report: { ...response.report, skipped: [] } }).sections).toEqual([]);
  });
});

describe('describePlan', () => {
  const plan: ImportPlanReport = {
    added: [
      { kind: 'document', name: 'P12' },
      { kind: 'layer', name: 'Ana', codings: 14 },
      { kind: 'code', name: 'Emotion / Relief' },
    ],
    matched: [{ kind: 'document', name: 'P07', reason: 'Same text as “P07 – interview”.' }],
    ignored: [{ kind: 'set', name: 'Favourites', reason: 'Sets other than stages and domains are not imported.' }],
    warnings: [],
    documents: 1,
    codes: 1,
    layers: 1,
    codings: 14,
  };

  it('words a preview as what would happen, and the import as what did', () => {
    const preview = describePlan(plan, 'preview', 'project');
    expect(preview.title).toBe('What this file brings');
    expect(preview.sections.map((s) => s.heading)).toEqual(['To be added', 'Already in this project', 'Will not be imported']);
    const final = describePlan(plan, 'final', 'project');
    expect(final.title).toBe('Imported into this project');
    expect(final.sections.map((s) => s.heading)).toEqual(['Added', 'Already in this project', 'Not imported']);
  });

  it('counts the added documents, codes, coder layers and codings of a project import', () => {
    expect(describePlan(plan, 'preview', 'project').counts.map((c) => `${c.value} ${c.label}`)).toEqual(['1 document', '1 code', '1 coder layer', '14 codings']);
  });

  it('shows the added coder layer with its codings', () => {
    const added = describePlan(plan, 'preview', 'project').sections[0]!;
    expect(added.groups.find((g) => g.kind === 'layer')!.items).toEqual([{ name: 'Ana', detail: '14 codings' }]);
  });

  it('counts codes only for a codebook import, and says where they are matched', () => {
    const view = describePlan({ ...plan, added: [{ kind: 'code', name: 'Push' }], documents: 0, layers: 0, codings: 0 }, 'final', 'codebook');
    expect(view.title).toBe('Imported into the codebook');
    expect(view.counts).toEqual([{ value: 1, label: 'code' }]);
    expect(view.sections.map((s) => s.heading)).toContain('Already in the codebook');
  });

  it('says a file brings nothing new instead of showing an empty plan', () => {
    const nothing: ImportPlanReport = { ...plan, added: [], documents: 0, codes: 0, layers: 0, codings: 0 };
    const view = describePlan(nothing, 'preview', 'project');
    expect(view.nothingNew).toBe('This file brings nothing new: everything in it is already in this project, or cannot be imported.');
    expect(view.sections.map((s) => s.key)).toEqual(['matched', 'ignored']);
    expect(describePlan(plan, 'preview', 'project').nothingNew).toBeNull();
  });
});
